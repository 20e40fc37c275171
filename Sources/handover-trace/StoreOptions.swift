import ArgumentParser
import Foundation
import HandoverCore
import HandoverPostgres
import HandoverSQLite
import HandoverStore

/// `--db` for every command that reads or writes the database, with the same default and variable as `serve`:
/// a SQLite file path, or a PostgreSQL URL.
struct StoreOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            """
            A SQLite database file, or postgres://user:password@host:5432/database for PostgreSQL. [HANDOVER_TRACE_DB] (default: \
            ./handover-trace.sqlite)
            """,
            valueName: "file-or-url"))
    var db: String?

    var path: String { db ?? EnvironmentDefaults.process.string("DB") ?? "./handover-trace.sqlite" }
    var location: StoreLocation { StoreLocation(path) }

    /// Opens the store, runs `body` and closes the store whatever `body` does. `mustExist` refuses to create an
    /// empty SQLite file where the user expected data.
    func with<T>(
        mustExist: Bool = true, callerMatchWindow: TimeInterval = CallerJoinDefaults.window, settle: TimeInterval = Settlement.defaultSettle,
        _ body: (any ManagedStore) async throws -> T
    ) async throws -> T {
        let store = try await location.open(mustExist: mustExist, callerMatchWindow: callerMatchWindow, settle: settle)
        return try await store.running { try await body(store) }
    }
}

/// Where the data lives: a SQLite file (the default) or a PostgreSQL database, told apart by the URL scheme.
enum StoreLocation: CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    init(_ text: String) {
        self = PostgresAddress.isURL(text) ? .postgres(url: text) : .sqlite(path: text)
    }

    /// The location without a password, for messages and logs.
    var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let url): (try? PostgresAddress(url).description) ?? "a PostgreSQL URL"
        }
    }

    /// SQLite's erase rewrites the file; PostgreSQL's vacuums, and its WAL may hold the old bytes a while longer.
    var rewritesOnErase: Bool { if case .sqlite = self { true } else { false } }

    /// One line on stderr per migration of an upgrade, so a long one is not taken for a hang and stopped.
    static let announceUpgrade: UpgradeAnnouncer = { migration in
        FileHandle.standardError.write(Data("upgrading the database: applying \(migration); on a large database this can take minutes\n".utf8))
    }

    func open(
        mustExist: Bool = false, durability: SQLiteStore.Durability = .normal,
        metrics: StoreMetrics = StoreMetrics(), callerMatchWindow: TimeInterval = CallerJoinDefaults.window,
        settle: TimeInterval = Settlement.defaultSettle
    ) async throws -> any ManagedStore {
        do {
            switch self {
            case .sqlite(let path):
                if mustExist, !FileManager.default.fileExists(atPath: path) {
                    throw CommandFailure("no database at \(path): run `handover-trace serve` or `handover-trace demo` first, or pass --db PATH.")
                }
                return try SQLiteStore(
                    path: path, durability: durability, metrics: metrics, callerMatchWindow: callerMatchWindow, settle: settle,
                    announcingUpgrade: Self.announceUpgrade)
            case .postgres(let url):
                return try await PostgresStore(
                    url: url, metrics: metrics, callerMatchWindow: callerMatchWindow, settle: settle,
                    announcingUpgrade: Self.announceUpgrade)
            }
        } catch let failure as CommandFailure {
            throw failure
        } catch let unavailable as StoreUnavailable {
            throw CommandFailure(unavailable.description)
        } catch {
            throw CommandFailure("cannot open \(self): \(error)")
        }
    }
}

/// `--since` and `--until`, shared by the commands that take a time window.
struct WindowOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only sessions that started at or after this: \(TimeExpression.help).", valueName: "time"))
    var since: String?

    @Option(help: ArgumentHelp("Only sessions that started before this: \(TimeExpression.help).", valueName: "time"))
    var until: String?

    func filter(now: Date = Date()) throws -> SessionFilter {
        SessionFilter(
            since: try since.map { try Self.parse($0, option: "--since", now: now) },
            until: try until.map { try Self.parse($0, option: "--until", now: now) })
    }

    static func parse(_ text: String, option: String, now: Date) throws -> Date {
        guard let date = TimeExpression.parse(text, now: now) else {
            throw CommandFailure("\(option) \(text) is not \(TimeExpression.help).")
        }
        return date
    }
}

/// `--match-window` for the commands that join both sides: how far apart a session's start and a CXone contact's start
/// may be when they are matched by the caller's number because the session carries no usable contact id.
struct MatchWindowOption: ParsableArguments {
    @Option(
        name: .customLong("match-window"),
        help: ArgumentHelp(
            """
            Seconds between a session's and a contact's start for the caller-and-time join, 1 to 3600 (default: 120; serve also reads \
            HANDOVER_TRACE_MATCH_WINDOW).
            """, valueName: "seconds"))
    var seconds: Int?

    var window: TimeInterval { seconds.map(TimeInterval.init) ?? CallerJoinDefaults.window }

    func validate() throws {
        if let seconds, !(1...3_600).contains(seconds) { throw ValidationError("--match-window must be from 1 to 3600 seconds.") }
    }
}

/// `--settle` for the commands that diagnose: how long after a session's last event the other side's data may still
/// arrive. A diagnosis that data could change stays pending until that side has been read past then.
struct SettleOption: ParsableArguments {
    static let range: ClosedRange<TimeInterval> = 1...86_400

    @Option(
        name: .customLong("settle"),
        help: ArgumentHelp(
            """
            How long after a session's last event CXone's or Cognigy's data may still arrive, 1s to 24h; until that side has been read \
            past it, a diagnosis it could change is pending. [HANDOVER_TRACE_SETTLE] (default: 20m)
            """, valueName: "duration"))
    var text: String?

    func resolve(_ environment: EnvironmentDefaults) throws -> TimeInterval {
        guard let text = text ?? environment.string("SETTLE") else { return Settlement.defaultSettle }
        guard let seconds = TimeExpression.duration(text, within: Self.range) else {
            throw CommandFailure("--settle \(text) is not a duration from 1s to 24h, such as 90s, 20m or 2h.")
        }
        return seconds
    }

    var seconds: TimeInterval { get throws { try resolve(.process) } }
}
