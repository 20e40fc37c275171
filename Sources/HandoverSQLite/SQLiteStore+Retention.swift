import Foundation
import GRDB
import HandoverCore
import HandoverStore

extension SQLiteStore: StoreMaintenance {
    /// Deletes everything received (or, for CXone, started) before `cutoff`, a few thousand rows per transaction so
    /// ingest never waits long behind it.
    public func purge(olderThan cutoff: Date, batchSize: Int) async throws -> RemovedRows {
        let limit = Timestamps.milliseconds(cutoff)
        var removed = RemovedRows()
        let oldContacts = "contact_id IN (SELECT contact_id FROM cxone_contact WHERE started_at_ms < ?)"
        removed.snapshots = try await deleteInBatches("snapshot", key: "id", where: "received_at_ms < ?", limit, batchSize)
        removed.handoverAttempts = try await deleteInBatches("handover_attempt", key: "id", where: "received_at_ms < ?", limit, batchSize)
        _ = try await deleteInBatches("idempotency_key", key: "route, key", where: "created_at_ms < ?", limit, batchSize)
        removed.states = try await deleteInBatches("cxone_contact_state", key: "contact_id, state_index", where: oldContacts, limit, batchSize)
        removed.customData = try await deleteInBatches("cxone_custom_data", key: "contact_id, name", where: oldContacts, limit, batchSize)
        removed.contacts = try await deleteInBatches("cxone_contact", key: "contact_id", where: "started_at_ms < ?", limit, batchSize)
        _ = try await deleteInBatches("session_diagnosis", key: "session_id", where: "first_ms < ?", limit, batchSize)
        return removed
    }

    /// `key` is the table's primary key (several tables have no rowid).
    private func deleteInBatches(_ table: String, key: String, where condition: String, _ limit: Int64, _ batchSize: Int) async throws -> Int {
        var total = 0
        while true {
            let deleted = try await pool.write { db in
                try db.execute(sql: "DELETE FROM \(table) WHERE (\(key)) IN (SELECT \(key) FROM \(table) WHERE \(condition) LIMIT \(batchSize))",
                               arguments: [limit])
                return db.changesCount
            }
            total += deleted
            if deleted < batchSize { return total }
        }
    }

    /// Removes everything about one caller: the sessions the id names (a bot session id, or every session that
    /// recorded this contact id), their CXone contacts with states and custom data, then rewrites the file
    /// (`VACUUM`) and empties the WAL, so the deleted values cannot be recovered from disk.
    public func erase(matching id: String) async throws -> RemovedRows {
        let sessionIds = try await sessionIdsToErase(id)
        let sessions = try await self.sessions(sessionIds)
        let contactIds = Set(sessions.flatMap(\.contactIds) + [id])
        let removed = try await pool.write { db in
            var removed = RemovedRows()
            let sessionList = StatementArguments(sessionIds)
            let marks = "(" + Array(repeating: "?", count: max(sessionIds.count, 1)).joined(separator: ",") + ")"
            try db.execute(sql: """
                DELETE FROM idempotency_key WHERE (route = 'snapshots' AND record_id IN (SELECT id FROM snapshot WHERE session_id IN \(marks)))
                   OR (route = 'handovers' AND record_id IN (SELECT id FROM handover_attempt WHERE session_id IN \(marks)))
                """, arguments: sessionList + sessionList)
            try db.execute(sql: "DELETE FROM session_diagnosis WHERE session_id IN \(marks)", arguments: sessionList)
            try db.execute(sql: "DELETE FROM snapshot WHERE session_id IN \(marks)", arguments: sessionList)
            removed.snapshots = db.changesCount
            try db.execute(sql: "DELETE FROM handover_attempt WHERE session_id IN \(marks)", arguments: sessionList)
            removed.handoverAttempts = db.changesCount
            for contactId in contactIds {
                try db.execute(sql: "DELETE FROM cxone_contact_state WHERE contact_id = ?", arguments: [contactId])
                removed.states += db.changesCount
                try db.execute(sql: "DELETE FROM cxone_custom_data WHERE contact_id = ? OR value IN \(marks)", arguments: [contactId] + sessionList)
                removed.customData += db.changesCount
                try db.execute(sql: "DELETE FROM cxone_contact WHERE contact_id = ?", arguments: [contactId])
                removed.contacts += db.changesCount
            }
            return removed
        }
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

    private func sessionIdsToErase(_ id: String) async throws -> [String] {
        try await read { db in
            try String.fetchAll(db, sql: """
                SELECT session_id FROM snapshot WHERE ?1 IN (session_id, contact_id, spawned_contact_id, master_contact_id)
                UNION SELECT session_id FROM handover_attempt WHERE (session_id = ?1 OR contact_id = ?1) AND session_id IS NOT NULL
                UNION SELECT value FROM cxone_custom_data WHERE value = ?1 OR (contact_id = ?1 AND name LIKE '%session%')
                """, arguments: [id])
        }
    }
}
