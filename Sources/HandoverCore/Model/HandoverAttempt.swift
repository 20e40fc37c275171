import Foundation

/// A handover payload a flow was about to send to CXone, with what the flow saw afterwards.
public struct HandoverAttempt: Sendable, Equatable {
    public enum Shape: String, Sendable, Codable {
        /// `{externalContactId, queueId, transferType, metadata}`.
        case handover
        /// Cognigy's CXone extension: `{_cognigy: {_niceCXOne: {json: {data: {Intent, Params}, action}}}}`.
        case cxoneEscalation
    }

    public var sessionId: String?
    public var payload: [String: JSONValue]
    public var outcome: JSONValue?
    /// A contact id given beside the payload (the escalation shape carries none of its own).
    public var contactId: String?
    /// The flow's own time for the attempt (the wrapper's `timestamp`), when it sent one.
    public var occurredAt: Date?

    public init(sessionId: String?, payload: [String: JSONValue], outcome: JSONValue? = nil, contactId: String? = nil, occurredAt: Date? = nil) {
        self.sessionId = sessionId
        self.payload = payload
        self.outcome = outcome
        self.contactId = contactId
        self.occurredAt = occurredAt
    }

    public var shape: Shape {
        payload["_cognigy"] != nil ? .cxoneEscalation : .handover
    }

    /// What the flow's reported outcome says, and the stage and error it names: decided here once, stored with the attempt.
    public var reportedOutcome: HandoverOutcome? { HandoverOutcome.read(outcome) }
    public var outcomeDetail: HandoverOutcome.Detail { HandoverOutcome.detail(outcome) }
}

extension HandoverAttempt {
    /// The body is either the payload itself, or `{"sessionId", "payload": {...}, "outcome": {...}}`.
    public static func parse(_ fields: [String: JSONValue]) throws(InputError) -> HandoverAttempt {
        let reader = FieldReader(fields)
        let wrappedPayload = reader.json("payload")
        if let wrappedPayload, wrappedPayload.objectValue == nil {
            throw .invalidField("payload", "expected the handover payload as a JSON object, got a \(wrappedPayload.typeName).")
        }
        let payload = wrappedPayload?.objectValue ?? fields
        let payloadReader = FieldReader(payload)
        let metadata = FieldReader(payloadReader.json("metadata")?.objectValue ?? [:])
        let sessionId = try correlatableSessionId(in: [fields, payload, metadata.fields])
        let outcome = wrappedPayload == nil ? nil : reader.json("outcome", "CXoneHandover", "handover")
        // Both are read, so either one malformed is refused; contactId wins.
        let (given, spawned) = (try reader.identifier("contactId"), try reader.identifier("spawnedContactId"))
        let contactId = given ?? spawned
        let occurredAt = try wrapperTimestamp(reader)
        return HandoverAttempt(sessionId: sessionId, payload: payload, outcome: outcome, contactId: contactId, occurredAt: occurredAt)
    }

    /// An unresolved CognigyScript token is no time at all; any other unreadable value is refused.
    private static func wrapperTimestamp(_ reader: FieldReader) throws(InputError) -> Date? {
        if case .string(let text)? = reader.fields["timestamp"], UnresolvedTemplate.matches(text) { return nil }
        return try reader.timestamp("timestamp")
    }

    /// The first usable bot session id. An empty or unresolved one is not an input error here: the attempt is still
    /// stored, and the verdict warns that it cannot be correlated.
    private static func correlatableSessionId(in candidates: [[String: JSONValue]]) throws(InputError) -> String? {
        for fields in candidates {
            guard let (name, value) = FieldReader(fields).first(SessionIdField.aliases),
                let raw = value.scalarText, case let text = raw.trimmingWhitespaceAndNewlines(),
                !text.isEmpty, !UnresolvedTemplate.matches(text)
            else { continue }
            guard raw.unicodeScalars.count <= Snapshot.maxSessionIdLength else {
                throw .invalidField(name, "is \(raw.unicodeScalars.count) characters long; at most \(Snapshot.maxSessionIdLength) are accepted.")
            }
            guard !ControlCharacters.contained(in: raw) else {
                throw .invalidField(name, "contains a control character (such as NUL or a line break); a session id never does.")
            }
            return text
        }
        return nil
    }
}
