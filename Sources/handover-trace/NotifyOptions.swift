import ArgumentParser
import Foundation
import HandoverCore
import Notifications

/// `serve --notify-*`: messages when a failure code crosses its threshold, without Prometheus.
struct NotifyOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            """
            Post a message here when the failed sessions of one code in --notify-window reach --notify-threshold, and another when it \
            clears: a Slack incoming webhook, a Teams Workflows webhook or any JSON receiver. With several servers on one PostgreSQL only \
            one sends. The URL is a secret: it is never logged, and the variable keeps it out of the process list. [HANDOVER_TRACE_NOTIFY_URL]
            """,
            valueName: "url"))
    var notifyURL: String?

    @Option(
        help: ArgumentHelp(
            "What the receiver reads: a Slack message, a Teams Adaptive Card, or plain JSON. [HANDOVER_TRACE_NOTIFY_FORMAT] (default: slack)",
            valueName: "format"))
    var notifyFormat: NotificationFormat?

    @Option(
        help: ArgumentHelp(
            "Failed sessions of one code in the window that make a message. [HANDOVER_TRACE_NOTIFY_THRESHOLD] (default: 5)", valueName: "count"))
    var notifyThreshold: Int?

    @Option(
        help: ArgumentHelp(
            """
            How far back sessions are counted, by their first event, and the least time between two messages about one code: 1m to 24h, \
            such as 15m or 1h. [HANDOVER_TRACE_NOTIFY_WINDOW] (default: 15m)
            """,
            valueName: "duration"))
    var notifyWindow: String?
}

extension NotificationFormat: ExpressibleByArgument {}

extension NotifyOptions {
    /// The settings these options and their variables ask for; nil without a URL. `publicURL` makes the link.
    func resolve(_ environment: EnvironmentDefaults, publicURL: String?) throws -> NotificationSettings? {
        let format: NotificationFormat? = try notifyFormat ?? environment.choice("NOTIFY_FORMAT", option: "--notify-format")
        let threshold = try notifyThreshold ?? environment.integer("NOTIFY_THRESHOLD", option: "--notify-threshold")
        let window = notifyWindow ?? environment.string("NOTIFY_WINDOW")
        guard let url = notifyURL ?? environment.string("NOTIFY_URL") else {
            guard format == nil, threshold == nil, window == nil else {
                throw CommandFailure("--notify-format, --notify-threshold and --notify-window need --notify-url.")
            }
            return nil
        }
        guard let components = URLComponents(string: url), ["http", "https"].contains(components.scheme?.lowercased() ?? ""),
            components.host?.isEmpty == false
        else {
            throw CommandFailure("--notify-url must be an http:// or https:// address, such as a Slack or Teams incoming-webhook URL.")
        }
        var policy = NotificationPolicy()
        if let threshold {
            guard threshold >= 1 else { throw CommandFailure("--notify-threshold must be at least 1.") }
            policy.threshold = threshold
        }
        if let window {
            let now = Date()
            guard let start = TimeExpression.parse(window, now: now), !window.contains("-"), (60...86_400).contains(now.timeIntervalSince(start))
            else { throw CommandFailure("--notify-window \(window) is not a duration from 1m to 24h, such as 15m or 1h.") }
            policy.window = now.timeIntervalSince(start).rounded()
        }
        return NotificationSettings(url: url, format: format ?? .slack, policy: policy, publicURL: publicURL)
    }
}
