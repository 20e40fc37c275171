import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Metrics
import Synchronization

/// Failed authentications: each is logged with the client's address, the route and the reason (never the key),
/// counted by reason, and an address that fails more than `limit` times within `window` is answered 429 until the
/// window ends, with the right key too: were a right guess let through, the lockout would confirm it, and guessing
/// would go on at full speed. IPv6 clients are counted by their /64, which one client can rotate through at will.
/// Cognigy's SaaS sends many tenants' flows from shared addresses, so a stranger's bad keys can hold a tenant's
/// webhooks for one window; the limit and the window are for that trade-off.
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

    /// The 429 to answer while the client's address is over its limit, before its key is looked at; nil otherwise.
    func lockout(_ request: Request, context: some RemoteAddressRequestContext, now: Date = Date()) -> APIError? {
        let client = Self.counted(trust.clientAddress(request, peer: context.peerAddress))
        let state = entries.withLock { entries -> (failures: Int, retryAfter: Int)? in
            guard let entry = entries[client], now.timeIntervalSince(entry.windowStart) < settings.window else { return nil }
            return (entry.failures, secondsLeft(entry, now))
        }
        guard let state, state.failures > settings.limit else { return nil }
        return tooMany(client, retryAfter: state.retryAfter)
    }

    /// Records a failure and returns what to answer: the original 401, or a 429 once the address is over its limit.
    func refuse(_ error: APIError, reason: String, request: Request, context: some RemoteAddressRequestContext, now: Date = Date()) -> APIError {
        let client = Self.counted(trust.clientAddress(request, peer: context.peerAddress))
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
        return tooMany(client, retryAfter: retryAfter)
    }

    private func tooMany(_ client: String, retryAfter: Int) -> APIError {
        APIError(
            .tooManyRequests, code: "TOO_MANY_AUTH_FAILURES",
            message: "Too many failed authentications from \(client); every request from it is refused for \(retryAfter) more seconds.",
            headers: [.retryAfter: String(retryAfter)])
    }

    /// What one client is counted as: its IPv4 address, or the /64 network of its IPv6 address.
    static func counted(_ address: String) -> String {
        guard let bytes = AddressRange.bytes(of: address), bytes.count == 16 else { return address }
        let groups = stride(from: 0, to: 8, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
        return groups.joined(separator: ":") + "::/64"
    }

    private func secondsLeft(_ entry: Entry, _ now: Date) -> Int {
        max(1, Int((settings.window - now.timeIntervalSince(entry.windowStart)).rounded(.up)))
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
            return (entry.failures, secondsLeft(entry, now))
        }
    }
}
