import Foundation

/// One session as every report shows it: both sides' ids, the diagnosis with its evidence, and the merged timeline.
public struct SessionReport: Sendable, Encodable {
    public let sessionId: String
    public let startedAt: Date?
    public let contactIds: [String]
    public let botContactIds: [String]
    /// Genesys Cloud's conversations joined to the session, and the conversation ids the flow recorded.
    public let conversationIds: [String]
    public let botConversationIds: [String]
    public let diagnosis: Diagnosis
    public let timeline: [TimelineEntry]

    /// The contact centre's records of the session on either platform, for a report's one column.
    public var contactCentreIds: [String] { contactIds + conversationIds }

    /// `settlement`: how far each side has been read, which says whether the diagnosis is final. `diagnosis`: when the
    /// caller already diagnosed the session (to filter before building the timeline). `timelinePage`: the same session
    /// read a page of events at a time (`session --page`), whose timeline is shown instead.
    public init(_ session: CorrelatedSession, settlement: Settlement, diagnosis: Diagnosis? = nil, timelinePage: CorrelatedSession? = nil) {
        sessionId = session.sessionId
        startedAt = session.startedAt
        contactIds = session.contactIds
        botContactIds = session.botContactIds
        conversationIds = session.conversations.map(\.conversationId)
        botConversationIds = session.recordedConversationIds
        self.diagnosis = diagnosis ?? Diagnoser.diagnose(session, settlement)
        timeline = Timeline.build(timelinePage ?? session)
    }

    enum CodingKeys: String, CodingKey {
        case sessionId, startedAt, contactIds, botContactIds, conversationIds, botConversationIds, diagnosis, timeline
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sessionId, forKey: .sessionId)
        try container.encode(startedAt.map(Timestamps.format), forKey: .startedAt)
        try container.encode(contactIds, forKey: .contactIds)
        try container.encode(botContactIds, forKey: .botContactIds)
        try container.encode(conversationIds, forKey: .conversationIds)
        try container.encode(botConversationIds, forKey: .botConversationIds)
        try container.encode(diagnosis, forKey: .diagnosis)
        try container.encode(timeline, forKey: .timeline)
    }
}

/// Counts per code, in catalogue order, for the head of a report.
public struct ReportSummary: Sendable {
    public private(set) var counts: [DiagnosisCode: Int] = [:]
    public private(set) var total = 0
    /// Sessions whose code the other side's data may still change: counted under their provisional code, and apart.
    public private(set) var pending = 0
    /// Final failures: what a report calls failed.
    public private(set) var failures = 0

    public init() {}

    public mutating func add(_ diagnosis: Diagnosis) {
        counts[diagnosis.code, default: 0] += 1
        total += 1
        if !diagnosis.isFinal { pending += 1 }
        if diagnosis.isFinalFailure { failures += 1 }
    }

    /// Codes that occurred, in the catalogue's order.
    public var rows: [(code: DiagnosisCode, count: Int)] {
        DiagnosisCode.allCases.compactMap { code in counts[code].map { (code, $0) } }
    }
}
