import Foundation
import HandoverCore
import HandoverSQLite
import HandoverStore

/// A database file in its own temporary folder, removed with everything SQLite put beside it (WAL, SHM).
public struct TemporaryDatabase: Sendable {
    public let folder: URL
    public var path: String { folder.appendingPathComponent("test.sqlite").path }

    public init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("handover-trace-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// Opens a store on the file, runs `body`, closes the store and deletes the folder, whatever happens.
    public static func with<T>(
        metrics: StoreMetrics = StoreMetrics(), busyTimeout: TimeInterval = 5, callerMatchWindow: TimeInterval = CallerJoinDefaults.window,
        settle: TimeInterval = Settlement.defaultSettle, _ body: (SQLiteStore, TemporaryDatabase) async throws -> T
    ) async throws -> T {
        let database = try TemporaryDatabase()
        defer { database.remove() }
        let store = try SQLiteStore(
            path: database.path, metrics: metrics, busyTimeout: busyTimeout, callerMatchWindow: callerMatchWindow, settle: settle)
        return try await store.running { try await body(store, database) }
    }

    /// Whether any file SQLite keeps for this database (the file, its WAL, its shared memory) holds these bytes:
    /// how tests prove a value never reached the disk, or left it.
    public func filesHold(_ text: String) -> Bool {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.contains { name in
            FileManager.default.contents(atPath: folder.appendingPathComponent(name).path)?.range(of: Data(text.utf8)) != nil
        }
    }

    public func remove() {
        try? FileManager.default.removeItem(at: folder)
    }
}
