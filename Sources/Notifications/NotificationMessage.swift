import Foundation
import HandoverCore

/// The receivers `--notify-format` can address.
public enum NotificationFormat: String, Sendable, CaseIterable {
    /// A Slack incoming webhook (`https://hooks.slack.com/services/...`): `text` plus one mrkdwn section.
    case slack
    /// A Microsoft Teams channel's Workflows webhook ("Post to a channel when a webhook request is received"): a
    /// message with one Adaptive Card attachment. Office 365 connector cards are retired, so none is sent.
    case teams
    /// The notice as plain fields, for a receiver of one's own.
    case json
}

/// One notice as the body a receiver of `format` expects.
public struct NotificationMessage: Sendable {
    public let notice: NotificationPolicy.Notice
    public let policy: NotificationPolicy
    /// The console's session list filtered to the code and the window; nil without `--public-url`.
    public let consoleURL: String?
    public let sentAt: Date

    public init(_ notice: NotificationPolicy.Notice, policy: NotificationPolicy, publicURL: String?, sentAt: Date) {
        self.notice = notice
        self.policy = policy
        self.sentAt = sentAt
        consoleURL = publicURL.map { base in
            let since = Timestamps.format(sentAt.addingTimeInterval(-policy.window))
            let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
            let unreserved = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
            return "\(trimmed)/sessions?code=\(notice.code.rawValue)&since=\(since.addingPercentEncoding(withAllowedCharacters: unreserved) ?? since)"
        }
    }

    var headline: String { policy.headline(notice) }
    /// What to do: the catalogue's action while failing; nothing once cleared.
    var action: String? { notice.kind == .failing ? notice.code.entry.action : nil }

    public func body(_ format: NotificationFormat) -> String {
        switch format {
        case .slack: slack.jsonText
        case .teams: teams.jsonText
        case .json: plain.jsonText
        }
    }

    private var plain: JSONValue {
        var fields: [String: JSONValue] = [
            "event": .string(notice.kind.rawValue), "code": .string(notice.code.rawValue), "count": .integer(Int64(notice.count)),
            "threshold": .integer(Int64(policy.threshold)), "windowSeconds": .integer(Int64(policy.window)), "summary": .string(headline),
            "meaning": .string(notice.code.entry.meaning), "sentAt": .string(Timestamps.format(sentAt)),
        ]
        fields["action"] = action.map(JSONValue.string)
        fields["consoleUrl"] = consoleURL.map(JSONValue.string)
        return .object(fields)
    }

    private var slack: JSONValue {
        let escape = Self.slackEscaped
        var lines = ["*\(escape(headline))*", escape(notice.code.entry.meaning)]
        if let action { lines.append("*Action:* \(escape(action))") }
        if let consoleURL { lines.append("<\(consoleURL)|Open these sessions in handover-trace>") }
        let section: JSONValue = .object([
            "type": .string("section"), "text": .object(["type": .string("mrkdwn"), "text": .string(lines.joined(separator: "\n"))]),
        ])
        return .object(["text": .string(headline), "blocks": .array([section])])
    }

    /// Slack's mrkdwn reads &, < and > as markup: escaped, as its documentation asks.
    static func slackEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    private var teams: JSONValue {
        let text = { (value: String, weight: String?) -> JSONValue in
            var block: [String: JSONValue] = ["type": .string("TextBlock"), "text": .string(value), "wrap": .bool(true)]
            if let weight { block["weight"] = .string(weight) }
            return .object(block)
        }
        var body = [text(headline, "Bolder"), text(notice.code.entry.meaning, nil)]
        if let action { body.append(text("Action: \(action)", nil)) }
        var card: [String: JSONValue] = [
            "$schema": .string("http://adaptivecards.io/schemas/adaptive-card.json"), "type": .string("AdaptiveCard"),
            "version": .string("1.4"), "body": .array(body),
        ]
        if let consoleURL {
            card["actions"] = .array([
                .object(["type": .string("Action.OpenUrl"), "title": .string("Open these sessions in handover-trace"), "url": .string(consoleURL)])
            ])
        }
        let attachment: JSONValue = .object(["contentType": .string("application/vnd.microsoft.card.adaptive"), "content": .object(card)])
        return .object(["type": .string("message"), "attachments": .array([attachment])])
    }
}
