import Foundation
import GRDB
import HandoverPostgres
import HandoverSQLite
import HandoverStore

/// The storage backends a parameterised test runs against: SQLite always, PostgreSQL when one could be started.
public enum TestBackend: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }

    /// Every backend this machine can run; when PostgreSQL is missing it says why, once, and its cases are skipped.
    public static let available: [TestBackend] = {
        guard TestPostgres.isAvailable else {
            FileHandle.standardError.write(Data("⚠︎ \(TestPostgres.unavailableReason)\n".utf8))
            return [.sqlite]
        }
        return [.sqlite, .postgres]
    }()

    /// Opens an empty store of this kind, runs `body`, and removes the store's file or database afterwards.
    public func withStore<T>(metrics: StoreMetrics = StoreMetrics(), _ body: (any ManagedStore) async throws -> T) async throws -> T {
        switch self {
        case .sqlite: try await TemporaryDatabase.with(metrics: metrics) { store, _ in try await body(store) }
        case .postgres: try await TestPostgres.withStore(metrics: metrics) { store, _ in try await body(store) }
        }
    }
}

/// The first column of the first row of `sql` as text, from either backend: how tests look at what was stored.
/// The SQL must mean the same on both (counts and plain columns do).
public func storedValue(_ store: any ManagedStore, _ sql: String) async throws -> String? {
    switch store {
    case let sqlite as SQLiteStore:
        return try await sqlite.pool.read { db in try String.fetchOne(db, sql: "SELECT CAST((\(sql)) AS TEXT)") }
    case let postgres as PostgresStore:
        return try await postgres.rows("SELECT CAST((\(sql)) AS TEXT)").first?.decode(String?.self)
    default:
        return nil
    }
}
