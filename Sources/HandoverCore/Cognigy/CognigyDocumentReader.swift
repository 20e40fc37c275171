import Foundation

/// A Cognigy OData document this tool cannot read, with the reason.
public struct CognigyDocumentError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Reads saved or fetched OData responses (`{"@odata.context", "value": [...]}` or a bare array) of the Sessions,
/// Conversations and Analytics collections, any version: each record's collection comes from its fields, never from
/// a file name, since v2.0-2.2 used the name Conversations for what is now Sessions.
public struct CognigyDocumentReader: Sendable {
    /// A keyed hash: when set, `userId`, `inputText`, `inputData` and Cognigy's `contactId` (the user) are stored
    /// hashed, as `--redact` does for webhook fields; ids and the caller key are read before.
    let hash: (@Sendable (String) -> String)?

    public init(hash: (@Sendable (String) -> String)? = nil) { self.hash = hash }

    public func read(_ bytes: [UInt8]) throws(CognigyDocumentError) -> CognigyBatch {
        var stream = CognigyDocumentStream(JSONItemStream(bytes: bytes), reader: self)
        var batch = CognigyBatch()
        while let next = try stream.next(upTo: .max) { batch.append(next) }
        return batch
    }

    public func read(_ document: JSONValue) throws(CognigyDocumentError) -> CognigyBatch {
        let records: [JSONValue]
        switch document {
        case .array(let items): records = items
        case .object(let object):
            guard case .array(let items)? = object["value"] else { throw Self.notOData(object.keys) }
            records = items
        default:
            throw CognigyDocumentError("expected a JSON object or array, found a \(document.typeName)")
        }
        var batch = CognigyBatch()
        for (index, item) in records.enumerated() { try add(item, at: index, to: &batch) }
        return batch
    }

    /// The record at `index` of the document's records, its place named when it cannot be read.
    func add(_ item: JSONValue, at index: Int, to batch: inout CognigyBatch) throws(CognigyDocumentError) {
        guard let object = item.objectValue else { throw CognigyDocumentError("record \(index) is a \(item.typeName), expected an object") }
        do throws(CognigyDocumentError) {
            try add(object, to: &batch)
        } catch {
            throw CognigyDocumentError("record \(index): \(error.message)")
        }
    }

    static func notOData(_ keys: some Sequence<String>) -> CognigyDocumentError {
        let keys = keys.sorted().prefix(6).joined(separator: ", ")
        return CognigyDocumentError("not an OData response (keys: \(keys)); expected {\"value\": [...]} or an array of records")
    }

    /// Sessions have a start and a step count; Conversations messages a source or handover flags; Analytics inputs an
    /// intent or understood flag.
    static func collection(of fields: LenientFields) -> CognigyCollection? {
        if ["startedAt", "handoverEscalations", "stepPath", "stepsCount"].contains(where: { fields.value($0) != nil }) { return .sessions }
        if ["source", "inHandoverRequest", "inHandoverConversation", "outputId"].contains(where: { fields.value($0) != nil }) {
            return .conversations
        }
        let analytics = ["intent", "intentScore", "understood", "executionTime", "flowReferenceId", "mode", "state"] + customFields
        return analytics.contains(where: { fields.value($0) != nil }) ? .analytics : nil
    }

    static let customFields = (1...10).map { "custom\($0)" }

    func add(_ object: [String: JSONValue], to batch: inout CognigyBatch) throws(CognigyDocumentError) {
        let fields = LenientFields(object)
        guard let sessionId = fields.identifier("sessionId") else { throw CognigyDocumentError("no sessionId") }
        guard let collection = Self.collection(of: fields) else {
            let keys = object.keys.sorted().prefix(8).joined(separator: ", ")
            throw CognigyDocumentError("not a Sessions, Conversations or Analytics record (keys: \(keys))")
        }
        if collection == .sessions {
            batch.sessions.append(session(sessionId, fields))
        } else {
            batch.messages.append(message(collection, sessionId, fields))
        }
    }

    private func session(_ sessionId: String, _ fields: LenientFields) -> CognigySession {
        var session = CognigySession(sessionId: sessionId, rawJSON: redacted(fields.object).jsonText)
        let userId = fields.text("userId")
        session.userId = userId.map(redact)
        session.callerKey = CallerKey.key(userId).map(redact)
        session.startedAt = fields.date("startedAt", "timestamp")
        session.handoverEscalations = fields.number("handoverEscalations").flatMap { Int(exactly: $0) }
        session.stepsCount = fields.number("stepsCount").flatMap { Int(exactly: $0) }
        session.projectId = fields.identifier("projectId")
        session.projectName = fields.text("projectName")
        session.endpointName = fields.text("endpointName")
        return session
    }

    private func message(_ collection: CognigyCollection, _ sessionId: String, _ fields: LenientFields) -> CognigyMessage {
        let at = fields.date("timestamp", "createdAt")
        let inputId = fields.identifier("inputId")
        let recordId =
            fields.identifier("_id", "id")
            ?? [sessionId, inputId ?? "", at.map(Timestamps.format) ?? "", fields.text("type") ?? "", fields.text("source") ?? ""]
            .joined(separator: "/")
        var message = CognigyMessage(collection: collection, recordId: recordId, sessionId: sessionId, rawJSON: redacted(fields.object).jsonText)
        message.at = at
        message.inputId = inputId
        message.type = fields.text("type")
        message.source = fields.text("source")
        message.text = fields.text("inputText", "text").map(redact)
        message.intent = fields.text("intent")
        message.intentScore = fields.number("intentScore")
        message.flowName = fields.text("flowName", "flowReferenceId")
        message.channel = fields.text("channel")
        message.inHandoverRequest = fields.flag("inHandoverRequest")
        let inputData = fields.value("inputData").map(FieldReader.parsingEmbeddedJSON)
        let ids = Self.cxoneIds(in: inputData)
        message.contactId = ids.contactId ?? Self.customContactId(fields)
        message.spawnedContactId = ids.spawnedContactId
        message.transfer = TransferEvent.read(inputData)
        return message
    }

    /// Context Init's fields, else the SIP headers CXone sets (`payload.sip.headers` on the first input of a call).
    static func cxoneIds(in inputData: JSONValue?) -> (contactId: String?, spawnedContactId: String?) {
        guard let data = inputData?.objectValue else { return (nil, nil) }
        let top = LenientFields(data)
        let sip = data["payload"].map(FieldReader.parsingEmbeddedJSON)?["sip"] ?? data["sip"]
        let headers = LenientFields(sip.map(FieldReader.parsingEmbeddedJSON)?["headers"]?.objectValue ?? [:])
        return (
            top.identifier("contactId") ?? headers.identifier("X-InContact-MasterId"),
            top.identifier("spawnedContactId") ?? headers.identifier("X-InContact-ContactId")
        )
    }

    /// A `customN` field holding a CXone contact id (a flow's Overwrite Analytics node can write one there).
    static func customContactId(_ fields: LenientFields) -> String? {
        customFields.lazy.compactMap { fields.identifier($0) }.first { ContactIds.isAllDigits($0) && (6...20).contains($0.count) }
    }

    private func redact(_ text: String) -> String {
        guard let hash else { return text }
        return Redactor.hashed(text, with: hash)
    }

    /// The record as stored: with a hash, the fields that carry what callers said and who they are replaced.
    private func redacted(_ object: [String: JSONValue]) -> JSONValue {
        guard hash != nil else { return .object(object) }
        var result = object
        for key in ["userId", "inputText", "text", "inputData", "contactId"] {
            guard let value = result[key], value != .null else { continue }
            result[key] = .string(redact(value.scalarText ?? value.jsonText))
        }
        return .object(result)
    }
}
