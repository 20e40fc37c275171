import Foundation
import HandoverCore
import HandoverStore
import PostgresNIO

extension PostgresStore: CorrelationStore {
    public func importCXone(_ batch: CXoneBatch, importedAt: Date) async throws -> ImportCounts {
        try await transaction { [logger] connection in
            try await PostgresCXoneImport(connection: connection, logger: logger).write(batch, importedAt: importedAt)
        }
    }
}

extension PostgresStore: SharedStore, NotificationStore {
    /// Replicas draw ids from one sequence but commit in their own order: the refresh's watermark waits this long.
    package var refreshSettlingMilliseconds: Int64 { 10_000 }
}

/// CXoneImport's upserts in PostgreSQL: many rows per statement, a row rewritten only when CXone sent something
/// different, so a re-import counts nothing.
struct PostgresCXoneImport {
    let connection: PostgresConnection
    let logger: Logger

    func write(_ batch: CXoneBatch, importedAt: Date) async throws -> ImportCounts {
        let now = Timestamps.milliseconds(importedAt)
        let columns = CXoneImport.contactColumns
        let updates = columns.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        var counts = ImportCounts()
        counts.contacts = try await upsert(
            table: "cxone_contact", columns: columns,
            rows: UpsertRows.lastOfEach(batch.contacts, by: \.contactId).map { CXoneImport.contactValues($0, importedAt: now).map(\.bindable) },
            conflict: "contact_id",
            update: "\(updates) WHERE cxone_contact.raw_json IS DISTINCT FROM excluded.raw_json"
                + " OR cxone_contact.caller_key IS DISTINCT FROM excluded.caller_key")
        let stateColumns = [
            "contact_id", "state_index", "state_id", "state_name", "started_at_ms", "agent_id", "skill_id", "skill_name",
            "duration_seconds", "raw_json",
        ]
        counts.states = try await upsert(
            table: "cxone_contact_state", columns: stateColumns,
            rows: UpsertRows.lastOfEach(batch.states, by: { "\($0.contactId)\u{0}\($0.stateIndex)" }).map { state in
                [
                    state.contactId, Int64(state.stateIndex), state.stateId, state.stateName, state.startedAt.map(Timestamps.milliseconds),
                    state.agentId, state.skillId, state.skillName, state.durationSeconds, state.rawJSON,
                ]
            },
            conflict: "contact_id, state_index",
            update: stateColumns.dropFirst(2).map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
                + " WHERE cxone_contact_state.raw_json IS DISTINCT FROM excluded.raw_json")
        counts.customData = try await upsert(
            table: "cxone_custom_data", columns: ["contact_id", "name", "value"],
            rows: UpsertRows.lastOfEach(batch.customData, by: { "\($0.contactId)\u{0}\($0.name)" }).map { [$0.contactId, $0.name, $0.value] },
            conflict: "contact_id, name",
            update: "value = excluded.value WHERE cxone_custom_data.value IS DISTINCT FROM excluded.value")
        return counts
    }

    /// Returns how many rows were inserted or changed, in statements of up to 1,000 rows.
    private func upsert(table: String, columns: [String], rows: [[any PostgresBindable]], conflict: String, update: String) async throws -> Int {
        var written = 0
        for start in stride(from: 0, to: rows.count, by: 1_000) {
            let chunk = rows[start..<min(start + 1_000, rows.count)]
            let list = valuesList(Array(chunk))
            written += try await connection.rows(
                """
                INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES \(list.sql)
                ON CONFLICT (\(conflict)) DO UPDATE SET \(update) RETURNING 1
                """, list.binds, logger: logger
            ).count
        }
        return written
    }
}
