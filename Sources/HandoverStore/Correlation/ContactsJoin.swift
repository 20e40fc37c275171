import Foundation
import HandoverCore

/// The join's CXone half: each session's contacts, by a contact id the bot recorded (as CXone's contact id or
/// master contact id, so spawned contacts of a recorded master come too) or by custom data naming the session.
struct ContactsJoin {
    let dialect: any SQLDialect
    let reader: any SQLReader

    func attach(to sessions: inout [String: CorrelatedSession]) async throws {
        let links = ContactLinks(&sessions, naming: try await customDataNaming(Array(sessions.keys)))
        let contacts = try await contacts(recordedIds: links.recordedIds, namedIds: links.namedIds)
        links.attach(contacts, states: try await states(contacts.map(\.contactId)), to: &sessions)
    }

    private func customDataNaming(_ sessionIds: [String]) async throws -> [CustomDataItem] {
        guard !sessionIds.isEmpty else { return [] }
        var query = SQLQuery(dialect)
        let sql = "SELECT contact_id, name, value FROM cxone_custom_data WHERE \(query.isIn("value", sessionIds))"
        return try await reader.rows(sql, query.values) { row in
            CustomDataItem(contactId: try row.text(0) ?? "", name: try row.text(1) ?? "", value: try row.text(2) ?? "")
        }
    }

    private func contacts(recordedIds: [String], namedIds: [String]) async throws -> [CXoneContact] {
        let ids = Array(Set(recordedIds + namedIds))
        guard !ids.isEmpty else { return [] }
        var query = SQLQuery(dialect)
        let columns = CXoneImport.contactColumns.joined(separator: ", ")
        let sql = """
            SELECT \(columns) FROM cxone_contact WHERE \(query.isIn("contact_id", ids))
            UNION
            SELECT \(columns) FROM cxone_contact WHERE \(query.isIn("master_contact_id", recordedIds))
            """
        return try await reader.rows(sql, query.values) { row in
            try CXoneImport.contact { column in try row.value(CXoneImport.position(column), column.kind) }
        }
    }

    private func states(_ contactIds: [String]) async throws -> [ContactState] {
        guard !contactIds.isEmpty else { return [] }
        var query = SQLQuery(dialect)
        let sql = """
            SELECT contact_id, state_index, state_name, raw_json, state_id, started_at_ms, agent_id, skill_id, skill_name,
                duration_seconds
            FROM cxone_contact_state WHERE \(query.isIn("contact_id", contactIds)) ORDER BY contact_id, state_index
            """
        return try await reader.rows(sql, query.values) { row in
            var state = ContactState(contactId: try row.text(0) ?? "", stateIndex: Int(try row.integer(1) ?? 0), stateName: try row.text(2),
                                     rawJSON: try row.text(3) ?? "")
            state.stateId = try row.text(4)
            state.startedAt = try row.integer(5).map(Timestamps.date(milliseconds:))
            state.agentId = try row.text(6)
            state.skillId = try row.text(7)
            state.skillName = try row.text(8)
            state.durationSeconds = try row.real(9)
            return state
        }
    }
}
