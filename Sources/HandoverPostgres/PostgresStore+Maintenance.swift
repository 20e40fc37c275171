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
            let cxone = CXoneImport.statements(records.cxone, importedAt: importedAt, self.dialect).flatMap { $0 }
            for statement in cxone + CognigyImport(self).statements(records.cognigy, importedAt: importedAt)
                + GenesysImport.statements(records.genesys, importedAt: importedAt, self.dialect)
            {
                _ = try await connection.rows(statement.sql, statement.values.map(\.bindable), logger: logger)
            }
        }
    }

    var partitions: PostgresPartitions { PostgresPartitions(database: client, logger: logger) }

    /// Drops the weekly snapshot partitions wholly older than `cutoff` (no row-by-row delete, no table bloat), then
    /// deletes the older rows left in the partition that straddles it and in the other tables, in batches.
    public func purge(olderThan cutoff: Date, batchSize: Int) async throws -> RemovedRows {
        var dropped = 0
        for partition in try await partitions.expired(before: Timestamps.milliseconds(cutoff)) {
            dropped += Int(try await rows("SELECT count(*) FROM \(partition)").first?.decode(Int64.self) ?? 0)
            try await execute("DROP TABLE \(partition)")
            logger.info("dropped snapshot partition", metadata: ["partition": "\(partition)"])
        }
        var removed = try await RetentionPlan(self, snapshotKey: "id, received_at_ms").purge(before: cutoff, batchSize: batchSize)
        removed.snapshots += dropped
        try await partitions.ensure(around: Date())
        return removed
    }

    /// Removes everything about one caller (RetentionPlan.erase), then VACUUMs so the space is reused. PostgreSQL
    /// may keep the old bytes in its WAL until it recycles the segment.
    public func erase(_ subject: ErasureSubject) async throws -> RemovedRows {
        let removed = try await RetentionPlan(self).erase(subject)
        try await execute(
            """
            VACUUM snapshot, handover_attempt, idempotency_key, cxone_contact, cxone_contact_state, cxone_custom_data, session_diagnosis,
                cognigy_session, cognigy_message, session_term
            """)
        return removed
    }
}
