import Foundation

/// What the bot knew at one step of a session, as a Cognigy flow posted it.
public struct Snapshot: Sendable, Equatable {
    public static let maxSessionIdLength = 256

    public var sessionId: String
    public var contactId: String?
    public var spawnedContactId: String?
    public var masterContactId: String?
    public var userId: String?
    public var inputId: String?
    public var traceId: String?
    public var channel: String?
    public var label: String?
    public var intent: String?
    public var confidence: Double?
    public var text: String?
    /// The flow's own time for this step, when it sent one.
    public var occurredAt: Date?
    public var context: JSONValue?
    public var data: JSONValue?
    /// Typed fields that arrived as an unresolved CognigyScript token: kept out of the columns (the raw body keeps
    /// them) and reported, rather than refusing the whole snapshot and losing the step.
    public var unresolvedTypedFields: [ValidationIssue] = []

    public init(sessionId: String) {
        self.sessionId = sessionId
    }

    /// The caller's number as the caller-and-time join compares it: Cognigy's voice channels set `userId` to it.
    public var callerKey: String? { hashedCallerKey ?? CallerKey.key(userId) }
    /// What the context reports about a handover, decided here once and stored with the snapshot.
    public var handoverReport: HandoverReport? { HandoverReport.read(context) }
    /// The Voice Gateway transfer outcome the data carries, decided here once and stored with the snapshot.
    public var transfer: TransferEvent? { TransferEvent.read(data) }
    /// The caller key, hashed, of a `userId` a redactor replaced before parsing (`Redactor.callerKey(of:)`).
    public var hashedCallerKey: String?
    /// The Genesys Cloud conversation the flow recorded (`GenesysEscalation`).
    public var genesysConversationId: String?
    /// The flow said it asked for an agent (`handoverRequested: true`): the escalation seen from the bot.
    public var handoverRequested = false
}

extension Snapshot {
    /// Reads a snapshot from a decoded body. Contact ids missing at the top level are taken from
    /// `context.data`, where Cognigy's CXone Context Init node stores them.
    public static func parse(_ fields: [String: JSONValue]) throws(InputError) -> Snapshot {
        var fields = fields
        let unresolved = typedFieldsWithTemplates.compactMap { name -> ValidationIssue? in
            guard case .string(let text)? = fields[name], let issue = UnresolvedTemplate.issue(field: name, value: text) else { return nil }
            fields[name] = nil
            return issue
        }
        let reader = FieldReader(fields)
        var snapshot = Snapshot(sessionId: try requiredSessionId(reader))
        snapshot.unresolvedTypedFields = unresolved
        snapshot.context = reader.json("context")
        snapshot.data = reader.json("data")
        let contextData = FieldReader(snapshot.context?["data"]?.objectValue ?? [:])
        // `??` would widen the typed throw, so the fallbacks are read first.
        let contextContactId = try contextData.identifier("contactId")
        let contextSpawnedContactId = try contextData.identifier("spawnedContactId")
        snapshot.contactId = try reader.identifier("contactId") ?? contextContactId
        snapshot.spawnedContactId = try reader.identifier("spawnedContactId") ?? contextSpawnedContactId
        snapshot.masterContactId = try reader.identifier("masterContactId")
        snapshot.userId = try reader.text("userId")
        snapshot.inputId = try reader.text("inputId")
        snapshot.traceId = try reader.text("traceId")
        snapshot.channel = try reader.text("channel")
        snapshot.label = try reader.text("label")
        snapshot.intent = try reader.text("intent")
        snapshot.confidence = try reader.number("confidence")
        snapshot.text = try reader.text("text", maxLength: 65_536)
        snapshot.occurredAt = try reader.timestamp("timestamp")
        let places = [fields, contextData.fields, snapshot.data?.objectValue ?? [:]]
        snapshot.genesysConversationId = GenesysEscalation.conversationId(in: places)
        snapshot.handoverRequested = GenesysEscalation.handoverRequested(in: places)
        return snapshot
    }

    static let typedFieldsWithTemplates = ["confidence", "timestamp"]

    static func requiredSessionId(_ reader: FieldReader) throws(InputError) -> String {
        guard let (name, value) = reader.first(SessionIdField.aliases) else {
            throw InputError(.missingSessionId, "Send the bot session id as sessionId (in Cognigy: {{input.sessionId}}).")
        }
        guard case .string(let raw) = value else {
            throw .invalidField(name, "expected the bot session id as a string, got a \(value.typeName).")
        }
        let sessionId = raw.trimmingWhitespaceAndNewlines()
        guard !sessionId.isEmpty else {
            throw InputError(.missingSessionId, "\(name) is empty; send {{input.sessionId}} from the flow.")
        }
        guard sessionId.unicodeScalars.count <= maxSessionIdLength else {
            throw .invalidField(name, "is \(sessionId.unicodeScalars.count) characters long; at most \(maxSessionIdLength) are accepted.")
        }
        guard !ControlCharacters.contained(in: sessionId) else {
            throw .invalidField(name, "contains a control character (such as NUL or a line break); a session id never does.")
        }
        return sessionId
    }

    /// Strings in the snapshot that still hold an unresolved CognigyScript token: stored, but worth telling the flow.
    public var warnings: [ValidationIssue] {
        let checked: [(String, String?)] = [
            ("sessionId", sessionId), ("contactId", contactId), ("spawnedContactId", spawnedContactId),
            ("masterContactId", masterContactId),
        ]
        var issues =
            unresolvedTypedFields + checked.compactMap { field, value in value.flatMap { UnresolvedTemplate.issue(field: field, value: $0) } }
        if contactId == ContactIds.placeholder {
            issues.append(ValidationIssue(.placeholderContactId, field: "contactId"))
        }
        return issues
    }
}

public enum SessionIdField {
    public static let aliases = ["sessionId", "botSessionId", "session_id"]
}
