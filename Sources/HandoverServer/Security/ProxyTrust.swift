import Foundation
import HTTPTypes
import HandoverCore
import Hummingbird

/// Who sent a request and whether it came over HTTPS. `X-Forwarded-For` and `X-Forwarded-Proto` are believed only
/// from `--trusted-proxy` addresses: anyone else could write them to dodge the failed sign-in limit or to pass for
/// HTTPS.
struct ProxyTrust: Sendable {
    let trustedProxies: [AddressRange]
    /// The server terminates TLS itself, or `--public-url` says browsers reach it over HTTPS through a proxy.
    let alwaysHTTPS: Bool

    func clientAddress(_ request: Request, peer: String?) -> String {
        guard let peer else { return "unknown" }
        guard isTrusted(peer) else { return peer }
        // Each proxy appends the address it received from: the nearest one not ours is the client.
        let hops = request.headers[values: .xForwardedFor].flatMap { $0.split(separator: ",") }
            .map { $0.trimmingWhitespace() }.filter { AddressRange.bytes(of: $0) != nil }
        return hops.last { !isTrusted($0) } ?? hops.first ?? peer
    }

    func isHTTPS(_ request: Request, peer: String?) -> Bool {
        if alwaysHTTPS { return true }
        guard let peer, isTrusted(peer), let proto = request.headers[.xForwardedProto] else { return false }
        return proto.split(separator: ",").last?.trimmingWhitespace().lowercased() == "https"
    }

    private func isTrusted(_ address: String) -> Bool {
        trustedProxies.contains { $0.contains(address) }
    }
}

extension RemoteAddressRequestContext {
    /// The peer's IP address as text, nil when the connection has none (the router test harness).
    var peerAddress: String? { remoteAddress?.ipAddress }
}

extension HTTPField.Name {
    static let xForwardedFor = Self("X-Forwarded-For")!
    static let xForwardedProto = Self("X-Forwarded-Proto")!
    static let secFetchSite = Self("Sec-Fetch-Site")!
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
}
