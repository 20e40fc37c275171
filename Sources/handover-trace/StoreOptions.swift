import ArgumentParser
import Foundation
import HandoverCore
import HandoverStore

/// `--db` for every command that reads or writes the database, with the same default and variable as `serve`.
struct StoreOptions: ParsableArguments {
    @Option(help: "SQLite database file. [HANDOVER_TRACE_DB] (default: ./handover-trace.sqlite)")
    var db: String?

    var path: String { db ?? EnvironmentDefaults.string("DB") ?? "./handover-trace.sqlite" }

    /// Opens the database; `mustExist` refuses to create an empty one where the user expected data.
    func open(mustExist: Bool = true) throws -> SQLiteStore {
        if mustExist, !FileManager.default.fileExists(atPath: path) {
            throw CommandFailure("no database at \(path): run `handover-trace serve` or `handover-trace demo` first, or pass --db PATH.")
        }
        do {
            return try SQLiteStore(path: path)
        } catch {
            throw CommandFailure("\(error)")
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
        SessionFilter(since: try since.map { try Self.parse($0, option: "--since", now: now) },
                      until: try until.map { try Self.parse($0, option: "--until", now: now) })
    }

    static func parse(_ text: String, option: String, now: Date) throws -> Date {
        guard let date = TimeExpression.parse(text, now: now) else {
            throw CommandFailure("\(option) \(text) is not \(TimeExpression.help).")
        }
        return date
    }
}

/// Closes the store whatever `body` does, so the WAL is checkpointed and nothing is left open.
func withStore<T>(_ store: SQLiteStore, _ body: (SQLiteStore) async throws -> T) async throws -> T {
    do {
        let result = try await body(store)
        try await store.close()
        return result
    } catch {
        try? await store.close()
        throw error
    }
}
