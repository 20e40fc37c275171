import ArgumentParser
import Foundation
import HandoverCore
import HandoverSQLite
import HandoverServer
import HandoverStore
import HistoryFetching
import Hummingbird
import Logging
import Metrics
import Notifications

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the webhook server that Cognigy flows call.",
        discussion: HelpText.reflow(
            """
            Webhooks: POST /v1/snapshots (a step of a bot session), POST /v1/handovers (the payload about to go to
            CXone, stored and judged; ?strict=true answers 422 when invalid), POST /v1/validate (judge only).
            Bodies may be application/json or application/x-www-form-urlencoded. A 2xx answer means the record is
            committed to the database.

            Reading: GET /v1/snapshots?sessionId=, /v1/handovers?sessionId=, /v1/sessions, /v1/sessions/{id},
            /v1/report, /v1/codes, /v1/stream (live events), /health, /metrics. The web console is on the same port:
            open http://HOST:PORT/ in a browser.

            Every option but --redact-file can also be set as an environment variable, shown in brackets. SIGINT or
            SIGTERM finish the requests under way, then close the database. SIGHUP reads --tls-cert and --tls-key again.

            A Cognigy SaaS flow reaches the server across the internet: serve HTTPS with --tls-cert and --tls-key, or
            put a TLS proxy in front and give --public-url https://... (and --trusted-proxy for its address). The
            server answers only requests that name it: loopback, --host, the host of --public-url, or an
            --allowed-host; a server reached as trace.example.com needs --allowed-host trace.example.com or that
            --public-url.

            Live monitoring: with the CXONE_* variables of fetch-cxone or the COGNIGY_* variables of fetch-cognigy set,
            the server fetches each of those histories every --fetch-every (5m) from where the last fetch ended.
            A diagnosis that the other side's late data could still change is pending, not failed, until that side
            has been read past the session's last event plus --settle (20m); alerts and notifications count final
            ones only.

            Several servers can share one PostgreSQL database behind a load balancer: give each the same
            --db postgres://... URL. Each groups its own concurrent writes into shared commits; idempotency keys are
            unique across all of them.

            Examples:
              handover-trace serve
              handover-trace serve --db /var/lib/handover-trace.sqlite --host 0.0.0.0 --api-key "$KEY" --retain 30d
              handover-trace serve --db postgres://trace:secret@db.internal:5432/trace --host 0.0.0.0 --api-key "$KEY"
              handover-trace serve --host 0.0.0.0 --api-key "$KEY" --tls-cert fullchain.pem --tls-key privkey.pem
              handover-trace serve --notify-url "$SLACK_WEBHOOK_URL" --notify-threshold 3 --public-url https://trace.example.com
            """)
    )

    @Option(
        help: ArgumentHelp(
            """
            A SQLite database file, created on first use, or postgres://user:password@host:5432/database (tables are created on first use). \
            [HANDOVER_TRACE_DB] (default: ./handover-trace.sqlite)
            """,
            valueName: "file-or-url"))
    var db: String?

    @Option(help: "Address to listen on. Anything but loopback needs --api-key or --insecure. [HANDOVER_TRACE_HOST] (default: 127.0.0.1)")
    var host: String?

    @Option(help: "Port to listen on; 0 picks a free one. [HANDOVER_TRACE_PORT] (default: 8080)")
    var port: Int?

    @Option(
        name: .customLong("api-key"),
        help: ArgumentHelp(
            """
            A key callers must send as X-API-Key, Authorization: Bearer or Authorization: ApiKey. Repeat to accept several while rotating. \
            [HANDOVER_TRACE_API_KEY, comma-separated]
            """,
            valueName: "key"))
    var apiKeys: [String] = []

    @Option(help: "Largest request body accepted, in bytes; larger ones get 413. [HANDOVER_TRACE_MAX_BODY_BYTES] (default: 262144)")
    var maxBodyBytes: Int?

    @Option(
        help:
            """
            SQLite only: normal: commits survive a crash of the process; full: they survive a power loss too, slower. PostgreSQL follows its \
            own synchronous_commit. [HANDOVER_TRACE_SYNC] (default: normal)
            """
    )
    var sync: SQLiteStore.Durability?

    @Flag(help: "Allow a non-loopback --host without an API key. [HANDOVER_TRACE_INSECURE=1]")
    var insecure = false

    @Flag(help: "Serve /health and /metrics without an API key. [HANDOVER_TRACE_PUBLIC_METRICS=1]")
    var publicMetrics = false

    @Option(help: "How much the server logs; debug logs every request. [HANDOVER_TRACE_LOG_LEVEL] (default: info)")
    var logLevel: LogLevel?

    @Option(
        name: .customLong("redact"),
        help: ArgumentHelp(
            """
            A JSON path (context.caller.ani, data.phone, text) whose value is replaced by a keyed hash before it is stored; repeat for \
            several. [HANDOVER_TRACE_REDACT, comma-separated]
            """,
            valueName: "path"))
    var redactPaths: [String] = []

    @Option(help: ArgumentHelp("A file of such paths, one per line (# starts a comment).", valueName: "file"))
    var redactFile: String?

    @Option(
        help: ArgumentHelp(
            "The key of the redaction hash, at least 16 characters; keep it to compare hashes later. [HANDOVER_TRACE_REDACT_KEY]", valueName: "key"))
    var redactKey: String?

    @Option(
        name: .customLong("signing-secret"),
        help: ArgumentHelp(
            """
            A Standard Webhooks secret (whsec_...): requests signed with it are let in; repeat while rotating. [HANDOVER_TRACE_SIGNING_SECRET, \
            comma-separated]
            """,
            valueName: "secret"))
    var signingSecrets: [String] = []

    @Option(
        help: ArgumentHelp(
            """
            A PEM certificate chain to serve HTTPS with (TLS 1.2 or newer); read again on SIGHUP, so a renewed certificate needs no restart. \
            [HANDOVER_TRACE_TLS_CERT]
            """,
            valueName: "file"))
    var tlsCert: String?

    @Option(help: ArgumentHelp("The PEM private key of --tls-cert, not encrypted. [HANDOVER_TRACE_TLS_KEY]", valueName: "file"))
    var tlsKey: String?

    @Option(
        help: ArgumentHelp(
            """
            The address browsers use, e.g. https://trace.example.com behind a TLS proxy: with https, the sign-in cookie is Secure and answers \
            carry HSTS. [HANDOVER_TRACE_PUBLIC_URL]
            """,
            valueName: "url"))
    var publicURL: String?

    @Option(
        name: .customLong("allowed-host"),
        help: ArgumentHelp(
            """
            A name callers use to reach the server, such as trace.example.com; repeat for several. Requests whose Host is not loopback, \
            --host, the host of --public-url or one of these are refused (421), so a web page cannot read the server through DNS \
            rebinding. Cognigy's HTTP Request node and curl send the name they called: a server reached by name needs it here. \
            [HANDOVER_TRACE_ALLOWED_HOST, comma-separated]
            """,
            valueName: "name"))
    var allowedHosts: [String] = []

    @Option(
        name: .customLong("trusted-proxy"),
        help: ArgumentHelp(
            """
            An address or CIDR range (10.0.0.0/8) of a reverse proxy whose X-Forwarded-For and X-Forwarded-Proto are believed; repeat for \
            several. [HANDOVER_TRACE_TRUSTED_PROXY, comma-separated]
            """,
            valueName: "address"))
    var trustedProxies: [String] = []

    @Option(
        help:
            """
            Failed authentications one client address may make within --auth-failure-window before it is answered 429. \
            [HANDOVER_TRACE_AUTH_FAILURE_LIMIT] (default: 20)
            """
    )
    var authFailureLimit: Int?

    @Option(
        help: ArgumentHelp("The window of --auth-failure-limit, in seconds. [HANDOVER_TRACE_AUTH_FAILURE_WINDOW] (default: 60)", valueName: "seconds")
    )
    var authFailureWindow: Int?

    @Option(
        help: ArgumentHelp(
            """
            Delete records older than this, at start and every hour, in small batches that never block ingest: 30d, 12w. \
            [HANDOVER_TRACE_RETAIN] (default: keep everything)
            """,
            valueName: "age"))
    var retain: String?

    @OptionGroup var matching: MatchWindowOption

    @OptionGroup(title: "Notifications") var notify: NotifyOptions

    @OptionGroup(title: "Live monitoring") var fetching: FetchOptions

    func run() async throws {
        let settings = try ServeSettings.resolve(self, environment: .process)
        let logger = Self.bootstrapLogging(level: settings.logLevel)
        let telemetry = Telemetry()
        MetricsSystem.bootstrap(telemetry.factory)
        let location = StoreLocation(settings.databasePath)
        let store = try await location.open(
            durability: settings.durability, metrics: telemetry.storeMetrics, callerMatchWindow: settings.callerMatchWindow,
            settle: settings.settle)
        logger.info("database ready", metadata: ["database": "\(location)", "sync": "\(settings.durability.rawValue)"])
        var app = try buildApplication(settings.server, store: store, telemetry: telemetry, logger: logger)
        // Started in this order before the server listens, stopped in reverse after it has drained.
        app.addServices(store.backgroundServices)
        app.addServices(StoreUpkeep.diagnoses(store, alerting: telemetry.alerting, logger: logger))
        if let retention = settings.retention { app.addServices(StoreUpkeep.retention(store, keeping: retention, logger: logger)) }
        if let notifications = settings.notifications {
            if notifications.publicURL == nil { logger.warning("--notify-url without --public-url: messages will not link to the console") }
            app.addServices(NotificationService(store: store, settings: notifications, logger: logger))
        }
        if let fetch = settings.fetch {
            let sources = fetch.rounds.map(\.source.displayName).joined(separator: ", ")
            logger.info("fetching history on schedule", metadata: ["sources": "\(sources)", "every": "\(fetch.interval)"])
            app.addServices(ScheduledFetch(store: store, rounds: fetch.rounds, every: fetch.interval, logger: logger))
        }
        do {
            try await app.runService()
        } catch {
            try? await store.close()
            throw CommandFailure("the server stopped: \(error)")
        }
        try await store.close()
        logger.info("database closed")
    }
}

extension ServeCommand {
    static func bootstrapLogging(level: Logger.Level) -> Logger {
        LoggingSystem.bootstrap { label in ServerLogHandler(label: label, level: level) }
        return Logger(label: "handover-trace")
    }
}
