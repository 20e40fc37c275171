import ArgumentParser
import Foundation
import HandoverCore
import HandoverServer
import HandoverSQLite
import HandoverStore
import Hummingbird
import Logging
import Metrics

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the webhook server that Cognigy flows call.",
        discussion: HelpText.reflow("""
            Webhooks: POST /v1/snapshots (a step of a bot session), POST /v1/handovers (the payload about to go to
            CXone, stored and judged; ?strict=true answers 422 when invalid), POST /v1/validate (judge only).
            Bodies may be application/json or application/x-www-form-urlencoded. A 2xx answer means the record is
            committed to the database.

            Reading: GET /v1/snapshots?sessionId=, /v1/handovers?sessionId=, /v1/sessions, /v1/sessions/{id},
            /v1/report, /v1/codes, /v1/stream (live events), /health, /metrics. The web console is on the same port:
            open http://HOST:PORT/ in a browser.

            Every option can also be set as an environment variable, shown in brackets. SIGINT or SIGTERM finish the
            requests under way, then close the database. SIGHUP reads --tls-cert and --tls-key again.

            A Cognigy SaaS flow reaches the server across the internet: serve HTTPS with --tls-cert and --tls-key, or
            put a TLS proxy in front and give --public-url https://... (and --trusted-proxy for its address).

            Several servers can share one PostgreSQL database behind a load balancer: give each the same
            --db postgres://... URL. Each groups its own concurrent writes into shared commits; idempotency keys are
            unique across all of them.

            Examples:
              handover-trace serve
              handover-trace serve --db /var/lib/handover-trace.sqlite --host 0.0.0.0 --api-key "$KEY" --retain 30d
              handover-trace serve --db postgres://trace:secret@db.internal:5432/trace --host 0.0.0.0 --api-key "$KEY"
              handover-trace serve --host 0.0.0.0 --api-key "$KEY" --tls-cert fullchain.pem --tls-key privkey.pem
            """)
    )

    @Option(help: ArgumentHelp(
        "A SQLite database file, created on first use, or postgres://user:password@host:5432/database (tables are created on first use). [HANDOVER_TRACE_DB] (default: ./handover-trace.sqlite)",
        valueName: "file-or-url"))
    var db: String?

    @Option(help: "Address to listen on. Anything but loopback needs --api-key or --insecure. [HANDOVER_TRACE_HOST] (default: 127.0.0.1)")
    var host: String?

    @Option(help: "Port to listen on; 0 picks a free one. [HANDOVER_TRACE_PORT] (default: 8080)")
    var port: Int?

    @Option(name: .customLong("api-key"), help: ArgumentHelp(
        "A key callers must send as X-API-Key, Authorization: Bearer or Authorization: ApiKey. Repeat to accept several while rotating. [HANDOVER_TRACE_API_KEY, comma-separated]",
        valueName: "key"))
    var apiKeys: [String] = []

    @Option(help: "Largest request body accepted, in bytes; larger ones get 413. [HANDOVER_TRACE_MAX_BODY_BYTES] (default: 262144)")
    var maxBodyBytes: Int?

    @Option(help: "SQLite only: normal: commits survive a crash of the process; full: they survive a power loss too, slower. PostgreSQL follows its own synchronous_commit. [HANDOVER_TRACE_SYNC] (default: normal)")
    var sync: String?

    @Flag(help: "Allow a non-loopback --host without an API key. [HANDOVER_TRACE_INSECURE=1]")
    var insecure = false

    @Flag(help: "Serve /health and /metrics without an API key. [HANDOVER_TRACE_PUBLIC_METRICS=1]")
    var publicMetrics = false

    @Option(help: "trace, debug, info, notice, warning, error or critical. [HANDOVER_TRACE_LOG_LEVEL] (default: info)")
    var logLevel: String?

    @Option(name: .customLong("redact"), help: ArgumentHelp(
        "A JSON path (context.caller.ani, data.phone, text) whose value is replaced by a keyed hash before it is stored; repeat for several. [HANDOVER_TRACE_REDACT, comma-separated]",
        valueName: "path"))
    var redactPaths: [String] = []

    @Option(help: ArgumentHelp("A file of such paths, one per line (# starts a comment).", valueName: "file"))
    var redactFile: String?

    @Option(help: ArgumentHelp("The key of the redaction hash, at least 16 characters; keep it to compare hashes later. [HANDOVER_TRACE_REDACT_KEY]", valueName: "key"))
    var redactKey: String?

    @Option(name: .customLong("signing-secret"), help: ArgumentHelp(
        "A Standard Webhooks secret (whsec_...): requests signed with it are let in; repeat while rotating. [HANDOVER_TRACE_SIGNING_SECRET, comma-separated]",
        valueName: "secret"))
    var signingSecrets: [String] = []

    @Option(help: ArgumentHelp(
        "A PEM certificate chain to serve HTTPS with (TLS 1.2 or newer); read again on SIGHUP, so a renewed certificate needs no restart. [HANDOVER_TRACE_TLS_CERT]",
        valueName: "file"))
    var tlsCert: String?

    @Option(help: ArgumentHelp("The PEM private key of --tls-cert, not encrypted. [HANDOVER_TRACE_TLS_KEY]", valueName: "file"))
    var tlsKey: String?

    @Option(help: ArgumentHelp(
        "The address browsers use, e.g. https://trace.example.com behind a TLS proxy: with https, the sign-in cookie is Secure and answers carry HSTS. [HANDOVER_TRACE_PUBLIC_URL]",
        valueName: "url"))
    var publicURL: String?

    @Option(name: .customLong("trusted-proxy"), help: ArgumentHelp(
        "An address or CIDR range (10.0.0.0/8) of a reverse proxy whose X-Forwarded-For and X-Forwarded-Proto are believed; repeat for several. [HANDOVER_TRACE_TRUSTED_PROXY, comma-separated]",
        valueName: "address"))
    var trustedProxies: [String] = []

    @Option(help: "Failed authentications one client address may make within --auth-failure-window before it is answered 429. [HANDOVER_TRACE_AUTH_FAILURE_LIMIT] (default: 20)")
    var authFailureLimit: Int?

    @Option(help: ArgumentHelp("The window of --auth-failure-limit, in seconds. [HANDOVER_TRACE_AUTH_FAILURE_WINDOW] (default: 60)", valueName: "seconds"))
    var authFailureWindow: Int?

    @Option(help: ArgumentHelp("Delete records older than this, at start and every hour, in small batches that never block ingest: 30d, 12w. [HANDOVER_TRACE_RETAIN] (default: keep everything)", valueName: "age"))
    var retain: String?

    func run() async throws {
        let settings = try resolve()
        let logger = Self.bootstrapLogging(level: settings.logLevel)
        let telemetry = Telemetry()
        MetricsSystem.bootstrap(telemetry.factory)
        let location = StoreLocation(settings.databasePath)
        let store = try await location.open(durability: settings.durability, metrics: telemetry.storeMetrics)
        logger.info("database ready", metadata: ["database": "\(location)", "sync": "\(settings.durability.rawValue)"])
        let app = try buildApplication(settings.server, store: store, telemetry: telemetry, logger: logger)
        let pruning = settings.retention.map { retention in Task { await Self.prune(store, keeping: retention, logger: logger) } }
        let diagnosing = Task { await Self.keepDiagnosesCurrent(store, logger: logger) }
        do {
            try await app.runService()
        } catch {
            pruning?.cancel()
            diagnosing.cancel()
            try? await store.close()
            throw CommandFailure("the server stopped: \(error)")
        }
        pruning?.cancel()
        diagnosing.cancel()
        _ = await pruning?.value
        _ = await diagnosing.value
        try await store.close()
        logger.info("database closed")
    }
}

extension ServeCommand {
    struct Settings {
        var server = ServerConfiguration()
        var databasePath = "./handover-trace.sqlite"
        var durability = SQLiteStore.Durability.normal
        var logLevel = Logger.Level.info
        /// How long records are kept; nil keeps them for ever.
        var retention: TimeInterval?
    }

    /// Keeps the stored diagnoses behind the console's overview current: at start (a large database's first pass
    /// takes seconds) and then every 30 seconds. The overview also refreshes before it reads.
    static func keepDiagnosesCurrent(_ store: any ManagedStore, logger: Logger) async {
        while !Task.isCancelled {
            do {
                let count = try await store.refreshDiagnoses()
                if count > 0 { logger.debug("sessions diagnosed", metadata: ["sessions": "\(count)"]) }
            } catch {
                logger.warning("could not refresh stored diagnoses; will try again", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(30))
        }
    }

    /// `--retain`: purges at start and then every hour until the server stops.
    static func prune(_ store: any ManagedStore, keeping retention: TimeInterval, logger: Logger) async {
        while !Task.isCancelled {
            do {
                let removed = try await store.purge(olderThan: Date().addingTimeInterval(-retention))
                if removed.total > 0 { logger.info("retention removed old records", metadata: ["removed": "\(removed)"]) }
            } catch {
                logger.error("retention could not remove old records; will try again", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(3600))
        }
    }

    /// Command line first, then the environment, then the defaults; refuses what would be unsafe or meaningless.
    func resolve() throws -> Settings {
        var settings = Settings()
        settings.databasePath = db ?? EnvironmentDefaults.string("DB") ?? settings.databasePath
        settings.server.host = host ?? EnvironmentDefaults.string("HOST") ?? settings.server.host
        settings.server.port = try port ?? EnvironmentDefaults.integer("PORT", option: "--port") ?? settings.server.port
        settings.server.apiKeys = apiKeys.isEmpty ? EnvironmentDefaults.list("API_KEY") : apiKeys
        settings.server.maxBodyBytes = try maxBodyBytes
            ?? EnvironmentDefaults.integer("MAX_BODY_BYTES", option: "--max-body-bytes") ?? settings.server.maxBodyBytes
        settings.server.publicMetrics = publicMetrics || EnvironmentDefaults.flag("PUBLIC_METRICS")
        guard (0...65_535).contains(settings.server.port) else { throw CommandFailure("--port must be from 0 to 65535.") }
        guard settings.server.maxBodyBytes >= 1_024 else { throw CommandFailure("--max-body-bytes must be at least 1024.") }
        guard settings.server.apiKeys.allSatisfy({ $0.count >= 16 }) else {
            throw CommandFailure("each --api-key must be at least 16 characters long; generate one with: openssl rand -hex 24")
        }
        let syncName = sync ?? EnvironmentDefaults.string("SYNC") ?? "normal"
        guard let durability = SQLiteStore.Durability(rawValue: syncName) else {
            throw CommandFailure("--sync must be normal or full, not \(syncName).")
        }
        settings.durability = durability
        let levelName = logLevel ?? EnvironmentDefaults.string("LOG_LEVEL") ?? "info"
        guard let level = Logger.Level(rawValue: levelName) else {
            throw CommandFailure("--log-level must be trace, debug, info, notice, warning, error or critical, not \(levelName).")
        }
        settings.logLevel = level
        if let age = retain ?? EnvironmentDefaults.string("RETAIN") {
            let now = Date()
            guard let cutoff = TimeExpression.parse(age, now: now), cutoff < now, !age.contains("-") else {
                throw CommandFailure("--retain \(age) is not an age such as 30d, 12w or 720h.")
            }
            settings.retention = now.timeIntervalSince(cutoff)
        }
        try resolvePrivacy(&settings)
        try resolveTransport(&settings)
        let insecureAllowed = insecure || EnvironmentDefaults.flag("INSECURE")
        let authenticated = !settings.server.apiKeys.isEmpty || !settings.server.signingSecrets.isEmpty
        if !Self.isLoopback(settings.server.host), !authenticated, !insecureAllowed {
            throw CommandFailure("refusing to listen on \(settings.server.host) without an API key: add --api-key KEY (or --insecure to accept anyone).")
        }
        return settings
    }

    /// `--redact`, `--redact-file`, `--redact-key` and `--signing-secret`, with their variables.
    func resolvePrivacy(_ settings: inout Settings) throws {
        var paths = redactPaths.isEmpty ? EnvironmentDefaults.list("REDACT") : redactPaths
        if let redactFile {
            guard let text = try? String(contentsOfFile: redactFile, encoding: .utf8) else {
                throw CommandFailure("cannot read --redact-file \(redactFile).")
            }
            paths += text.split(separator: "\n").map { $0.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "" }
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        settings.server.redactPaths = paths
        settings.server.redactKey = redactKey ?? EnvironmentDefaults.string("REDACT_KEY")
        settings.server.signingSecrets = signingSecrets.isEmpty ? EnvironmentDefaults.list("SIGNING_SECRET") : signingSecrets
        do {
            try settings.server.validatePrivacy()
        } catch {
            throw CommandFailure((error as? InputError)?.message ?? "\(error)")
        }
    }

    static func isLoopback(_ host: String) -> Bool { ServerConfiguration.isLoopback(host) }

    static func bootstrapLogging(level: Logger.Level) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "handover-trace")
    }
}
