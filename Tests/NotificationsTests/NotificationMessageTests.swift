import Foundation
import HandoverCore
import Testing

@testable import Notifications

@Suite("Notifications: each receiver's format")
struct NotificationMessageTests {
    let policy = NotificationPolicy(threshold: 5, window: 900)
    let failing = NotificationPolicy.Notice(kind: .failing, code: .notQueued, count: 7)
    let sentAt = Date(timeIntervalSince1970: 1_800_000_000)

    func object(
        _ format: NotificationFormat, _ notice: NotificationPolicy.Notice? = nil, publicURL: String? = "https://trace.example.com/"
    )
        throws -> [String: Any]
    {
        let body = NotificationMessage(notice ?? failing, policy: policy, publicURL: publicURL, sentAt: sentAt).body(format)
        return try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
    }

    @Test func slackGetsTextAndOneMarkdownSectionWithTheActionAndTheLink() throws {
        let message = try object(.slack)
        #expect(message["text"] as? String == "NOT_QUEUED: 7 sessions failed this way in the last 15 minutes (threshold 5)")
        let block = try #require((message["blocks"] as? [[String: Any]])?.first)
        let text = try #require((block["text"] as? [String: Any])?["text"] as? String)
        #expect(block["type"] as? String == "section" && text.contains("*Action:* \(DiagnosisCode.notQueued.entry.action)"))
        #expect(text.contains("<https://trace.example.com/sessions?code=NOT_QUEUED&since=2027-01-15T07%3A45%3A00"))
    }

    @Test func teamsGetsAnAdaptiveCardWithAnOpenURLAction() throws {
        let message = try object(.teams)
        #expect(message["type"] as? String == "message")
        let attachment = try #require((message["attachments"] as? [[String: Any]])?.first)
        #expect(attachment["contentType"] as? String == "application/vnd.microsoft.card.adaptive")
        let card = try #require(attachment["content"] as? [String: Any])
        #expect(card["type"] as? String == "AdaptiveCard" && card["version"] as? String == "1.4")
        let texts = (card["body"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
        #expect(texts.first?.hasPrefix("NOT_QUEUED: 7 sessions") == true && texts.contains { $0.hasPrefix("Action: ") })
        let action = try #require((card["actions"] as? [[String: Any]])?.first)
        #expect(action["type"] as? String == "Action.OpenUrl" && (action["url"] as? String)?.contains("code=NOT_QUEUED") == true)
    }

    @Test func jsonCarriesEveryFieldPlainly() throws {
        let message = try object(.json)
        #expect(message["event"] as? String == "failing" && message["code"] as? String == "NOT_QUEUED")
        #expect(message["count"] as? Int == 7 && message["threshold"] as? Int == 5 && message["windowSeconds"] as? Int == 900)
        #expect(message["action"] as? String == DiagnosisCode.notQueued.entry.action)
        #expect(message["sentAt"] as? String == "2027-01-15T08:00:00.000Z")
    }

    @Test func aClearedMessageHasNoActionAndNoLinkWithoutAPublicURL() throws {
        let cleared = NotificationPolicy.Notice(kind: .cleared, code: .notQueued, count: 1)
        let message = try object(.json, cleared, publicURL: nil)
        #expect(message["event"] as? String == "cleared" && message["action"] == nil && message["consoleUrl"] == nil)
        let card = try object(.teams, cleared, publicURL: nil)
        let content = (card["attachments"] as? [[String: Any]])?.first?["content"] as? [String: Any]
        #expect(content?["actions"] == nil)
    }

    @Test func slackMarkupInTheTextIsEscaped() throws {
        let message = NotificationMessage(failing, policy: policy, publicURL: nil, sentAt: sentAt)
        let body = message.body(.slack)
        #expect(!body.contains("<https://"), "no link without --public-url")
        #expect(NotificationMessage.slackEscaped("a <b> & c") == "a &lt;b&gt; &amp; c")
    }
}
