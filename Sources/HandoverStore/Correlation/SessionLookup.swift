import Foundation
import HandoverCore

/// The smaller shared reads: which session an id names, when records last arrived, where the last CXone poll ended.
package struct SessionLookup: Sendable {
    let database: any SQLDatabase

    package init(_ database: any SQLDatabase) { self.database = database }

    /// The bot session id that `id` names: itself when it is one, else the session that recorded it as a contact id
    /// (or that a contact with this id names in custom data).
    package func sessionId(matching id: String) async throws -> String? {
        var query = SQLQuery(database.dialect)
        let value = query.bind(id)
        return try await database.rows(
            query,
            sql: """
                SELECT session_id FROM snapshot WHERE session_id = \(value)
                UNION ALL SELECT session_id FROM handover_attempt WHERE session_id = \(value)
                UNION ALL SELECT value FROM cxone_custom_data WHERE value = \(value)
                UNION ALL SELECT session_id FROM cognigy_session WHERE session_id = \(value)
                UNION ALL SELECT session_id FROM cognigy_message WHERE session_id = \(value)
                UNION ALL SELECT session_id FROM snapshot WHERE \(value) IN (contact_id, spawned_contact_id, master_contact_id)
                UNION ALL SELECT session_id FROM handover_attempt WHERE contact_id = \(value) AND session_id IS NOT NULL
                UNION ALL SELECT s.session_id FROM cxone_contact c JOIN snapshot s
                    ON c.master_contact_id IN (s.contact_id, s.spawned_contact_id, s.master_contact_id) WHERE c.contact_id = \(value)
                UNION ALL SELECT value FROM cxone_custom_data WHERE contact_id = \(value) AND \(SessionJoin.namesASession("name", database.dialect))
                UNION ALL SELECT session_id FROM cognigy_message WHERE \(value) IN (contact_id, spawned_contact_id)
                LIMIT 1
                """
        ) { try $0.text(0) }.first ?? nil
    }

    /// Every session an erasure of `id` removes: the session itself, or every session that recorded it as a contact.
    package func sessionIds(toErase id: String) async throws -> [String] {
        var query = SQLQuery(database.dialect)
        let value = query.bind(id)
        return try await database.rows(
            query,
            sql: """
                SELECT session_id FROM snapshot WHERE \(value) IN (session_id, contact_id, spawned_contact_id, master_contact_id)
                UNION SELECT session_id FROM handover_attempt WHERE (session_id = \(value) OR contact_id = \(value)) AND session_id IS NOT NULL
                UNION SELECT value FROM cxone_custom_data
                    WHERE value = \(value) OR (contact_id = \(value) AND \(SessionJoin.namesASession("name", database.dialect)))
                UNION SELECT session_id FROM cognigy_session WHERE session_id = \(value)
                UNION SELECT session_id FROM cognigy_message WHERE \(value) IN (session_id, contact_id, spawned_contact_id)
                """
        ) { try $0.text(0) ?? "" }
    }

    /// The sessions whose caller has this key (the number a snapshot posted, or Cognigy's `userId`), and the CXone
    /// contacts from it.
    package func records(ofCaller key: String) async throws -> (sessionIds: [String], contactIds: [String]) {
        var query = SQLQuery(database.dialect)
        let value = query.bind(key)
        let rows = try await database.rows(
            query,
            sql: """
                SELECT session_id, 0 FROM snapshot WHERE caller_key = \(value)
                UNION SELECT session_id, 0 FROM cognigy_session WHERE caller_key = \(value)
                UNION SELECT contact_id, 1 FROM cxone_contact WHERE caller_key = \(value)
                """
        ) { (try $0.text(0) ?? "", try $0.integer(1) == 1) }
        return (rows.filter { !$0.1 }.map(\.0), rows.filter(\.1).map(\.0))
    }

    package func activity() async throws -> Activity {
        let dialect = database.dialect
        let latest = dialect.greatest(
            "COALESCE((SELECT MAX(received_at_ms) FROM snapshot), 0)",
            "COALESCE((SELECT MAX(received_at_ms) FROM handover_attempt), 0)")
        let cognigy = CognigyImport.lastImportedSQL(dialect)
        let sql = "SELECT NULLIF(\(latest), 0), (SELECT MAX(imported_at_ms) FROM cxone_contact), NULLIF(\(cognigy), 0)"
        let row = try await database.rows(SQLQuery(dialect), sql: sql) { (try $0.integer(0), try $0.integer(1), try $0.integer(2)) }.first
        let date = { (milliseconds: Int64?) in milliseconds.map(Timestamps.date(milliseconds:)) }
        return Activity(lastIngested: date(row?.0), lastFetched: date(row?.1), lastCognigyImport: date(row?.2))
    }

    package func crowdedSessions(over threshold: Int, limit: Int) async throws -> [SessionSize] {
        var query = SQLQuery(database.dialect)
        let (over, most) = (query.bind(Int64(threshold)), query.bind(Int64(limit)))
        return try await database.rows(
            query,
            sql: """
                SELECT session_id, COUNT(*) FROM snapshot GROUP BY session_id HAVING COUNT(*) > \(over)
                ORDER BY COUNT(*) DESC, session_id LIMIT \(most)
                """
        ) { SessionSize(sessionId: try $0.text(0) ?? "", snapshots: Int(try $0.integer(1) ?? 0)) }
    }
}
