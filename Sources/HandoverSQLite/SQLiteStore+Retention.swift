import Foundation
import GRDB
import HandoverCore
import HandoverStore

extension SQLiteStore: StoreMaintenance {
    /// Deletes everything received (or, for CXone, started) before `cutoff` (RetentionPlan), a few thousand rows
    /// per transaction so ingest never waits long behind it.
    public func purge(olderThan cutoff: Date, batchSize: Int) async throws -> RemovedRows {
        try await RetentionPlan(self).purge(before: cutoff, batchSize: batchSize)
    }

    /// Removes everything about one caller (RetentionPlan.erase), then rewrites the file (`VACUUM`) and empties the
    /// WAL, so the deleted values cannot be recovered from disk.
    public func erase(_ subject: ErasureSubject) async throws -> RemovedRows {
        let removed = try await RetentionPlan(self).erase(subject)
        try await retryingWhileBusy { db in try db.execute(sql: "VACUUM") }
        try await retryingWhileBusy { db in try db.checkpoint(.truncate) }
        return removed
    }

    /// VACUUM and a TRUNCATE checkpoint meet the background checkpointer now and then; SQLite answers that with
    /// SQLITE_BUSY at once rather than waiting, so try again for up to two seconds.
    private func retryingWhileBusy(_ body: @escaping @Sendable (Database) throws -> Void) async throws {
        var attempt = 1
        while true {
            do {
                try await pool.writeWithoutTransaction(body)
                return
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && attempt < 100 {
                attempt += 1
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }
}
