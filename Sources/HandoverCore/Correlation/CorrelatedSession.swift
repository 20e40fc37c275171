import Foundation

/// Everything known about one bot session from both sides, as the store's join returns it.
public struct CorrelatedSession: Sendable {
    public struct SnapshotEvent: Sendable, Equatable {
        public var id: Int64
        public var at: Date
        public var label: String?
        public var intent: String?
        public var contactIds: [String]
        /// Set when the snapshot's context says the escalation failed (`CXoneHandover` or `handover.status`).
        public var reportedFailure: String?
        /// A Voice Gateway transfer event in the snapshot's `data`.
        public var transfer: TransferEvent?
        /// The caller's number from the snapshot's `userId`, as the caller-and-time join compares it.
        public var callerKey: String?
        /// The Genesys conversation the flow recorded, and whether it said it asked for an agent (`GenesysEscalation`).
        public var genesysConversationId: String?
        public var handoverRequested = false

        public init(
            id: Int64, at: Date, label: String? = nil, intent: String? = nil, contactIds: [String] = [], reportedFailure: String? = nil,
            transfer: TransferEvent? = nil, callerKey: String? = nil, genesysConversationId: String? = nil, handoverRequested: Bool = false
        ) {
            self.id = id
            self.at = at
            self.label = label
            self.intent = intent
            self.contactIds = contactIds
            self.reportedFailure = reportedFailure
            self.transfer = transfer
            self.callerKey = callerKey
            self.genesysConversationId = genesysConversationId
            self.handoverRequested = handoverRequested
        }
    }

    public struct AttemptEvent: Sendable, Equatable {
        public var id: Int64
        public var at: Date
        public var valid: Bool
        /// `CODE at field` for each validation error.
        public var errors: [String]
        public var contactId: String?
        public var queueId: String?
        public var outcome: HandoverOutcome?
        public var outcomeDetail: String?

        public init(
            id: Int64, at: Date, valid: Bool, errors: [String] = [], contactId: String? = nil, queueId: String? = nil,
            outcome: HandoverOutcome? = nil, outcomeDetail: String? = nil
        ) {
            self.id = id
            self.at = at
            self.valid = valid
            self.errors = errors
            self.contactId = contactId
            self.queueId = queueId
            self.outcome = outcome
            self.outcomeDetail = outcomeDetail
        }
    }

    public var sessionId: String
    public var snapshots: [SnapshotEvent]
    public var attempts: [AttemptEvent]
    public var contacts: [CXoneContact]
    public var states: [ContactState]
    /// Custom-data items that name this session (how CXone's side points back at the bot).
    public var namingCustomData: [CustomDataItem]
    /// Cognigy's own record of the session (OData `Sessions`), and its messages and inputs (`Conversations`, `Analytics`).
    public var cognigySession: CognigySession?
    public var messages: [CognigyMessage] = []
    /// How the caller-and-time join went, for a session without a usable contact id.
    public var callerMatch: CallerMatch?
    /// Genesys Cloud's conversations of the session, oldest first, and how its caller-and-time join went.
    public var conversations: [GenesysConversation] = []
    public var conversationCallerMatch: CallerMatch?
    /// Set when not every snapshot and attempt stored was read (`EventsRead`).
    public var eventsRead: EventsRead?

    public init(
        sessionId: String, snapshots: [SnapshotEvent] = [], attempts: [AttemptEvent] = [], contacts: [CXoneContact] = [],
        states: [ContactState] = [], namingCustomData: [CustomDataItem] = []
    ) {
        self.sessionId = sessionId
        self.snapshots = snapshots
        self.attempts = attempts
        self.contacts = contacts
        self.states = states
        self.namingCustomData = namingCustomData
    }

    /// The webhook or Cognigy's history knows the session.
    public var hasBotRecord: Bool { !snapshots.isEmpty || !attempts.isEmpty || cognigySession != nil || !messages.isEmpty }

    /// Every contact id the bot recorded, in first-seen order: what the join looked for.
    public var botContactIds: [String] {
        var seen = Set<String>()
        let all = snapshots.flatMap(\.contactIds) + attempts.compactMap(\.contactId) + messages.flatMap(\.contactIds)
        return all.filter { seen.insert($0).inserted }
    }

    /// No contact id to join by, or only Context Init's placeholder: the caller-and-time join may help.
    public var lacksUsableContactId: Bool { botContactIds.allSatisfy { $0 == ContactIds.placeholder } }

    public var contactIds: [String] { contacts.map(\.contactId) }

    /// Every Genesys conversation id the flow recorded, in first-seen order.
    public var recordedConversationIds: [String] {
        var seen = Set<String>()
        return snapshots.compactMap(\.genesysConversationId).filter { seen.insert($0).inserted }
    }

    /// Genesys Cloud is this session's contact centre: the flow recorded a conversation, or one was joined.
    public var isGenesys: Bool { !conversations.isEmpty || !recordedConversationIds.isEmpty }
    /// The contact centre's name, for summaries.
    public var contactCentreName: String { isGenesys ? "Genesys" : "CXone" }

    /// The caller's number as the caller-and-time join compares it: Cognigy's history, or else what the flow posted.
    public var callerKey: String? { cognigySession?.callerKey ?? snapshots.lazy.compactMap(\.callerKey).first }

    /// The first moment the bot's side saw the session.
    public var botStartedAt: Date? {
        (snapshots.map(\.at) + attempts.map(\.at) + [cognigySession?.startedAt].compactMap { $0 } + messages.compactMap(\.at)).min()
    }

    /// The first moment either side saw the session.
    public var startedAt: Date? {
        ([botStartedAt].compactMap { $0 } + contacts.compactMap(\.startedAt) + conversations.compactMap(\.startedAt)).min()
    }

    /// What the bot's side says of an escalation, when it says one happened: Cognigy's history, or a snapshot with
    /// `handoverRequested: true`. A handover attempt posted to `/v1/handovers` is judged on its own.
    public var escalation: String? {
        if let said = cognigyEscalation { return said }
        return snapshots.first(where: \.handoverRequested).map { "snapshot \($0.id) (\($0.label ?? "no label")): handoverRequested true" }
    }

    /// What Cognigy's history says of an escalation, when it says one happened.
    public var cognigyEscalation: String? {
        if let count = cognigySession?.handoverEscalations, count > 0 { return "Cognigy's Sessions record: handoverEscalations \(count)" }
        guard let message = messages.first(where: { $0.inHandoverRequest == true }) else { return nil }
        return "Cognigy's \(message.collection.rawValue) record \(message.recordId): inHandoverRequest true"
    }
}

/// The caller-and-time join's result: one contact fitted, or several did and none was taken.
public enum CallerMatch: Sendable, Equatable {
    case matched(contactId: String, offsetSeconds: Double)
    case ambiguous(contactIds: [String])

    /// The contact matched; none when the match was ambiguous.
    public var contactId: String? {
        if case .matched(let contactId, _) = self { return contactId }
        return nil
    }

    public var evidence: String { evidence(of: "contact") }

    /// The evidence, naming the record matched: a CXone contact or a Genesys conversation.
    public func evidence(of record: String) -> String {
        switch self {
        case .matched(let contactId, let offset):
            "\(record) \(contactId) matched by caller and time, not by id: same caller number, started "
                + "\(Diagnoser.seconds(abs(offset).rounded())) \(offset < 0 ? "before" : "after") the bot session"
        case .ambiguous(let contactIds):
            "caller and time fit \(contactIds.count) \(record)s (\(contactIds.joined(separator: ", "))): none matched"
        }
    }
}
