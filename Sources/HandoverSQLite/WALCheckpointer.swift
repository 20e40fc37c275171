import GRDB
import HandoverStore
import Synchronization

/// Copies the WAL back into the database file from a connection of its own, off the write path. SQLite's automatic
/// checkpoint runs inside the commit that crosses 1000 pages, so every request of that batch waited for it; a
/// PASSIVE checkpoint here never blocks the writer. The WAL is still bounded: it is checkpointed every interval.
final class WALCheckpointer: Sendable {
    private let connection: DatabaseQueue
    private let task: Mutex<Task<Void, Never>?> = Mutex(nil)

    init(path: String, interval: Duration = .milliseconds(250)) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(1)
        connection = try DatabaseQueue(path: path, configuration: configuration)
        let connection = self.connection
        task.withLock {
            $0 = Task.detached(priority: .utility) {
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    // A busy or failed checkpoint is retried next time; the data is safe in the WAL meanwhile.
                    _ = try? await connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
                }
            }
        }
    }

    func stop() async throws {
        let running = task.withLock { task in defer { task = nil }; return task }
        running?.cancel()
        await running?.value
        try connection.close()
    }
}
