import Foundation

/// A Genesys document this tool cannot read, with the reason in words a person can act on.
public struct GenesysDocumentError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Recognises saved Genesys Cloud conversation details by their content: a synchronous query's response
/// (`{"conversations": [...], "totalHits": N}`), an async job's results page (`{"conversations": [...], "cursor": ...}`),
/// one conversation (`GET /api/v2/analytics/conversations/{id}/details`), or a bare array of conversations.
public enum GenesysDocumentReader {
    public static func read(_ bytes: [UInt8]) throws(GenesysDocumentError) -> GenesysBatch {
        let document: JSONValue
        do {
            document = try BodyDecoder().decodeJSON(bytes)
        } catch {
            throw GenesysDocumentError("not valid JSON: \(error.message)")
        }
        return try read(document)
    }

    public static func read(_ document: JSONValue) throws(GenesysDocumentError) -> GenesysBatch {
        switch document {
        case .array(let items):
            return GenesysBatch(conversations: try conversations(items, named: "item"))
        case .object(let object):
            let fields = LenientFields(object)
            if let list = fields.value("conversations") {
                guard case .array(let items) = list else { throw GenesysDocumentError("conversations is a \(list.typeName), expected an array") }
                return GenesysBatch(conversations: try conversations(items, named: "conversations"))
            }
            if fields.value("conversationId") != nil { return GenesysBatch(conversations: [try conversation(object)]) }
            let keys = object.keys.sorted().prefix(6).joined(separator: ", ")
            throw GenesysDocumentError(
                "not a Genesys conversation details response (keys: \(keys)); expected conversations, or one conversation with conversationId")
        default:
            throw GenesysDocumentError("expected a JSON object or array, found a \(document.typeName)")
        }
    }

    static func conversations(_ items: [JSONValue], named name: String) throws(GenesysDocumentError) -> [GenesysConversation] {
        var result: [GenesysConversation] = []
        for (index, item) in items.enumerated() {
            guard let object = item.objectValue else { throw GenesysDocumentError("\(name)[\(index)] is a \(item.typeName), expected an object") }
            do { result.append(try conversation(object)) } catch { throw GenesysDocumentError("\(name)[\(index)]: \(error.message)") }
        }
        return result
    }

    /// One conversation record, read leniently: ids as text or numbers, dates with or without fractions. `rawJSON`:
    /// the record's text where the caller has it (a stored row), so it is not written out again.
    public static func conversation(_ object: [String: JSONValue], rawJSON: String? = nil) throws(GenesysDocumentError) -> GenesysConversation {
        let fields = LenientFields(object)
        guard let id = GenesysConversation.normalisedId(fields.identifier("conversationId", "id")) else {
            throw GenesysDocumentError("a conversation without conversationId")
        }
        let participants = try participantObjects(fields.value("participants")).map(participant)
        var conversation = GenesysConversation(conversationId: id, participants: participants, rawJSON: rawJSON ?? JSONValue.object(object).jsonText)
        conversation.startedAt = fields.date("conversationStart", "startTime")
        conversation.endedAt = fields.date("conversationEnd", "endTime")
        let customer = participants.filter { $0.purpose == "customer" }.flatMap(\.sessions)
        conversation.callerKey = customer.lazy.compactMap { CallerKey.key($0.ani) }.first
        conversation.namedSessionId = participants.lazy.compactMap(namedSession).first
        let times = participants.flatMap(\.segments).flatMap { [$0.startedAt, $0.endedAt] } + [conversation.startedAt, conversation.endedAt]
        conversation.lastActivityAt = times.compactMap { $0 }.max()
        return conversation
    }

    private static func participantObjects(_ value: JSONValue?) throws(GenesysDocumentError) -> [[String: JSONValue]] {
        guard let value else { return [] }
        guard case .array(let items) = value else { throw GenesysDocumentError("participants is a \(value.typeName), expected an array") }
        var objects: [[String: JSONValue]] = []
        for (index, item) in items.enumerated() {
            guard let object = item.objectValue else {
                throw GenesysDocumentError("participants[\(index)] is a \(item.typeName), expected an object")
            }
            objects.append(object)
        }
        return objects
    }

    static func participant(_ object: [String: JSONValue]) -> GenesysParticipant {
        let fields = LenientFields(object)
        var attributes: [String: String] = [:]
        for (key, value) in fields.value("attributes")?.objectValue ?? [:] { if let text = value.scalarText { attributes[key] = text } }
        let sessions = (fields.value("sessions", "calls")?.arrayValue ?? []).compactMap(\.objectValue).map(session)
        return GenesysParticipant(
            purpose: fields.text("purpose")?.lowercased() ?? "unknown", name: fields.text("participantName", "name"),
            userId: fields.identifier("userId"), attributes: attributes, sessions: sessions)
    }

    static func session(_ object: [String: JSONValue]) -> GenesysSession {
        let fields = LenientFields(object)
        var metrics: [String: Double] = [:]
        for metric in (fields.value("metrics")?.arrayValue ?? []).compactMap(\.objectValue) {
            let item = LenientFields(metric)
            if let name = item.text("name"), let value = item.number("value") { metrics[name, default: 0] += value }
        }
        var session = GenesysSession(
            mediaType: fields.text("mediaType"), ani: fields.text("ani"), metrics: metrics,
            segments: (fields.value("segments")?.arrayValue ?? []).compactMap(\.objectValue).map(segment))
        session.flowOutType = fields.text("flowOutType")
        session.flowName = fields.value("flow")?.objectValue.flatMap { LenientFields($0).text("flowName") }
        return session
    }

    static func segment(_ object: [String: JSONValue]) -> GenesysSegment {
        let fields = LenientFields(object)
        var segment = GenesysSegment(
            type: fields.text("segmentType")?.lowercased() ?? "unknown", startedAt: fields.date("segmentStart"), endedAt: fields.date("segmentEnd"),
            disconnectType: fields.text("disconnectType"))
        segment.queueId = fields.identifier("queueId")
        segment.errorCode = fields.text("errorCode")
        return segment
    }

    /// Attribute names a flow leaves the Cognigy session id under, compared case-blind.
    public static let sessionAttributes = ["cognigysessionid", "botsessionid", "sessionid"]

    static func namedSession(_ participant: GenesysParticipant) -> String? {
        for name in sessionAttributes {
            if let value = participant.attributes.first(where: { $0.key.lowercased() == name })?.value.trimmingWhitespace(), !value.isEmpty {
                return value
            }
        }
        return nil
    }
}
