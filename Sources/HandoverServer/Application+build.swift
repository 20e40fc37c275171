import Crypto
import Foundation
import HandoverCore
import HandoverStore
import Hummingbird
import Logging

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

    public init() {}
}

/// The whole server: router, middleware and store, ready to run. The caller owns the store and closes it after.
public func buildApplication(
    _ configuration: ServerConfiguration, store: any TraceStore, telemetry: Telemetry, logger: Logger
) throws -> some ApplicationProtocol {
    let router = try buildRouter(configuration, store: store, telemetry: telemetry)
    return Application(
        router: router,
        server: .http1(configuration: .init(idleTimeout: .seconds(configuration.idleTimeoutSeconds))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "handover-trace"),
        logger: logger)
}

/// Routes and middleware, in the order a request meets them: metrics, logging, JSON errors, API key, controller.
public func buildRouter(_ configuration: ServerConfiguration, store: any TraceStore, telemetry: Telemetry) throws -> Router<BasicRequestContext> {
    let redactor = try configuration.redactor()
    let signatures = try WebhookSignatureVerifier(secrets: configuration.signingSecrets)
    let console = ConsoleAuth(keys: configuration.apiKeys)
    let feed = LiveFeed()
    let router = Router()
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(middleware: JSONErrorMiddleware(allowedMethods: Routes.allowedMethods, maxBodyBytes: configuration.maxBodyBytes))
    router.add(middleware: AuthenticationMiddleware(
        keys: configuration.apiKeys, signatures: signatures, console: console, maxBodyBytes: configuration.maxBodyBytes,
        publicPaths: configuration.publicMetrics ? ["/health", "/metrics"] : []))

    OperationsController(store: store, telemetry: telemetry).addRoutes(to: router)
    SnapshotController(
        store: store, maxBodyBytes: configuration.maxBodyBytes, redactor: redactor, feed: feed, ingestTimer: telemetry.ingestTimer(route: Routes.snapshots)
    ).addRoutes(to: router.group(.init(stringLiteral: Routes.snapshots)))
    HandoverController(
        store: store, maxBodyBytes: configuration.maxBodyBytes, redactor: redactor, feed: feed, ingestTimer: telemetry.ingestTimer(route: Routes.handovers)
    ).addRoutes(handovers: router.group(.init(stringLiteral: Routes.handovers)), validate: router.group(.init(stringLiteral: Routes.validate)))
    SessionsController(store: store).addRoutes(to: router)
    ConsoleController(store: store, templates: try ConsoleTemplates(), auth: console, feed: feed).addRoutes(to: router)
    return router
}

extension ServerConfiguration {
    /// Refuses a redaction or signing setting that cannot work, with a message that says how to fix it.
    public func validatePrivacy() throws {
        _ = try redactor()
        _ = try WebhookSignatureVerifier(secrets: signingSecrets)
    }

    /// The redactor `--redact` asks for, hashing with HMAC-SHA256 under `--redact-key`; nil when no path is given.
    func redactor() throws -> Redactor? {
        guard !redactPaths.isEmpty else { return nil }
        guard let redactKey, redactKey.count >= 16 else {
            throw InputError(.invalidField, "--redact needs --redact-key of at least 16 characters (openssl rand -hex 24).")
        }
        let key = SymmetricKey(data: Data(redactKey.utf8))
        return try Redactor(paths: redactPaths) { value in
            HMAC<SHA256>.authenticationCode(for: Data(value.utf8), using: key).prefix(16).map { String(format: "%02x", $0) }.joined()
        }
    }
}

enum Routes {
    static let snapshots = "/v1/snapshots"
    static let handovers = "/v1/handovers"
    static let validate = "/v1/validate"

    static let allowedMethods: [String: [HTTPRequest.Method]] = [
        snapshots: [.get, .post], handovers: [.get, .post], validate: [.post], "/health": [.get], "/metrics": [.get],
        "/v1/sessions": [.get], "/v1/report": [.get], "/v1/codes": [.get], "/v1/stream": [.get],
        "/": [.get], "/sessions": [.get], "/validate": [.get, .post], "/codes": [.get], "/live": [.get], "/login": [.get, .post],
        "/logout": [.post],
    ]
}
