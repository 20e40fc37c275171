import Foundation
import GRDB
import HandoverCore

extension SessionJoin {
    /// Finds each session's contacts: by a contact id the bot recorded (as CXone's contact id or master contact
    /// id, so spawned contacts of a recorded master come too) or by custom data naming the session.
    func attachContacts(to sessions: inout [String: CorrelatedSession]) throws {
        var sessionsByContactId: [String: Set<String>] = [:]
        for session in sessions.values {
            for id in session.botContactIds { sessionsByContactId[id, default: []].insert(session.sessionId) }
        }
        let naming = try customDataNaming(Array(sessions.keys))
        for item in naming { sessions[item.value]?.namingCustomData.append(item) }

        let namingByContact = Dictionary(grouping: naming, by: \.contactId)
        let contacts = try fetchContacts(recordedIds: Array(sessionsByContactId.keys), namedIds: Array(namingByContact.keys))
        for contact in contacts {
            var owners = sessionsByContactId[contact.contactId, default: []]
            if let master = contact.masterContactId { owners.formUnion(sessionsByContactId[master, default: []]) }
            owners.formUnion(namingByContact[contact.contactId, default: []].map(\.value))
            for owner in owners { sessions[owner]?.contacts.append(contact) }
        }
        let statesByContact = Dictionary(grouping: try fetchStates(contacts.map(\.contactId)), by: \.contactId)
        for (key, session) in sessions where !session.contacts.isEmpty {
            let contacts = session.contacts.sorted { ($0.startedAt ?? .distantPast, $0.contactId) < ($1.startedAt ?? .distantPast, $1.contactId) }
            sessions[key]?.contacts = contacts
            sessions[key]?.states = contacts.flatMap { statesByContact[$0.contactId, default: []] }
        }
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
        return try Row.fetchAll(db, sql: """
            SELECT * FROM cxone_contact WHERE contact_id IN \(placeholders(ids.count))
            UNION
            SELECT * FROM cxone_contact WHERE master_contact_id IN \(placeholders(recordedIds.count))
            """, arguments: StatementArguments(ids) + StatementArguments(recordedIds.isEmpty ? [""] : recordedIds))
            .map(Self.contact)
    }

    private func fetchStates(_ contactIds: [String]) throws -> [ContactState] {
        guard !contactIds.isEmpty else { return [] }
        return try Row.fetchAll(db, sql: """
            SELECT * FROM cxone_contact_state WHERE contact_id IN \(placeholders(contactIds.count)) ORDER BY contact_id, state_index
            """, arguments: StatementArguments(contactIds)).map { row in
            var state = ContactState(contactId: row["contact_id"], stateIndex: row["state_index"], stateName: row["state_name"], rawJSON: row["raw_json"])
            state.stateId = row["state_id"]
            state.startedAt = (row["started_at_ms"] as Int64?).map(Timestamps.date(milliseconds:))
            state.agentId = row["agent_id"]
            state.skillId = row["skill_id"]
            state.skillName = row["skill_name"]
            state.durationSeconds = row["duration_seconds"]
            return state
        }
    }

    static func contact(_ row: Row) -> CXoneContact {
        let date = { (column: String) in (row[column] as Int64?).map(Timestamps.date(milliseconds:)) }
        var contact = CXoneContact(contactId: row["contact_id"], rawJSON: row["raw_json"])
        contact.masterContactId = row["master_contact_id"]
        contact.startedAt = date("started_at_ms")
        contact.endedAt = date("ended_at_ms")
        contact.skillId = row["skill_id"]
        contact.skillName = row["skill_name"]
        contact.agentId = row["agent_id"]
        contact.abandoned = row["abandoned"]
        contact.abandonSeconds = row["abandon_seconds"]
        contact.endReason = row["end_reason"]
        contact.isRefused = row["is_refused"]
        contact.refuseReason = row["refuse_reason"]
        contact.preQueueSeconds = row["pre_queue_seconds"]
        contact.inQueueSeconds = row["in_queue_seconds"]
        contact.agentSeconds = row["agent_seconds"]
        contact.totalDurationSeconds = row["total_duration_seconds"]
        contact.transferIndicator = row["transfer_indicator"]
        contact.mediaType = row["media_type"]
        contact.pointOfContact = row["point_of_contact"]
        contact.lastUpdateAt = date("last_update_at_ms")
        return contact
    }
}
