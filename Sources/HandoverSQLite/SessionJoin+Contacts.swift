import Foundation
import GRDB
import HandoverCore
import HandoverStore

extension SessionJoin {
    /// Finds each session's contacts: by a contact id the bot recorded (as CXone's contact id or master contact
    /// id, so spawned contacts of a recorded master come too) or by custom data naming the session.
    func attachContacts(to sessions: inout [String: CorrelatedSession]) throws {
        let links = ContactLinks(&sessions, naming: try customDataNaming(Array(sessions.keys)))
        let contacts = try fetchContacts(recordedIds: links.recordedIds, namedIds: links.namedIds)
        links.attach(contacts, states: try fetchStates(contacts.map(\.contactId)), to: &sessions)
    }

    private func customDataNaming(_ sessionIds: [String]) throws -> [CustomDataItem] {
        guard !sessionIds.isEmpty else { return [] }
        return try Row.fetchAll(db, sql: """
            SELECT contact_id, name, value FROM cxone_custom_data WHERE value IN \(placeholders(sessionIds.count))
            """, arguments: StatementArguments(sessionIds)).map {
            CustomDataItem(contactId: $0["contact_id"], name: $0["name"], value: $0["value"])
        }
    }

    private func fetchContacts(recordedIds: [String], namedIds: [String]) throws -> [CXoneContact] {
        let ids = Array(Set(recordedIds + namedIds))
        guard !ids.isEmpty else { return [] }
        let columns = CXoneImport.contactColumns.joined(separator: ", ")
        return try Row.fetchAll(db, sql: """
            SELECT \(columns) FROM cxone_contact WHERE contact_id IN \(placeholders(ids.count))
            UNION
            SELECT \(columns) FROM cxone_contact WHERE master_contact_id IN \(placeholders(recordedIds.count))
            """, arguments: StatementArguments(ids) + StatementArguments(recordedIds.isEmpty ? [""] : recordedIds))
            .map(Self.contact)
    }

    private func fetchStates(_ contactIds: [String]) throws -> [ContactState] {
        guard !contactIds.isEmpty else { return [] }
        return try Row.fetchAll(db, sql: """
            SELECT contact_id, state_index, state_name, raw_json, state_id, started_at_ms, agent_id, skill_id, skill_name,
                duration_seconds
            FROM cxone_contact_state WHERE contact_id IN \(placeholders(contactIds.count)) ORDER BY contact_id, state_index
            """, arguments: StatementArguments(contactIds)).map { row in
            var state = ContactState(contactId: row[0], stateIndex: row[1], stateName: row[2], rawJSON: row[3])
            state.stateId = row[4]
            state.startedAt = (row[5] as Int64?).map(Timestamps.date(milliseconds:))
            state.agentId = row[6]
            state.skillId = row[7]
            state.skillName = row[8]
            state.durationSeconds = row[9]
            return state
        }
    }

    /// Decodes a row selected with `CXoneImport.contactColumns`, by position (lookups by name showed in profiles).
    static func contact(_ row: Row) -> CXoneContact {
        let date = { (index: Int) in (row[index] as Int64?).map(Timestamps.date(milliseconds:)) }
        var contact = CXoneContact(contactId: row[0], rawJSON: row[20])
        contact.masterContactId = row[1]
        contact.startedAt = date(2)
        contact.endedAt = date(3)
        contact.skillId = row[4]
        contact.skillName = row[5]
        contact.agentId = row[6]
        contact.abandoned = row[7]
        contact.abandonSeconds = row[8]
        contact.endReason = row[9]
        contact.isRefused = row[10]
        contact.refuseReason = row[11]
        contact.preQueueSeconds = row[12]
        contact.inQueueSeconds = row[13]
        contact.agentSeconds = row[14]
        contact.totalDurationSeconds = row[15]
        contact.transferIndicator = row[16]
        contact.mediaType = row[17]
        contact.pointOfContact = row[18]
        contact.lastUpdateAt = date(19)
        return contact
    }
}
