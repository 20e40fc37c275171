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

    public init() {}
}

/// The whole server: router, middleware and store, ready to run. The caller owns the store and closes it after.
public func buildApplication(
    _ configuration: ServerConfiguration, store: any TraceStore, telemetry: Telemetry, logger: Logger
) -> some ApplicationProtocol {
    let router = buildRouter(configuration, store: store, telemetry: telemetry)
    return Application(
        router: router,
        server: .http1(configuration: .init(idleTimeout: .seconds(configuration.idleTimeoutSeconds))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "handover-trace"),
        logger: logger)
}

/// Routes and middleware, in the order a request meets them: metrics, logging, JSON errors, API key, controller.
public func buildRouter(_ configuration: ServerConfiguration, store: any TraceStore, telemetry: Telemetry) -> Router<BasicRequestContext> {
    let router = Router()
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(middleware: JSONErrorMiddleware(allowedMethods: Routes.allowedMethods, maxBodyBytes: configuration.maxBodyBytes))
    router.add(middleware: APIKeyMiddleware(
        keys: configuration.apiKeys, publicPaths: configuration.publicMetrics ? ["/health", "/metrics"] : []))

    OperationsController(store: store, telemetry: telemetry).addRoutes(to: router)
    SnapshotController(
        store: store, maxBodyBytes: configuration.maxBodyBytes, ingestTimer: telemetry.ingestTimer(route: Routes.snapshots)
    ).addRoutes(to: router.group(.init(stringLiteral: Routes.snapshots)))
    HandoverController(
        store: store, maxBodyBytes: configuration.maxBodyBytes, ingestTimer: telemetry.ingestTimer(route: Routes.handovers)
    ).addRoutes(handovers: router.group(.init(stringLiteral: Routes.handovers)), validate: router.group(.init(stringLiteral: Routes.validate)))
    SessionsController(store: store).addRoutes(to: router)
    return router
}

enum Routes {
    static let snapshots = "/v1/snapshots"
    static let handovers = "/v1/handovers"
    static let validate = "/v1/validate"

    static let allowedMethods: [String: [HTTPRequest.Method]] = [
        snapshots: [.get, .post], handovers: [.get, .post], validate: [.post], "/health": [.get], "/metrics": [.get],
        "/v1/sessions": [.get], "/v1/report": [.get], "/v1/codes": [.get],
    ]
}
