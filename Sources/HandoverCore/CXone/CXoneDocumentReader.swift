import Foundation

/// A CXone document this tool cannot read, with the reason in words a person can act on.
public struct CXoneDocumentError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Recognises saved CXone API responses by their content, never by file name: pages of `/contacts/completed`,
/// single contacts (flat or wrapped as `{"contactId": {...}}`), state histories, custom data, or a JSON array
/// of any of these.
public enum CXoneDocumentReader {
    public static func read(_ bytes: [UInt8]) throws(CXoneDocumentError) -> CXoneBatch {
        var stream = CXoneDocumentStream(JSONItemStream(bytes: bytes))
        var batch = CXoneBatch()
        while let next = try stream.next(upTo: .max) { batch.append(next) }
        return batch
    }

    public static func read(_ document: JSONValue, contactId: String? = nil) throws(CXoneDocumentError) -> CXoneBatch {
        switch document {
        case .array(let items):
            var batch = CXoneBatch()
            for (index, item) in items.enumerated() {
                do { batch.append(try read(item, contactId: contactId)) } catch {
                    throw CXoneDocumentError("item \(index): \(error.message)")
                }
            }
            return batch
        case .object(let object):
            return try readObject(object, contactId: contactId)
        default:
            throw CXoneDocumentError("expected a JSON object or array, found a \(document.typeName)")
        }
    }

    static func readObject(_ object: [String: JSONValue], contactId: String?) throws(CXoneDocumentError) -> CXoneBatch {
        let fields = LenientFields(object)
        var batch = CXoneBatch()
        if let list = fields.value("completedContacts", "contacts") {
            for object in try items(list, named: "completedContacts") { batch.contacts.append(try contact(object)) }
        } else if let list = fields.value("contactStateHistory") {
            let owner = fields.identifier("contactId") ?? contactId
            for (position, object) in try items(list, named: "contactStateHistory").enumerated() {
                batch.states.append(try state(object, position: position, owner: owner))
            }
        } else if let list = fields.value("contactCustomData", "customData") {
            let owner = fields.identifier("contactId") ?? contactId
            for object in try items(list, named: "contactCustomData") {
                if let item = try customData(object, owner: owner) { batch.customData.append(item) }
            }
        } else if object.count == 1, case .object(let wrapped)? = object["contactId"] {
            batch.contacts = [try contact(wrapped)]
        } else if fields.identifier("contactId") != nil, looksLikeContact(fields) {
            batch.contacts = [try contact(object)]
        } else {
            let keys = object.keys.sorted().prefix(6).joined(separator: ", ")
            throw CXoneDocumentError(
                "not a CXone response this tool reads (keys: \(keys)); expected completedContacts, "
                    + "contactStateHistory, contactCustomData, or a contact record with contactId")
        }
        return batch
    }

    static func items(_ value: JSONValue, named name: String) throws(CXoneDocumentError) -> [[String: JSONValue]] {
        guard case .array(let list) = value else { throw CXoneDocumentError("\(name) is a \(value.typeName), expected an array") }
        var objects: [[String: JSONValue]] = []
        for (index, item) in list.enumerated() {
            guard let object = item.objectValue else {
                throw CXoneDocumentError("\(name)[\(index)] is a \(item.typeName), expected an object")
            }
            objects.append(object)
        }
        return objects
    }

    static func looksLikeContact(_ fields: LenientFields) -> Bool {
        ["masterContactId", "contactStartDate", "skillId", "agentId", "endReason", "mediaTypeName", "pointOfContactName"]
            .contains { fields.value($0) != nil }
    }

    static func contact(_ object: [String: JSONValue]) throws(CXoneDocumentError) -> CXoneContact {
        let fields = LenientFields(object)
        guard let id = fields.identifier("contactId", "contactID") else {
            throw CXoneDocumentError("a contact record without contactId")
        }
        var contact = CXoneContact(contactId: id, rawJSON: JSONValue.object(object).jsonText)
        contact.masterContactId = fields.identifier("masterContactId")
        contact.startedAt = fields.date("contactStartDate", "contactStart", "startDate")
        contact.endedAt = fields.date("contactEndDate", "contactEnd", "endDate")
        contact.skillId = fields.identifier("skillId")
        contact.skillName = fields.text("skillName")
        contact.agentId = fields.identifier("agentId")
        contact.abandoned = fields.flag("abandoned", "isAbandoned")
        contact.abandonSeconds = fields.number("abandonSeconds")
        contact.endReason = fields.text("endReason")
        contact.isRefused = fields.flag("isRefused", "refused")
        contact.refuseReason = fields.text("refuseReason")
        contact.preQueueSeconds = fields.number("preQueueSeconds")
        contact.inQueueSeconds = fields.number("inQueueSeconds")
        contact.agentSeconds = fields.number("agentSeconds")
        contact.totalDurationSeconds = fields.number("totalDurationSeconds")
        contact.transferIndicator = fields.text("transferIndicatorName")
        contact.mediaType = fields.text("mediaTypeName")
        contact.pointOfContact = fields.text("pointOfContactName")
        contact.lastUpdateAt = fields.date("lastUpdateTime")
        contact.callerKey = CallerKey.key(fields.text("fromAddress", "ani"))
        if contact.endedAt == nil, let start = contact.startedAt, let total = contact.totalDurationSeconds {
            contact.endedAt = start.addingTimeInterval(total)
        }
        return contact
    }

    static func state(_ object: [String: JSONValue], position: Int, owner: String?) throws(CXoneDocumentError) -> ContactState {
        let fields = LenientFields(object)
        guard let contactId = fields.identifier("contactId") ?? owner else {
            throw CXoneDocumentError("a state-history row without contactId; save the response with its contact id")
        }
        var index = position
        if let number = fields.number("stateIndex") {
            guard let whole = Int(exactly: number), (0...1_000_000).contains(whole) else {
                throw CXoneDocumentError("stateIndex \(number) is not a whole number from 0 to 1000000")
            }
            index = whole
        }
        var state = ContactState(
            contactId: contactId, stateIndex: index,
            stateName: fields.text("contactStateName", "stateName", "contactState"),
            rawJSON: JSONValue.object(object).jsonText)
        state.stateId = fields.identifier("contactStateId", "stateId")
        state.startedAt = fields.date("startDate", "stateStartDate")
        state.agentId = fields.identifier("agentId")
        state.skillId = fields.identifier("skillId")
        state.skillName = fields.text("skillName")
        state.durationSeconds = fields.number("duration", "durationSeconds")
        return state
    }

    static func customData(_ object: [String: JSONValue], owner: String?) throws(CXoneDocumentError) -> CustomDataItem? {
        let fields = LenientFields(object)
        guard let name = fields.text("name"), let value = fields.text("value") else { return nil }
        guard let contactId = fields.identifier("contactId") ?? owner else {
            throw CXoneDocumentError("custom data without a contact id; save it as {\"contactId\": ID, \"contactCustomData\": [...]}")
        }
        return CustomDataItem(contactId: contactId, name: name, value: value)
    }
}
