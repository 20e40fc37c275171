import Foundation
import HandoverCore

/// The join's CXone half: each session's contacts, by a contact id the bot recorded (as CXone's contact id or
/// master contact id, so spawned contacts of a recorded master come too), by custom data naming the session, or by
/// caller and time where the session has no usable contact id.
struct ContactsJoin {
    let dialect: any SQLDialect
    let reader: any SQLReader
    let callerMatchWindow: TimeInterval

    func attach(to sessions: inout [String: CorrelatedSession]) async throws {
        var links = ContactLinks(&sessions, naming: try await customDataNaming(Array(sessions.keys)))
        for (sessionId, match) in try await CallerJoin(dialect: dialect, reader: reader, window: callerMatchWindow).matches(for: sessions) {
            sessions[sessionId]?.callerMatch = match
            if case .matched(let contactId, _) = match { links.add(contactId, owner: sessionId) }
        }
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
        let columns = CXoneImport.ContactColumn.names.joined(separator: ", ")
        let sql = """
            SELECT \(columns) FROM cxone_contact WHERE \(query.isIn("contact_id", ids))
            UNION
            SELECT \(columns) FROM cxone_contact WHERE \(query.isIn("master_contact_id", recordedIds))
            """
        return try await reader.rows(sql, query.values) { row in
            try CXoneImport.contact { column in try row.value(CXoneImport.position(column), column.kind) }
        }
    }

    private enum StateColumn: Int, SelectList {
        case contactId, stateIndex, stateName, rawJSON, stateId, startedAtMs, agentId, skillId, skillName, durationSeconds

        func expression(_ dialect: any SQLDialect) -> String {
            switch self {
            case .contactId: "contact_id"
            case .stateIndex: "state_index"
            case .stateName: "state_name"
            case .rawJSON: "raw_json"
            case .stateId: "state_id"
            case .startedAtMs: "started_at_ms"
            case .agentId: "agent_id"
            case .skillId: "skill_id"
            case .skillName: "skill_name"
            case .durationSeconds: "duration_seconds"
            }
        }
    }

    private func states(_ contactIds: [String]) async throws -> [ContactState] {
        guard !contactIds.isEmpty else { return [] }
        typealias C = StateColumn
        var query = SQLQuery(dialect)
        let sql = """
            SELECT \(C.sql(dialect))
            FROM cxone_contact_state WHERE \(query.isIn("contact_id", contactIds)) ORDER BY contact_id, state_index
            """
        return try await reader.rows(sql, query.values) { row in
            var state = ContactState(
                contactId: try row.text(C.contactId) ?? "", stateIndex: Int(try row.integer(C.stateIndex) ?? 0),
                stateName: try row.text(C.stateName), rawJSON: try row.text(C.rawJSON) ?? "")
            state.stateId = try row.text(C.stateId)
            state.startedAt = try row.integer(C.startedAtMs).map(Timestamps.date(milliseconds:))
            state.agentId = try row.text(C.agentId)
            state.skillId = try row.text(C.skillId)
            state.skillName = try row.text(C.skillName)
            state.durationSeconds = try row.real(C.durationSeconds)
            return state
        }
    }
}
