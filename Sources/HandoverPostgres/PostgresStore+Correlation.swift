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

    public func lastPoll() async throws -> Date? {
        try await rows("SELECT last_poll_ms FROM cxone_poll WHERE id = 1").first
            .map { Timestamps.date(milliseconds: try $0.decode(Int64.self)) }
    }

    public func recordPoll(endedAt: Date, contacts: Int) async throws {
        try await execute("""
            INSERT INTO cxone_poll (id, last_poll_ms, contacts) VALUES (1, $1, $2)
            ON CONFLICT (id) DO UPDATE SET last_poll_ms = excluded.last_poll_ms, contacts = excluded.contacts
            """, [Timestamps.milliseconds(endedAt), contacts])
    }

    public func sessionKeys(_ filter: SessionFilter) async throws -> [SessionKey] {
        try await snapshotRead { join in try await join.sessionKeys(filter) }
    }

    public func sessions(_ ids: [String]) async throws -> [CorrelatedSession] {
        guard !ids.isEmpty else { return [] }
        return try await snapshotRead { join in try await join.sessions(ids) }
    }

    /// The join's queries see one snapshot of the database, as SQLite's read transaction does.
    func snapshotRead<T: Sendable>(_ body: @escaping @Sendable (PostgresSessionJoin) async throws -> T) async throws -> T {
        try await transaction { [logger] connection in
            try await connection.rows("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            return try await body(PostgresSessionJoin(connection: connection, store: self))
        }
    }

    public func activity() async throws -> Activity {
        let row = try await rows("""
            SELECT NULLIF(GREATEST(COALESCE((SELECT MAX(received_at_ms) FROM snapshot), 0),
                                   COALESCE((SELECT MAX(received_at_ms) FROM handover_attempt), 0)), 0),
                   (SELECT MAX(imported_at_ms) FROM cxone_contact)
            """).first
        let (ingested, fetched) = try row?.decode((Int64?, Int64?).self) ?? (nil, nil)
        return Activity(lastIngested: ingested.map(Timestamps.date(milliseconds:)), lastFetched: fetched.map(Timestamps.date(milliseconds:)))
    }

    public func sessionId(matching id: String) async throws -> String? {
        try await rows("""
            SELECT session_id FROM snapshot WHERE session_id = $1
            UNION ALL SELECT session_id FROM handover_attempt WHERE session_id = $1
            UNION ALL SELECT value FROM cxone_custom_data WHERE value = $1
            UNION ALL SELECT session_id FROM snapshot WHERE $1 IN (contact_id, spawned_contact_id, master_contact_id)
            UNION ALL SELECT session_id FROM handover_attempt WHERE contact_id = $1 AND session_id IS NOT NULL
            UNION ALL SELECT s.session_id FROM cxone_contact c JOIN snapshot s
                ON c.master_contact_id IN (s.contact_id, s.spawned_contact_id, s.master_contact_id) WHERE c.contact_id = $1
            UNION ALL SELECT value FROM cxone_custom_data WHERE contact_id = $1 AND name ILIKE '%session%'
            LIMIT 1
            """, [id]).first.map { try $0.decode(String.self) }
    }
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
            table: "cxone_contact", columns: columns, rows: Self.lastOfEach(batch.contacts, by: \.contactId).map { CXoneImport.contactValues($0, importedAt: now).map(\.bindable) },
            conflict: "contact_id", update: "\(updates) WHERE cxone_contact.raw_json IS DISTINCT FROM excluded.raw_json")
        let stateColumns = ["contact_id", "state_index", "state_id", "state_name", "started_at_ms", "agent_id", "skill_id", "skill_name",
                            "duration_seconds", "raw_json"]
        counts.states = try await upsert(
            table: "cxone_contact_state", columns: stateColumns,
            rows: Self.lastOfEach(batch.states, by: { "\($0.contactId)\u{0}\($0.stateIndex)" }).map { state in
                [state.contactId, Int64(state.stateIndex), state.stateId, state.stateName, state.startedAt.map(Timestamps.milliseconds),
                 state.agentId, state.skillId, state.skillName, state.durationSeconds, state.rawJSON]
            },
            conflict: "contact_id, state_index",
            update: stateColumns.dropFirst(2).map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
                + " WHERE cxone_contact_state.raw_json IS DISTINCT FROM excluded.raw_json")
        counts.customData = try await upsert(
            table: "cxone_custom_data", columns: ["contact_id", "name", "value"],
            rows: Self.lastOfEach(batch.customData, by: { "\($0.contactId)\u{0}\($0.name)" }).map { [$0.contactId, $0.name, $0.value] },
            conflict: "contact_id, name",
            update: "value = excluded.value WHERE cxone_custom_data.value IS DISTINCT FROM excluded.value")
        return counts
    }

    /// One statement may not upsert a row twice; the last of each key wins, as it would one at a time.
    static func lastOfEach<T>(_ items: [T], by key: (T) -> String) -> [T] {
        var position: [String: Int] = [:]
        for (index, item) in items.enumerated() { position[key(item)] = index }
        return items.indices.filter { position[key(items[$0])] == $0 }.map { items[$0] }
    }

    /// Returns how many rows were inserted or changed, in statements of up to 1,000 rows.
    private func upsert(table: String, columns: [String], rows: [[any PostgresBindable]], conflict: String, update: String) async throws -> Int {
        var written = 0
        for start in stride(from: 0, to: rows.count, by: 1_000) {
            let chunk = rows[start..<min(start + 1_000, rows.count)]
            let list = valuesList(Array(chunk))
            written += try await connection.rows("""
                INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES \(list.sql)
                ON CONFLICT (\(conflict)) DO UPDATE SET \(update) RETURNING 1
                """, list.binds, logger: logger).count
        }
        return written
    }
}
