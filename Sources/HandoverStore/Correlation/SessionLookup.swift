import Foundation
import HandoverCore

/// The smaller shared reads: which session an id names (by `SessionLinks`), when records last arrived, crowded sessions.
package struct SessionLookup: Sendable {
    let database: any SQLDatabase

    package init(_ database: any SQLDatabase) { self.database = database }

    /// The bot session id that `id` names: itself when it is one, else a session the contact with this id belongs to,
    /// by an id or by caller and time.
    package func sessionId(matching id: String) async throws -> String? {
        var query = SQLQuery(database.dialect)
        let selects = Self.spellings(of: id).flatMap { SessionLinks.sessions(naming: query.bind($0), database.dialect) }
        if let linked = try await database.rows(query, sql: selects.joined(separator: "\nUNION ALL ") + "\nLIMIT 1", { try $0.text(0) }).first {
            return linked
        }
        return try await sessionsMatchedByCaller(contactId: Self.spellings(of: id).last ?? id).first
    }

    /// Every session an erasure of `id` removes: the session itself, or every session the contact belongs to.
    package func sessionIds(toErase id: String) async throws -> [String] {
        Array(Set(try await sessionIds(linkedTo: id) + (try await sessionsMatchedByCaller(contactId: Self.spellings(of: id).last ?? id)))).sorted()
    }

    /// The sessions whose rows name `id` by an id: itself, or sessions that recorded the contact or that its custom
    /// data names. Erasing a caller uses these alone for the caller's contacts, whose caller matches are among the
    /// caller's own sessions already.
    package func sessionIds(linkedTo id: String) async throws -> [String] {
        var query = SQLQuery(database.dialect)
        let selects = Self.spellings(of: id).flatMap { SessionLinks.sessions(naming: query.bind($0), database.dialect) }
        return try await database.rows(query, sql: selects.joined(separator: "\nUNION ")) { try $0.text(0) ?? "" }
    }

    /// The id as given, and as a Genesys conversation id is stored (trimmed, lower case) where that differs.
    static func spellings(of id: String) -> [String] {
        guard let conversation = GenesysConversation.normalisedId(id), conversation != id else { return [id] }
        return [id, conversation]
    }

    /// The sessions a contact belongs to by caller and time alone: of its caller's sessions, those the join matches
    /// it to (one contact in the window), so the rule is the join's, not restated here.
    private func sessionsMatchedByCaller(contactId: String) async throws -> [String] {
        var query = SQLQuery(database.dialect)
        let id = query.bind(contactId)
        let callers = ContactCentreTable.all.map { "(SELECT caller_key FROM \($0.table) WHERE \($0.id) = \(id))" }
        let caller = "COALESCE(\(callers.joined(separator: ", ")))"
        let selects = SessionLinks.sessions(ofCaller: caller, database.dialect)
        let candidates = try await database.rows(query, sql: selects.joined(separator: "\nUNION ")) { try $0.text(0) ?? "" }
        var matched: [String] = []
        for start in stride(from: 0, to: candidates.count, by: CorrelationChunk.size) {
            let chunk = Array(candidates[start..<min(start + CorrelationChunk.size, candidates.count)])
            for session in try await SessionJoin(database).sessions(chunk)
            where session.callerMatch?.contactId == contactId || session.conversationCallerMatch?.contactId == contactId {
                matched.append(session.sessionId)
            }
        }
        return matched.sorted()
    }

    /// The sessions whose caller has this key (the number a snapshot posted, or Cognigy's `userId`), and the CXone
    /// contacts from it.
    package func records(ofCaller key: String) async throws -> (sessionIds: [String], contactIds: [String]) {
        var query = SQLQuery(database.dialect)
        let value = query.bind(key)
        let sessions = SessionLinks.sessions(ofCaller: value, database.dialect).joined(separator: "\nUNION ")
        let sessionIds = try await database.rows(query, sql: sessions) { try $0.text(0) ?? "" }
        let records = ContactCentreTable.all.map { "SELECT \($0.id) FROM \($0.table) WHERE caller_key = \(value)" }
        let contactIds = try await database.rows(query, sql: records.joined(separator: "\nUNION ")) { try $0.text(0) ?? "" }
        return (sessionIds, contactIds)
    }

    package func activity() async throws -> Activity {
        let dialect = database.dialect
        let latest = dialect.greatest(
            "COALESCE((SELECT MAX(received_at_ms) FROM snapshot), 0)",
            "COALESCE((SELECT MAX(received_at_ms) FROM handover_attempt), 0)")
        let cognigy = CognigyImport.lastImportedSQL(dialect)
        let sql = """
            SELECT NULLIF(\(latest), 0), (SELECT MAX(imported_at_ms) FROM cxone_contact), NULLIF(\(cognigy), 0),
                   (SELECT MAX(imported_at_ms) FROM genesys_conversation)
            """
        let row = try await database.rows(SQLQuery(dialect), sql: sql) { row in try (0..<4).map { try row.integer($0) } }.first ?? []
        let date = { (index: Int) in row.count > index ? row[index].map(Timestamps.date(milliseconds:)) : nil }
        return Activity(lastIngested: date(0), lastFetched: date(1), lastCognigyImport: date(2), lastGenesysImport: date(3))
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
