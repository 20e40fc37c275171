import Crypto
import Foundation
import HandoverCore

/// What `serve` configures; each field is a command-line option.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var apiKeys: [String] = []
    public var maxBodyBytes = 262_144
    /// Serve `/health` and `/metrics` without a key even when keys are configured.
    public var publicMetrics = false
    /// A connection that sends nothing for this long is closed, so slow or stalled clients cannot pile up.
    public var idleTimeoutSeconds: Int64 = 30
    /// JSON paths whose values are replaced by a keyed hash before they are stored (`--redact`).
    public var redactPaths: [String] = []
    /// The key of that hash (`--redact-key`); required when paths are given.
    public var redactKey: String?
    /// Standard Webhooks secrets (`whsec_...`); a request signed with any of them is let in (`--signing-secret`).
    public var signingSecrets: [String] = []
    /// The certificate and key the server terminates TLS with (`--tls-cert`, `--tls-key`); nil serves plain HTTP.
    public var tls: TLSCertificates?
    /// The address browsers use (`--public-url`), e.g. `https://trace.example.com` behind a TLS proxy.
    public var publicURL: String?
    /// More names a request's `Host` may carry besides loopback, the listen address and `--public-url`'s host
    /// (`--allowed-host`): what callers type to reach the server.
    public var allowedHosts: [String] = []
    /// Proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed (`--trusted-proxy`): addresses or CIDR.
    public var trustedProxies: [String] = []
    /// Failed authentications one client address may make within the window before it is answered 429.
    public var authFailureLimit = 20
    public var authFailureWindowSeconds = 60

    public init() {}

    /// Whether `host` only accepts connections from this machine.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}

extension ServerConfiguration {
    /// Refuses a redaction or signing setting that cannot work, with a message that says how to fix it.
    public func validatePrivacy() throws {
        _ = try redactor()
        _ = try WebhookSignatureVerifier(secrets: signingSecrets)
    }

    /// Refuses a `--public-url`, `--trusted-proxy` or failure limit that cannot work, saying which.
    public func validateSecurity() throws {
        _ = try proxyTrust()
        _ = try publicOrigin()
        for name in allowedHosts where name.isEmpty || name.contains(where: { " /@?#".contains($0) }) {
            throw InputError(.invalidField, "--allowed-host \(name) is not a host name or address such as trace.example.com.")
        }
        guard authFailureLimit >= 1, authFailureWindowSeconds >= 1 else {
            throw InputError(.invalidField, "--auth-failure-limit and --auth-failure-window must be at least 1.")
        }
    }

    func proxyTrust() throws -> ProxyTrust {
        let ranges = try trustedProxies.map { text in
            guard let range = AddressRange(text) else {
                throw InputError(.invalidField, "--trusted-proxy \(text) is not an IP address or CIDR range such as 10.0.0.0/8.")
            }
            return range
        }
        let publicHTTPS = try publicOrigin()?.hasPrefix("https://") == true
        return ProxyTrust(trustedProxies: ranges, alwaysHTTPS: tls != nil || publicHTTPS)
    }

    /// The names a request's `Host` may carry (HostCheckMiddleware).
    func allowedHostNames() -> AllowedHosts {
        AllowedHosts(listenHost: host, publicURL: publicURL, extra: allowedHosts)
    }

    /// `scheme://host[:port]` of `--public-url`, lowercased; nil when none is set.
    func publicOrigin() throws -> String? {
        guard let publicURL else { return nil }
        guard let url = URLComponents(string: publicURL), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty
        else {
            throw InputError(.invalidField, "--public-url \(publicURL) is not an http:// or https:// address such as https://trace.example.com.")
        }
        return "\(scheme)://\(host.lowercased())" + (url.port.map { ":\($0)" } ?? "")
    }

    /// The redactor `--redact` asks for, hashing with HMAC-SHA256 under `--redact-key`; nil when no path is given.
    func redactor() throws -> Redactor? {
        guard !redactPaths.isEmpty else { return nil }
        guard let redactKey, redactKey.count >= 16 else {
            throw InputError(.invalidField, "--redact needs --redact-key of at least 16 characters (openssl rand -hex 24).")
        }
        return try Redactor(paths: redactPaths, hash: try RedactionHash.keyed(redactKey))
    }
}
