import Foundation
import HandoverCore
import HandoverStore
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import ServiceLifecycle

/// The whole server: router, middleware and store, ready to run; with `configuration.tls`, over TLS with the
/// certificate reloaded on SIGHUP. The caller owns the store: it adds the store's background services (and any
/// upkeep) with `addServices`, and closes the store after the application stops.
public func buildApplication(
    _ configuration: ServerConfiguration, store: any TraceStore, telemetry: Telemetry, logger: Logger
) throws -> Application<RouterResponder<TraceRequestContext>> {
    let router = try buildRouter(configuration, store: store, telemetry: telemetry)
    let http: HTTPServerBuilder = .http1(
        configuration: .init(
            additionalChannelHandlers: [MalformedRequestAnswer(logger: logger)], idleTimeout: .seconds(configuration.idleTimeoutSeconds)))
    var services: [any Service] = []
    if let certificates = configuration.tls {
        services.append(CertificateReloadService(certificates: certificates, logger: logger))
    } else if !ServerConfiguration.isLoopback(configuration.host), try configuration.publicOrigin()?.hasPrefix("https://") != true {
        logger.warning(
            """
            serving plain HTTP on a non-loopback address: API keys, console sign-ins and callers' data travel in clear; \
            use --tls-cert and --tls-key, or a TLS proxy in front with --public-url https://...
            """, metadata: ["host": "\(configuration.host)"])
    }
    return Application(
        router: router,
        server: try configuration.tls.map { try .tls(http, tlsConfiguration: $0.configuration) } ?? http,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "handover-trace"),
        services: services,
        logger: logger)
}

/// Routes and middleware, in the order a request meets them: security headers, metrics, logging, JSON errors,
/// the host check, the cross-site check, authentication, controller.
public func buildRouter(
    _ configuration: ServerConfiguration, store: any TraceStore, telemetry: Telemetry
) throws -> Router<TraceRequestContext> {
    try configuration.validateSecurity()
    let redactor = try configuration.redactor()
    let signatures = try WebhookSignatureVerifier(secrets: configuration.signingSecrets)
    let trust = try configuration.proxyTrust()
    let failures = AuthFailureGuard(
        settings: .init(limit: configuration.authFailureLimit, window: TimeInterval(configuration.authFailureWindowSeconds)),
        trust: trust, factory: telemetry.factory)
    let console = ConsoleAuth(keys: configuration.apiKeys)
    let feed = LiveFeed()
    let router = Router(context: TraceRequestContext.self)
    router.add(middleware: SecurityHeadersMiddleware(trust: trust))
    router.add(middleware: RequestMetricsMiddleware(factory: telemetry.factory))
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(middleware: JSONErrorMiddleware(maxBodyBytes: configuration.maxBodyBytes))
    router.add(middleware: HostCheckMiddleware(allowed: configuration.allowedHostNames()))
    router.add(middleware: CrossSiteMiddleware(publicOrigin: try configuration.publicOrigin()))
    router.add(
        middleware: AuthenticationMiddleware(
            keys: configuration.apiKeys, signatures: signatures, console: console, failures: failures,
            maxBodyBytes: configuration.maxBodyBytes, publicPaths: configuration.publicMetrics ? ["/health", "/metrics"] : []))

    OperationsController(store: store, telemetry: telemetry).addRoutes(to: router)
    try OpenAPIDocument().addRoutes(to: router)
    SnapshotController(
        store: store, maxBodyBytes: configuration.maxBodyBytes, redactor: redactor, feed: feed,
        ingestTimer: telemetry.ingestTimer(route: Routes.postSnapshot.path)
    ).addRoutes(to: router)
    HandoverController(
        store: store, maxBodyBytes: configuration.maxBodyBytes, redactor: redactor, feed: feed,
        ingestTimer: telemetry.ingestTimer(route: Routes.postHandover.path)
    ).addRoutes(to: router)
    SessionsController(store: store).addRoutes(to: router)
    try ConsoleController(store: store, templates: try ConsoleTemplates(), auth: console, failures: failures, feed: feed).addRoutes(to: router)
    return router
}
