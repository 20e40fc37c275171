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

        public init(id: Int64, at: Date, label: String? = nil, intent: String? = nil, contactIds: [String] = [], reportedFailure: String? = nil) {
            self.id = id
            self.at = at
            self.label = label
            self.intent = intent
            self.contactIds = contactIds
            self.reportedFailure = reportedFailure
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

    public var hasBotRecord: Bool { !snapshots.isEmpty || !attempts.isEmpty }

    /// Every contact id the bot recorded, in first-seen order: what the join looked for.
    public var botContactIds: [String] {
        var seen = Set<String>()
        let all = snapshots.flatMap(\.contactIds) + attempts.compactMap(\.contactId)
        return all.filter { seen.insert($0).inserted }
    }

    public var contactIds: [String] { contacts.map(\.contactId) }

    /// The first moment either side saw the session.
    public var startedAt: Date? {
        (snapshots.map(\.at) + attempts.map(\.at) + contacts.compactMap(\.startedAt)).min()
    }
}
