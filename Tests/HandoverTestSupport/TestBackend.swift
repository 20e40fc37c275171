import Foundation
import HandoverPostgres
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
