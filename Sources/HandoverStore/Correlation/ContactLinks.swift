import Foundation
import HandoverCore

/// Which sessions own which CXone contacts, and the attaching of fetched contacts and states to their sessions:
/// the backend-independent half of the join, so SQLite and PostgreSQL assemble sessions by one rule.
package struct ContactLinks {
    private var sessionsByContactId: [String: Set<String>] = [:]
    private let namingByContact: [String: [CustomDataItem]]

    /// `naming`: custom data whose value is one of the sessions' ids (already attached to `sessions` here).
    package init(_ sessions: inout [String: CorrelatedSession], naming: [CustomDataItem]) {
        for session in sessions.values {
            for id in session.botContactIds { sessionsByContactId[id, default: []].insert(session.sessionId) }
        }
        for item in naming { sessions[item.value]?.namingCustomData.append(item) }
        namingByContact = Dictionary(grouping: naming, by: \.contactId)
    }

    /// Gives a session a contact it did not record by id (the caller-and-time join).
    package mutating func add(_ contactId: String, owner sessionId: String) {
        sessionsByContactId[contactId, default: []].insert(sessionId)
    }

    /// Contact ids the bot recorded: fetched as contact ids and as master contact ids (their spawned contacts).
    package var recordedIds: [String] { Array(sessionsByContactId.keys) }
    /// Contacts whose custom data names a session.
    package var namedIds: [String] { Array(namingByContact.keys) }

    /// Gives each session its contacts, oldest first, and their states in contact order.
    package func attach(_ contacts: [CXoneContact], states: [ContactState], to sessions: inout [String: CorrelatedSession]) {
        for contact in contacts {
            var owners = sessionsByContactId[contact.contactId, default: []]
            if let master = contact.masterContactId { owners.formUnion(sessionsByContactId[master, default: []]) }
            owners.formUnion(namingByContact[contact.contactId, default: []].map(\.value))
            for owner in owners { sessions[owner]?.contacts.append(contact) }
        }
        let statesByContact = Dictionary(grouping: states, by: \.contactId)
        for (key, session) in sessions where !session.contacts.isEmpty {
            let contacts = session.contacts.sorted { ($0.startedAt ?? .distantPast, $0.contactId) < ($1.startedAt ?? .distantPast, $1.contactId) }
            sessions[key]?.contacts = contacts
            sessions[key]?.states = contacts.flatMap { statesByContact[$0.contactId, default: []] }
        }
    }
}

/// What the join reads out of a row's extracted fields, the same on both backends.
package enum EventFields {
    /// `CODE at field` for each stored validation error.
    package static func errorSummaries(_ json: String) -> [String] {
        guard case .array(let items)? = try? BodyDecoder().decodeJSON(Array(json.utf8)) else { return [] }
        return items.map { "\($0["code"]?.stringValue ?? "?") at \($0["field"]?.stringValue ?? "?")" }
    }

    /// An attempt's outcome detail from its extracted stage and error.
    package static func outcomeDetail(stage: String?, error: String?) -> String? {
        let detail = [stage.map { "stage \($0)" }, error].compactMap { $0 }.joined(separator: ", ")
        return detail.isEmpty ? nil : detail
    }
}
