import Foundation

/// The OData collections this tool reads, by their v2.3/v2.4 names (v2.0-2.2 called them ChatHistory, Inputs and,
/// for sessions, Conversations: which one a record is comes from its fields).
public enum CognigyCollection: String, Sendable, CaseIterable {
    case sessions = "Sessions"
    case conversations = "Conversations"
    case analytics = "Analytics"
}

/// A `Sessions` record: one bot session as Cognigy's analytics kept it.
public struct CognigySession: Sendable, Equatable {
    public var sessionId: String
    public var userId: String?
    public var startedAt: Date?
    /// How many times the session triggered a handover: more than 0 means the bot escalated.
    public var handoverEscalations: Int?
    public var stepsCount: Int?
    public var projectId: String?
    public var projectName: String?
    public var endpointName: String?
    /// The caller's number as the caller-and-time join compares it (`CallerKey`), hashed when redacting.
    public var callerKey: String?
    public var rawJSON: String

    public init(sessionId: String, rawJSON: String) {
        self.sessionId = sessionId
        self.rawJSON = rawJSON
    }
}

/// A `Conversations` record (one message, user's or bot's) or an `Analytics` record (one input with its intent).
public struct CognigyMessage: Sendable, Equatable {
    public var collection: CognigyCollection
    /// `_id` (v2.3) or `id` (v2.4); derived from the session, input and time for versions that had neither.
    public var recordId: String
    public var sessionId: String
    public var at: Date?
    public var inputId: String?
    /// `input` or `output` (Conversations).
    public var type: String?
    /// `user`, `bot` or `agent` (Conversations).
    public var source: String?
    public var text: String?
    public var intent: String?
    public var intentScore: Double?
    public var flowName: String?
    public var channel: String?
    public var inHandoverRequest: Bool?
    /// CXone's ids found in `inputData` (Context Init's fields or the SIP headers) or in a `customN` field.
    public var contactId: String?
    public var spawnedContactId: String?
    public var transfer: TransferEvent?
    public var rawJSON: String

    public init(collection: CognigyCollection, recordId: String, sessionId: String, rawJSON: String) {
        self.collection = collection
        self.recordId = recordId
        self.sessionId = sessionId
        self.rawJSON = rawJSON
    }

    /// The CXone contact ids this record carries.
    public var contactIds: [String] { [contactId, spawnedContactId].compactMap { $0 } }
}

/// What one saved or fetched OData response held.
public struct CognigyBatch: Sendable, Equatable {
    public var sessions: [CognigySession] = []
    public var messages: [CognigyMessage] = []

    public init(sessions: [CognigySession] = [], messages: [CognigyMessage] = []) {
        self.sessions = sessions
        self.messages = messages
    }

    public var isEmpty: Bool { sessions.isEmpty && messages.isEmpty }
    public var count: Int { sessions.count + messages.count }

    public mutating func append(_ other: CognigyBatch) {
        sessions += other.sessions
        messages += other.messages
    }
}
