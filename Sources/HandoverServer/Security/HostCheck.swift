import Foundation
import HandoverCore
import Hummingbird
import NIOCore

/// DNS rebinding: a page on another site can point its own name at this server's address and read the answers,
/// because the browser thinks it is talking to that site. It cannot change the name the browser puts in `Host`, so
/// a request is answered only when `Host` names this server: a loopback name or address, the address it listens on
/// (every address of this machine when it listens on all of them), the host of `--public-url`, or an
/// `--allowed-host`. A request without `Host` is not from a browser and is judged as before.
struct HostCheckMiddleware<Context: RequestContext>: RouterMiddleware {
    let allowed: AllowedHosts

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let authority = request.head.authority, !allowed.admits(authority: authority) else {
            return try await next(request, context)
        }
        throw APIError.hostNotAllowed(AllowedHosts.host(ofAuthority: authority))
    }
}

/// The names and addresses a request's `Host` may carry, lowercased, without port or brackets.
struct AllowedHosts: Sendable {
    let names: Set<String>

    /// The server's own: loopback, `listenHost` (or every address of this machine for a wildcard), the host of
    /// `publicURL`, and `extra` (`--allowed-host`).
    init(listenHost: String, publicURL: String?, extra: [String], interfaceAddresses: () -> [String] = AllowedHosts.interfaceAddresses) {
        var names: Set<String> = ["localhost", "127.0.0.1", "::1"]
        let listen = Self.host(ofAuthority: listenHost)
        names.insert(listen)
        if Self.isWildcard(listen) { names.formUnion(interfaceAddresses().map { Self.host(ofAuthority: $0) }) }
        if let publicHost = publicURL.flatMap({ URLComponents(string: $0)?.host }) { names.insert(Self.host(ofAuthority: publicHost)) }
        names.formUnion(extra.map { Self.host(ofAuthority: $0) })
        self.names = names
    }

    func admits(authority: String) -> Bool {
        let host = Self.host(ofAuthority: authority)
        if names.contains(host) { return true }
        // Every 127.x address is this machine; so is any name under .localhost (RFC 6761), which resolvers keep local.
        return host.hasSuffix(".localhost") || (host.hasPrefix("127.") && AddressRange.bytes(of: host)?.count == 4)
    }

    /// `Host: Name.Example:8080` → `name.example`, `[::1]:8080` → `::1`; a trailing dot is the same name.
    static func host(ofAuthority authority: String) -> String {
        var text = authority.trimmingWhitespace().lowercased()
        if text.hasPrefix("[") {
            text = String(text.dropFirst().prefix { $0 != "]" })
        } else if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") {
            text = String(text[..<colon])
        }
        return text.hasSuffix(".") ? String(text.dropLast()) : text
    }

    static func isWildcard(_ host: String) -> Bool { ["0.0.0.0", "::", ""].contains(host) }

    /// This machine's own addresses, for a server listening on all of them (a load balancer's health check names
    /// the address it calls).
    static func interfaceAddresses() -> [String] {
        ((try? System.enumerateDevices()) ?? []).compactMap { $0.address?.ipAddress }
    }
}

extension APIError {
    static func hostNotAllowed(_ host: String) -> APIError {
        let shown = host.count > 100 ? String(host.prefix(100)) + "…" : host
        return APIError(
            .misdirectedRequest, code: "HOST_NOT_ALLOWED",
            message: """
                This server does not answer for the host "\(shown)". If callers reach it by that name, start it with \
                --allowed-host \(shown) (or HANDOVER_TRACE_ALLOWED_HOST); it refuses other names so that a web page cannot \
                read it through DNS rebinding.
                """)
    }
}
