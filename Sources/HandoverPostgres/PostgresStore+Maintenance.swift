import Foundation
import HandoverCore
import HandoverStore
import PostgresNIO

extension PostgresStore: StoreMaintenance {
    public func writeBulk(_ records: BulkRecords, importedAt: Date) async throws {
        // Partitions first, so the rows go straight into their week instead of through the default partition.
        let received = records.snapshots.map { Timestamps.milliseconds($0.1.receivedAt) }
        if let first = received.min(), let last = received.max() {
            try await partitions.ensure(from: first, through: last)
        }
        try await transaction { [logger] connection in
            let snapshots = records.snapshots.map { Self.insert(SnapshotRecord($0.0, $0.1), key: nil) }
            _ = try await PostgresBatches.insertMany(snapshots, into: "snapshot", on: connection, logger: logger)
            let attempts = records.attempts.map { Self.insert(HandoverAttemptRecord($0.0, $0.1, $0.2), key: nil) }
            _ = try await PostgresBatches.insertMany(attempts, into: "handover_attempt", on: connection, logger: logger)
            _ = try await PostgresCXoneImport(connection: connection, logger: logger).write(records.cxone, importedAt: importedAt)
        }
    }

    var partitions: PostgresPartitions { PostgresPartitions(client: client, logger: logger) }

    /// Drops the weekly snapshot partitions wholly older than `cutoff` (no row-by-row delete, no table bloat), then
    /// deletes the older rows left in the partition that straddles it and in the other tables, in batches.
    public func purge(olderThan cutoff: Date, batchSize: Int) async throws -> RemovedRows {
        let limit = Timestamps.milliseconds(cutoff)
        var removed = RemovedRows()
        for partition in try await partitions.expired(before: limit) {
            removed.snapshots += Int(try await rows("SELECT count(*) FROM \(partition)").first?.decode(Int64.self) ?? 0)
            try await execute("DROP TABLE \(partition)")
            logger.info("dropped snapshot partition", metadata: ["partition": "\(partition)"])
        }
        let oldContacts = "contact_id IN (SELECT contact_id FROM cxone_contact WHERE started_at_ms < $1)"
        removed.snapshots += try await deleteInBatches("snapshot", key: "id, received_at_ms", where: "received_at_ms < $1", limit, batchSize)
        removed.handoverAttempts = try await deleteInBatches("handover_attempt", key: "id", where: "received_at_ms < $1", limit, batchSize)
        _ = try await deleteInBatches("idempotency_key", key: "route, key", where: "created_at_ms < $1", limit, batchSize)
        removed.states = try await deleteInBatches("cxone_contact_state", key: "contact_id, state_index", where: oldContacts, limit, batchSize)
        removed.customData = try await deleteInBatches("cxone_custom_data", key: "contact_id, name", where: oldContacts, limit, batchSize)
        removed.contacts = try await deleteInBatches("cxone_contact", key: "contact_id", where: "started_at_ms < $1", limit, batchSize)
        _ = try await deleteInBatches("session_diagnosis", key: "session_id", where: "first_ms < $1", limit, batchSize)
        try await partitions.ensure(around: Date())
        return removed
    }

    private func deleteInBatches(_ table: String, key: String, where condition: String, _ limit: Int64, _ batchSize: Int) async throws -> Int {
        var total = 0
        while true {
            let deleted = try await rows("""
                DELETE FROM \(table) WHERE (\(key)) IN (SELECT \(key) FROM \(table) WHERE \(condition) LIMIT \(batchSize)) RETURNING 1
                """, [limit]).count
            total += deleted
            if deleted < batchSize { return total }
        }
    }

    /// As SQLiteStore.erase: the sessions the id names and their CXone records, in one transaction; then VACUUM
    /// so the space is reused. PostgreSQL may keep the old bytes in its WAL until it recycles the segment.
    public func erase(matching id: String) async throws -> RemovedRows {
        let sessionIds = try await rows("""
            SELECT session_id FROM snapshot WHERE $1 IN (session_id, contact_id, spawned_contact_id, master_contact_id)
            UNION SELECT session_id FROM handover_attempt WHERE (session_id = $1 OR contact_id = $1) AND session_id IS NOT NULL
            UNION SELECT value FROM cxone_custom_data WHERE value = $1 OR (contact_id = $1 AND name ILIKE '%session%')
            """, [id]).map { try $0.decode(String.self) }
        let sessions = try await self.sessions(sessionIds)
        let contactIds = Array(Set(sessions.flatMap(\.contactIds) + [id]))
        let removed = try await transaction { connection in
            let count = { (sql: String, binds: [any PostgresBindable]) in
                try await connection.rows(sql + " RETURNING 1", binds, logger: self.logger).count
            }
            var removed = RemovedRows()
            _ = try await count("""
                DELETE FROM idempotency_key WHERE (route = 'snapshots' AND record_id IN (SELECT id FROM snapshot WHERE session_id = ANY($1)))
                   OR (route = 'handovers' AND record_id IN (SELECT id FROM handover_attempt WHERE session_id = ANY($1)))
                """, [sessionIds])
            _ = try await count("DELETE FROM session_diagnosis WHERE session_id = ANY($1)", [sessionIds])
            removed.snapshots = try await count("DELETE FROM snapshot WHERE session_id = ANY($1)", [sessionIds])
            removed.handoverAttempts = try await count("DELETE FROM handover_attempt WHERE session_id = ANY($1)", [sessionIds])
            removed.states = try await count("DELETE FROM cxone_contact_state WHERE contact_id = ANY($1)", [contactIds])
            removed.customData = try await count("DELETE FROM cxone_custom_data WHERE contact_id = ANY($1) OR value = ANY($2)",
                                                 [contactIds, sessionIds])
            removed.contacts = try await count("DELETE FROM cxone_contact WHERE contact_id = ANY($1)", [contactIds])
            return removed
        }
        try await execute("VACUUM snapshot, handover_attempt, idempotency_key, cxone_contact, cxone_contact_state, cxone_custom_data, session_diagnosis")
        return removed
    }
}
