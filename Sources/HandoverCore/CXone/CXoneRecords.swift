import Foundation

/// One contact as CXone reports it (`/contacts/completed`, `/contacts/{id}`): the columns diagnosis reads.
public struct CXoneContact: Sendable, Equatable {
    public var contactId: String
    public var masterContactId: String?
    public var startedAt: Date?
    public var endedAt: Date?
    public var skillId: String?
    public var skillName: String?
    public var agentId: String?
    public var abandoned: Bool?
    public var abandonSeconds: Double?
    public var endReason: String?
    public var isRefused: Bool?
    public var refuseReason: String?
    public var preQueueSeconds: Double?
    public var inQueueSeconds: Double?
    public var agentSeconds: Double?
    public var totalDurationSeconds: Double?
    public var transferIndicator: String?
    public var mediaType: String?
    public var pointOfContact: String?
    public var lastUpdateAt: Date?
    /// `fromAddress` (the caller's number on a voice contact) as the caller-and-time join compares it (`CallerKey`).
    public var callerKey: String?
    /// The record as CXone sent it, compact JSON.
    public var rawJSON: String

    public init(contactId: String, rawJSON: String = "{}") {
        self.contactId = contactId
        self.rawJSON = rawJSON
    }

    /// CXone writes agent id 0 (or nothing) when no agent took the contact.
    public var answeringAgentId: String? {
        guard let agentId, !agentId.isEmpty, agentId != "0" else { return nil }
        return agentId
    }
}

/// One row of `/contacts/{id}/state-history`.
public struct ContactState: Sendable, Equatable {
    public var contactId: String
    public var stateIndex: Int
    public var stateId: String?
    public var stateName: String?
    public var startedAt: Date?
    public var agentId: String?
    public var skillId: String?
    public var skillName: String?
    public var durationSeconds: Double?
    public var rawJSON: String

    public init(contactId: String, stateIndex: Int, stateName: String?, rawJSON: String = "{}") {
        self.contactId = contactId
        self.stateIndex = stateIndex
        self.stateName = stateName
        self.rawJSON = rawJSON
    }

    public var kind: ContactStateKind { ContactStateKind(stateName: stateName) }
}

/// One `{name, value}` pair of `/contacts/{id}/custom-data`.
public struct CustomDataItem: Sendable, Equatable {
    public var contactId: String
    public var name: String
    public var value: String

    public init(contactId: String, name: String, value: String) {
        self.contactId = contactId
        self.name = name
        self.value = value
    }
}

/// What one CXone document held.
public struct CXoneBatch: Sendable, Equatable {
    public var contacts: [CXoneContact] = []
    public var states: [ContactState] = []
    public var customData: [CustomDataItem] = []

    public init() {}

    public var isEmpty: Bool { contacts.isEmpty && states.isEmpty && customData.isEmpty }

    public mutating func append(_ other: CXoneBatch) {
        contacts += other.contacts
        states += other.states
        customData += other.customData
    }
}

extension CXoneBatch {
    /// The batch with each contact's caller number kept only as a keyed hash (`--redact-key`): `fromAddress` in the
    /// stored record and the caller key, hashed as Cognigy's `userId` is, so the caller-and-time join still matches.
    public func redactingCallers(_ hash: @Sendable (String) -> String) -> CXoneBatch {
        var batch = self
        batch.contacts = contacts.map { contact in
            var contact = contact
            contact.callerKey = contact.callerKey.map { Redactor.hashed($0, with: hash) }
            guard case .object(var record)? = try? BodyDecoder().decodeJSON(Array(contact.rawJSON.utf8)) else { return contact }
            for key in record.keys where ["fromaddress", "ani"].contains(key.lowercased()) {
                if let text = record[key]?.scalarText { record[key] = .string(Redactor.hashed(text, with: hash)) }
            }
            contact.rawJSON = JSONValue.object(record).jsonText
            return contact
        }
        return batch
    }
}
