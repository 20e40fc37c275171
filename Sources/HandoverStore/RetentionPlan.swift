import Foundation
import HandoverCore

/// Retention and erasure, written once for both backends: what is deleted, in which order, and in batches small
/// enough that ingest never waits long behind them. Each backend adds what only it can do (PostgreSQL drops whole
/// weekly partitions first; SQLite rewrites its file after an erasure).
package struct RetentionPlan: Sendable {
    let database: any SQLDatabase
    /// The snapshot table's primary key: `id`, or `id, received_at_ms` where the table is partitioned by time.
    let snapshotKey: String

    package init(_ database: any SQLDatabase, snapshotKey: String = "id") {
        self.database = database
        self.snapshotKey = snapshotKey
    }

    /// Deletes everything received (or, for CXone and Cognigy's history, started) before `cutoff`, `batchSize` rows per transaction.
    package func purge(before cutoff: Date, batchSize: Int) async throws -> RemovedRows {
        let oldContacts = { (cutoff: String) in "contact_id IN (SELECT contact_id FROM cxone_contact WHERE started_at_ms < \(cutoff))" }
        let limit = Timestamps.milliseconds(cutoff)
        let delete = { (table: String, key: String, condition: @escaping (String) -> String) in
            try await self.deleteInBatches(table, key: key, where: condition, limit, batchSize)
        }
        var removed = RemovedRows()
        removed.snapshots = try await delete("snapshot", snapshotKey) { "received_at_ms < \($0)" }
        removed.handoverAttempts = try await delete("handover_attempt", "id") { "received_at_ms < \($0)" }
        _ = try await delete("idempotency_key", "route, key") { "created_at_ms < \($0)" }
        removed.states = try await delete("cxone_contact_state", "contact_id, state_index", oldContacts)
        removed.customData = try await delete("cxone_custom_data", "contact_id, name", oldContacts)
        removed.contacts = try await delete("cxone_contact", "contact_id") { "started_at_ms < \($0)" }
        removed.cognigyRecords = try await delete("cognigy_message", "collection, record_id") { "COALESCE(at_ms, imported_at_ms) < \($0)" }
        removed.cognigyRecords += try await delete("cognigy_session", "session_id") { "COALESCE(started_at_ms, imported_at_ms) < \($0)" }
        removed.genesysConversations = try await delete("genesys_conversation", "conversation_id") {
            "COALESCE(started_at_ms, imported_at_ms) < \($0)"
        }
        _ = try await delete("session_term", "term, session_id") {
            "session_id IN (SELECT session_id FROM session_diagnosis WHERE first_ms < \($0))"
        }
        _ = try await delete("session_diagnosis", "session_id") { "first_ms < \($0)" }
        return removed
    }

    /// `key` is the table's primary key (several tables have no rowid).
    private func deleteInBatches(
        _ table: String, key: String, where condition: (String) -> String, _ cutoff: Int64,
        _ batchSize: Int
    ) async throws -> Int {
        var total = 0
        while true {
            var query = SQLQuery(database.dialect)
            let value = query.bind(cutoff)
            let deleted = try await database.write(
                query,
                sql: """
                    DELETE FROM \(table) WHERE (\(key)) IN (SELECT \(key) FROM \(table) WHERE \(condition(value)) LIMIT \(batchSize))
                    """)
            total += deleted
            if deleted < batchSize { return total }
        }
    }

    /// Removes everything about one caller, in one transaction: the sessions the subject names, their CXone contacts
    /// (matched by caller and time too) with states and custom data, and for a caller every contact from that number.
    package func erase(_ subject: ErasureSubject) async throws -> RemovedRows {
        let (sessionIds, named) = try await subjectRecords(subject)
        let sessions = try await SessionJoin(database).sessions(sessionIds)
        let contactIds = Array(Set(sessions.flatMap(\.contactIds) + named)).sorted()
        let conversationIds = Array(
            Set(sessions.flatMap { $0.conversations.map(\.conversationId) } + named.compactMap(GenesysConversation.normalisedId)))
        let statement = { (build: (inout SQLQuery) -> String) in SQLQuery.statement(self.database.dialect, build) }
        // Every table that names a session or a contact, from `SessionLinks`; the keys first, while their records are there.
        var deletes: [(table: String, SQLStatement)] = [
            (
                "idempotency_key",
                statement { query in
                    """
                    DELETE FROM idempotency_key
                    WHERE (route = 'snapshots' AND record_id IN (SELECT id FROM snapshot WHERE \(query.isIn("session_id", sessionIds))))
                       OR (route = 'handovers' AND record_id IN (SELECT id FROM handover_attempt WHERE \(query.isIn("session_id", sessionIds))))
                    """
                }
            )
        ]
        var owned: [(table: String, column: String)] = SessionLinks.derivedRecords.map { ($0, "session_id") }
        for link in SessionLinks.own where !owned.contains(where: { $0.table == link.table }) { owned.append((link.table, link.sessionColumn)) }
        deletes += owned.map { table, column in (table, statement { "DELETE FROM \(table) WHERE \($0.isIn(column, sessionIds))" }) }
        deletes += SessionLinks.contactRecords.map { table in
            (table, statement { "DELETE FROM \(table) WHERE \($0.isIn("contact_id", contactIds))" })
        }
        deletes.append(
            ("genesys_conversation", statement { "DELETE FROM genesys_conversation WHERE \($0.isIn("conversation_id", conversationIds))" }))
        let counts = try await database.writeAll(deletes.map(\.1))
        var byTable: [String: Int] = [:]
        for (delete, count) in zip(deletes, counts) { byTable[delete.table, default: 0] += count }
        var removed = RemovedRows()
        (removed.snapshots, removed.handoverAttempts, removed.states) =
            (byTable["snapshot"] ?? 0, byTable["handover_attempt"] ?? 0, byTable["cxone_contact_state"] ?? 0)
        (removed.customData, removed.contacts) = (byTable["cxone_custom_data"] ?? 0, byTable["cxone_contact"] ?? 0)
        removed.cognigyRecords = (byTable["cognigy_message"] ?? 0) + (byTable["cognigy_session"] ?? 0)
        removed.genesysConversations = byTable["genesys_conversation"] ?? 0
        return removed
    }

    /// The sessions an erasure removes, and the contact ids it names itself.
    private func subjectRecords(_ subject: ErasureSubject) async throws -> (sessionIds: [String], contactIds: [String]) {
        let lookup = SessionLookup(database)
        switch subject {
        case .id(let id):
            return (try await lookup.sessionIds(toErase: id), [id])
        case .caller(let number, let hashedKey):
            guard let key = CallerKey.key(number) else {
                throw InputError(.invalidField, "\(number) is not a phone number: give the caller's number, such as +44 20 7946 0958.")
            }
            var (sessionIds, contactIds) = (Set<String>(), Set<String>())
            for key in [key] + [hashedKey].compactMap({ $0 }) {
                let caller = try await lookup.records(ofCaller: key)
                sessionIds.formUnion(caller.sessionIds)
                contactIds.formUnion(caller.contactIds)
            }
            for contactId in contactIds { sessionIds.formUnion(try await lookup.sessionIds(linkedTo: contactId)) }
            return (sessionIds.sorted(), contactIds.sorted())
        }
    }
}
