import Foundation
import GRDB
import HandoverCore
import HandoverStore

extension SQLiteStore: CorrelationStore {
    public func importCXone(_ batch: CXoneBatch, importedAt: Date) async throws -> ImportCounts {
        do {
            return try await pool.write { db in try CXoneImport.write(batch, importedAt: importedAt, in: db) }
        } catch {
            throw Self.classify(error)
        }
    }

    public func lastPoll() async throws -> Date? {
        try await read { db in
            try Int64.fetchOne(db, sql: "SELECT last_poll_ms FROM cxone_poll WHERE id = 1").map(Timestamps.date(milliseconds:))
        }
    }

    public func recordPoll(endedAt: Date, contacts: Int) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO cxone_poll (id, last_poll_ms, contacts) VALUES (1, ?, ?)
                ON CONFLICT (id) DO UPDATE SET last_poll_ms = excluded.last_poll_ms, contacts = excluded.contacts
                """, arguments: [Timestamps.milliseconds(endedAt), contacts])
        }
    }

    public func sessionKeys(_ filter: SessionFilter) async throws -> [SessionKey] {
        try await read { db in try SessionJoin(db: db).sessionKeys(filter) }
    }

    public func sessions(_ ids: [String]) async throws -> [CorrelatedSession] {
        guard !ids.isEmpty else { return [] }
        return try await read { db in try SessionJoin(db: db).sessions(ids) }
    }

    public func activity() async throws -> Activity {
        try await read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT NULLIF(MAX(COALESCE((SELECT MAX(received_at_ms) FROM snapshot), 0),
                                  COALESCE((SELECT MAX(received_at_ms) FROM handover_attempt), 0)), 0),
                       (SELECT MAX(imported_at_ms) FROM cxone_contact)
                """)
            let date = { (value: Int64?) in value.map(Timestamps.date(milliseconds:)) }
            return Activity(lastIngested: date(row?[0]), lastFetched: date(row?[1]))
        }
    }

    public func sessionId(matching id: String) async throws -> String? {
        try await read { db in
            try String.fetchOne(db, sql: """
                SELECT session_id FROM snapshot WHERE session_id = ?1
                UNION ALL SELECT session_id FROM handover_attempt WHERE session_id = ?1
                UNION ALL SELECT value FROM cxone_custom_data WHERE value = ?1
                UNION ALL SELECT session_id FROM snapshot WHERE ?1 IN (contact_id, spawned_contact_id, master_contact_id)
                UNION ALL SELECT session_id FROM handover_attempt WHERE contact_id = ?1 AND session_id IS NOT NULL
                UNION ALL SELECT s.session_id FROM cxone_contact c JOIN snapshot s
                    ON c.master_contact_id IN (s.contact_id, s.spawned_contact_id, s.master_contact_id) WHERE c.contact_id = ?1
                UNION ALL SELECT value FROM cxone_custom_data WHERE contact_id = ?1 AND name LIKE '%session%'
                LIMIT 1
                """, arguments: [id])
        }
    }
}
