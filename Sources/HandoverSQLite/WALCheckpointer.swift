import GRDB
import HandoverStore
import ServiceLifecycle

/// Copies the WAL back into the database file from a connection of its own, off the write path. SQLite's automatic
/// checkpoint runs inside the commit that crosses 1000 pages, so every request of that batch waited for it; a
/// PASSIVE checkpoint here never blocks the writer. The WAL is still bounded: it is checkpointed every interval.
struct WALCheckpointer: Service {
    let path: String
    var interval: Duration = .milliseconds(250)

    func run() async throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(1)
        let connection = try DatabaseQueue(path: path, configuration: configuration)
        try await PeriodicService("WAL checkpoint", every: interval, atStart: false) {
            // A busy or failed checkpoint is retried next time; the data is safe in the WAL meanwhile.
            _ = try? await connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
        }.run()
        try connection.close()
    }
}
