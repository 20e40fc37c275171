import HandoverCore
import HandoverServer

extension ServeCommand {
    /// `--tls-cert`, `--tls-key`, `--public-url`, `--trusted-proxy` and the failed-authentication limit, with their
    /// variables; refuses a half-given TLS pair or files that cannot serve a handshake, naming the file.
    func resolveTransport(_ settings: inout Settings) throws {
        let certificate = tlsCert ?? EnvironmentDefaults.string("TLS_CERT")
        let key = tlsKey ?? EnvironmentDefaults.string("TLS_KEY")
        switch (certificate, key) {
        case (nil, nil): settings.server.tls = nil
        case (let certificate?, let key?):
            do {
                settings.server.tls = try TLSCertificates(certificatePath: certificate, keyPath: key)
            } catch {
                throw CommandFailure("\(error)")
            }
        default: throw CommandFailure("--tls-cert and --tls-key go together: give both, or neither for plain HTTP.")
        }
        settings.server.publicURL = publicURL ?? EnvironmentDefaults.string("PUBLIC_URL")
        settings.server.trustedProxies = trustedProxies.isEmpty ? EnvironmentDefaults.list("TRUSTED_PROXY") : trustedProxies
        settings.server.authFailureLimit = try authFailureLimit
            ?? EnvironmentDefaults.integer("AUTH_FAILURE_LIMIT", option: "--auth-failure-limit") ?? settings.server.authFailureLimit
        settings.server.authFailureWindowSeconds = try authFailureWindow
            ?? EnvironmentDefaults.integer("AUTH_FAILURE_WINDOW", option: "--auth-failure-window") ?? settings.server.authFailureWindowSeconds
        do {
            try settings.server.validateSecurity()
        } catch {
            throw CommandFailure((error as? InputError)?.message ?? "\(error)")
        }
    }
}
