import ArgumentParser
import Foundation
import HandoverCore
import HandoverSQLite
import HandoverServer
import HandoverStore
import Logging
import Notifications

/// What `serve` runs with: decided once, command line over environment over defaults, and refused with one line
/// when unsafe or meaningless. Tests call `resolve` with an environment of their own.
struct ServeSettings {
    var server = ServerConfiguration()
    var databasePath = "./handover-trace.sqlite"
    var durability = SQLiteStore.Durability.normal
    var logLevel = Logger.Level.info
    /// How long records are kept; nil keeps them for ever.
    var retention: TimeInterval?
    /// The caller-and-time join's window for the stored diagnoses and the console.
    var callerMatchWindow = CallerJoinDefaults.window
    /// `--notify-url` and its companions; nil sends nothing.
    var notifications: NotificationSettings?
    /// `--fetch-every` with the sources whose variables are set; nil fetches nothing.
    var fetch: FetchSettings?
    /// `--settle`: how long after a session's last event the other side's data may still arrive.
    var settle = Settlement.defaultSettle

    static func resolve(_ command: ServeCommand, environment: EnvironmentDefaults, now: Date = Date()) throws -> ServeSettings {
        var settings = ServeSettings()
        settings.databasePath = command.db ?? environment.string("DB") ?? settings.databasePath
        settings.server.host = command.host ?? environment.string("HOST") ?? settings.server.host
        settings.server.port = try command.port ?? environment.integer("PORT", option: "--port") ?? settings.server.port
        settings.server.apiKeys = command.apiKeys.isEmpty ? environment.list("API_KEY") : command.apiKeys
        settings.server.maxBodyBytes =
            try command.maxBodyBytes
            ?? environment.integer("MAX_BODY_BYTES", option: "--max-body-bytes") ?? settings.server.maxBodyBytes
        settings.server.publicMetrics = command.publicMetrics || environment.flag("PUBLIC_METRICS")
        guard (0...65_535).contains(settings.server.port) else { throw CommandFailure("--port must be from 0 to 65535.") }
        guard settings.server.maxBodyBytes >= 1_024 else { throw CommandFailure("--max-body-bytes must be at least 1024.") }
        guard settings.server.apiKeys.allSatisfy({ $0.count >= 16 }) else {
            throw CommandFailure("each --api-key must be at least 16 characters long; generate one with: openssl rand -hex 24")
        }
        settings.durability = try command.sync ?? environment.choice("SYNC", option: "--sync") ?? .normal
        settings.logLevel = (try command.logLevel ?? environment.choice("LOG_LEVEL", option: "--log-level") ?? LogLevel.info).level
        if let age = command.retain ?? environment.string("RETAIN") {
            guard let cutoff = TimeExpression.parse(age, now: now), cutoff < now, !age.contains("-") else {
                throw CommandFailure("--retain \(age) is not an age such as 30d, 12w or 720h.")
            }
            settings.retention = now.timeIntervalSince(cutoff)
        }
        if let seconds = try command.matching.seconds ?? environment.integer("MATCH_WINDOW", option: "--match-window") {
            guard (1...3_600).contains(seconds) else { throw CommandFailure("--match-window must be from 1 to 3600 seconds.") }
            settings.callerMatchWindow = TimeInterval(seconds)
        }
        try settings.resolvePrivacy(command, environment)
        try settings.resolveTransport(command, environment)
        settings.notifications = try command.notify.resolve(environment, publicURL: settings.server.publicURL)
        settings.fetch = try FetchSettings.resolve(command.fetching, environment, redactKey: settings.server.redactKey)
        settings.settle = try command.fetching.settling.resolve(environment)
        let insecureAllowed = command.insecure || environment.flag("INSECURE")
        let authenticated = !settings.server.apiKeys.isEmpty || !settings.server.signingSecrets.isEmpty
        if !ServerConfiguration.isLoopback(settings.server.host), !authenticated, !insecureAllowed {
            throw CommandFailure(
                "refusing to listen on \(settings.server.host) without an API key: add --api-key KEY (or --insecure to accept anyone).")
        }
        return settings
    }

    /// `--redact`, `--redact-file`, `--redact-key` and `--signing-secret`, with their variables.
    mutating func resolvePrivacy(_ command: ServeCommand, _ environment: EnvironmentDefaults) throws {
        var paths = command.redactPaths.isEmpty ? environment.list("REDACT") : command.redactPaths
        if let redactFile = command.redactFile {
            guard let text = try? String(contentsOfFile: redactFile, encoding: .utf8) else {
                throw CommandFailure("cannot read --redact-file \(redactFile).")
            }
            paths += text.split(separator: "\n").map { $0.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "" }
                .map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        }
        server.redactPaths = paths
        server.redactKey = command.redactKey ?? environment.string("REDACT_KEY")
        server.signingSecrets = command.signingSecrets.isEmpty ? environment.list("SIGNING_SECRET") : command.signingSecrets
        do {
            try server.validatePrivacy()
        } catch {
            throw CommandFailure((error as? InputError)?.message ?? "\(error)")
        }
    }

    /// `--tls-cert`, `--tls-key`, `--public-url`, `--allowed-host`, `--trusted-proxy` and the failed-authentication limit, with their
    /// variables; refuses a half-given TLS pair or files that cannot serve a handshake, naming the file.
    mutating func resolveTransport(_ command: ServeCommand, _ environment: EnvironmentDefaults) throws {
        switch (command.tlsCert ?? environment.string("TLS_CERT"), command.tlsKey ?? environment.string("TLS_KEY")) {
        case (nil, nil): server.tls = nil
        case (let certificate?, let key?):
            do {
                server.tls = try TLSCertificates(certificatePath: certificate, keyPath: key)
            } catch {
                throw CommandFailure("\(error)")
            }
        default: throw CommandFailure("--tls-cert and --tls-key go together: give both, or neither for plain HTTP.")
        }
        server.publicURL = command.publicURL ?? environment.string("PUBLIC_URL")
        server.allowedHosts = command.allowedHosts.isEmpty ? environment.list("ALLOWED_HOST") : command.allowedHosts
        server.trustedProxies = command.trustedProxies.isEmpty ? environment.list("TRUSTED_PROXY") : command.trustedProxies
        server.authFailureLimit =
            try command.authFailureLimit
            ?? environment.integer("AUTH_FAILURE_LIMIT", option: "--auth-failure-limit") ?? server.authFailureLimit
        server.authFailureWindowSeconds =
            try command.authFailureWindow
            ?? environment.integer("AUTH_FAILURE_WINDOW", option: "--auth-failure-window") ?? server.authFailureWindowSeconds
        do {
            try server.validateSecurity()
        } catch {
            throw CommandFailure((error as? InputError)?.message ?? "\(error)")
        }
    }
}

/// `--log-level`: swift-log's levels, as argument-parser lists and checks them.
enum LogLevel: String, CaseIterable, ExpressibleByArgument {
    case trace, debug, info, notice, warning, error, critical

    var level: Logger.Level { Logger.Level(rawValue: rawValue) ?? .info }
}

extension SQLiteStore.Durability: ExpressibleByArgument {}
