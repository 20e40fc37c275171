import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Metrics
import Synchronization

/// Failed authentications: each is logged with the client's address, the route and the reason (never the key),
/// counted by reason, and an address that fails more than `limit` times within `window` is answered 429 until the
/// window ends. A request with a good key always passes: Cognigy's SaaS sends many tenants' flows from shared
/// addresses, so one stranger's bad keys must not lock out another tenant's webhooks.
final class AuthFailureGuard: Sendable {
    struct Settings: Sendable {
        var limit = 20
        var window: TimeInterval = 60
    }

    private struct Entry {
        var windowStart: Date
        var failures: Int
    }

    /// Addresses tracked at once; beyond it new addresses are counted in metrics but not limited.
    static let maxTracked = 10_000
    let settings: Settings
    let trust: ProxyTrust
    private let entries = Mutex<[String: Entry]>([:])
    private let factory: any MetricsFactory

    init(settings: Settings, trust: ProxyTrust, factory: any MetricsFactory) {
        self.settings = settings
        self.trust = trust
        self.factory = factory
    }

    /// Records a failure and returns what to answer: the original 401, or a 429 once the address is over its limit.
    func refuse(_ error: APIError, reason: String, request: Request, context: some RemoteAddressRequestContext, now: Date = Date()) -> APIError {
        let client = trust.clientAddress(request, peer: context.peerAddress)
        Counter(label: "handover_trace_auth_failures_total", dimensions: [("reason", reason)], factory: factory).increment()
        let (failures, retryAfter) = count(client, now: now)
        let metadata: Logger.Metadata = ["client": "\(client)", "route": "\(request.method) \(request.uri.path)", "reason": "\(reason)"]
        guard failures > settings.limit else {
            context.logger.warning("authentication failed", metadata: metadata)
            return error
        }
        if failures == settings.limit + 1 {
            Counter(label: "handover_trace_auth_lockouts_total", factory: factory).increment()
            context.logger.warning(
                "too many failed authentications; refusing this address until its window ends, without logging each",
                metadata: metadata.merging(["failures": "\(failures)", "retryAfter": "\(retryAfter)"]) { $1 })
        }
        return APIError(
            .tooManyRequests, code: "TOO_MANY_AUTH_FAILURES",
            message: "Too many failed authentications from \(client); retry after \(retryAfter) seconds with a valid key.",
            headers: [.retryAfter: String(retryAfter)])
    }

    /// The address's failures in its current window, this one included, and the seconds left in that window.
    private func count(_ client: String, now: Date) -> (Int, Int) {
        entries.withLock { entries in
            var entry = entries[client] ?? Entry(windowStart: now, failures: 0)
            if now.timeIntervalSince(entry.windowStart) >= settings.window { entry = Entry(windowStart: now, failures: 0) }
            entry.failures += 1
            if entries[client] == nil, entries.count >= Self.maxTracked {
                entries = entries.filter { now.timeIntervalSince($0.value.windowStart) < settings.window }
            }
            if entries[client] != nil || entries.count < Self.maxTracked { entries[client] = entry }
            let left = settings.window - now.timeIntervalSince(entry.windowStart)
            return (entry.failures, max(1, Int(left.rounded(.up))))
        }
    }
}
