import Foundation

/// One line of a session's merged timeline: which side saw it, what it was, and a readable summary.
public struct TimelineEntry: Sendable, Equatable, Encodable {
    /// The contact centre's lane is named for its platform.
    public enum Side: String, Sendable, Encodable { case bot, cxone, genesys }
    public enum Kind: String, Sendable, Encodable {
        case snapshot, handover, botSession, message, contactStart, state, contactEnd, conversationStart, participant, conversationEnd
    }
    /// Where the entry's record came from: the flow's webhook posts, Cognigy's OData history, CXone or Genesys Cloud.
    public enum Source: String, Sendable, Encodable { case webhook, odata, cxone, genesys }

    public let at: Date?
    public let side: Side
    public let kind: Kind
    public var source: Source {
        switch kind {
        case .snapshot, .handover: .webhook
        case .botSession, .message: .odata
        case .contactStart, .state, .contactEnd: .cxone
        case .conversationStart, .participant, .conversationEnd: .genesys
        }
    }
    public let summary: String
    /// The bot reported a failure here or sent an invalid payload: what a reader's eye should land on.
    public let isProblem: Bool

    init(at: Date?, side: Side, kind: Kind, summary: String, isProblem: Bool = false) {
        self.at = at
        self.side = side
        self.kind = kind
        self.summary = summary
        self.isProblem = isProblem
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(at.map(Timestamps.format), forKey: .at)
        try container.encode(side, forKey: .side)
        try container.encode(kind, forKey: .kind)
        try container.encode(source, forKey: .source)
        try container.encode(summary, forKey: .summary)
    }

    enum CodingKeys: String, CodingKey { case at, side, kind, source, summary }
}

/// Interleaves both sides of a session by time; entries without a time (a state CXone gave no date) keep their
/// place after the timed ones of their contact.
public enum Timeline {
    public static func build(_ session: CorrelatedSession) -> [TimelineEntry] {
        var entries = session.snapshots.map(snapshotEntry) + session.attempts.map(attemptEntry) + session.messages.map(messageEntry)
        if let record = session.cognigySession { entries.append(botSessionEntry(record)) }
        for contact in session.contacts {
            entries.append(TimelineEntry(at: contact.startedAt, side: .cxone, kind: .contactStart, summary: contactStartSummary(contact)))
            let states = session.states.filter { $0.contactId == contact.contactId }.sorted { $0.stateIndex < $1.stateIndex }
            entries += states.map(stateEntry)
            if let ended = contact.endedAt {
                entries.append(TimelineEntry(at: ended, side: .cxone, kind: .contactEnd, summary: contactEndSummary(contact)))
            }
        }
        entries += session.conversations.flatMap(conversationEntries)
        let order = Dictionary(uniqueKeysWithValues: entries.indices.map { ($0, $0) })
        return entries.indices.sorted { left, right in
            switch (entries[left].at, entries[right].at) {
            case let (l?, r?) where l != r: return l < r
            case (nil, _?): return false
            case (_?, nil): return true
            default: return order[left]! < order[right]!
            }
        }.map { entries[$0] }
    }

    static func snapshotEntry(_ snapshot: CorrelatedSession.SnapshotEvent) -> TimelineEntry {
        var parts = ["snapshot \(snapshot.id)", snapshot.label.map { "step \"\($0)\"" }, snapshot.intent.map { "intent \($0)" }]
        if !snapshot.contactIds.isEmpty { parts.append("contacts \(snapshot.contactIds.joined(separator: "/"))") }
        parts.append(snapshot.reportedFailure.map { "reports failure: \($0)" })
        parts.append(snapshot.transfer.map { "Voice Gateway \($0.summary)" })
        return TimelineEntry(
            at: snapshot.at, side: .bot, kind: .snapshot, summary: parts.compactMap { $0 }.joined(separator: ", "),
            isProblem: snapshot.reportedFailure != nil || snapshot.transfer?.isFailure == true)
    }

    static func botSessionEntry(_ record: CognigySession) -> TimelineEntry {
        let parts = [
            "OData Sessions: session started", record.endpointName.map { "endpoint \($0)" }, record.projectName.map { "project \($0)" },
            record.stepsCount.map { "\($0) steps" }, record.handoverEscalations.map { "handoverEscalations \($0)" },
        ]
        return TimelineEntry(at: record.startedAt, side: .bot, kind: .botSession, summary: parts.compactMap { $0 }.joined(separator: ", "))
    }

    static func messageEntry(_ message: CognigyMessage) -> TimelineEntry {
        let who = message.source ?? (message.type == "output" ? "bot" : "user")
        let said = message.text.map { "\(who) \(message.collection == .analytics ? "input" : "said") \"\(clipped($0))\"" }
        var parts = ["OData \(message.collection.rawValue): \(said ?? "\(who) \(message.type ?? "message")")"]
        parts += [
            message.intent.map { "intent \($0)\(message.intentScore.map { " (\($0))" } ?? "")" }, message.flowName.map { "flow \($0)" },
            message.contactIds.isEmpty ? nil : "contacts \(message.contactIds.joined(separator: "/"))",
            message.inHandoverRequest == true ? "in handover request" : nil, message.transfer.map { "Voice Gateway \($0.summary)" },
        ].compactMap { $0 }
        return TimelineEntry(
            at: message.at, side: .bot, kind: .message, summary: parts.joined(separator: ", "), isProblem: message.transfer?.isFailure == true)
    }

    static func attemptEntry(_ attempt: CorrelatedSession.AttemptEvent) -> TimelineEntry {
        var parts = ["handover attempt \(attempt.id)", attempt.valid ? "valid" : "INVALID (\(attempt.errors.joined(separator: "; ")))"]
        parts += [attempt.contactId.map { "contact \($0)" }, attempt.queueId.map { "queue \($0)" }].compactMap { $0 }
        if let outcome = attempt.outcome { parts.append("outcome \(outcome.rawValue)\(attempt.outcomeDetail.map { ": \($0)" } ?? "")") }
        return TimelineEntry(
            at: attempt.at, side: .bot, kind: .handover, summary: parts.joined(separator: ", "),
            isProblem: !attempt.valid || attempt.outcome == .failed)
    }

    /// A message's text, cut where a timeline line would wrap too far.
    static func clipped(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count <= 120 ? flat : flat.prefix(119) + "…"
    }

    static func stateEntry(_ state: ContactState) -> TimelineEntry {
        let parts = [
            "contact \(state.contactId) state \(state.stateName ?? "?")",
            state.skillName.map { "skill \($0)" } ?? state.skillId.map { "skill \($0)" },
            state.agentId.flatMap { $0 == "0" ? nil : "agent \($0)" }, state.durationSeconds.map { "for \(Diagnoser.seconds($0))" },
        ]
        return TimelineEntry(at: state.startedAt, side: .cxone, kind: .state, summary: parts.compactMap { $0 }.joined(separator: ", "))
    }

    static func contactStartSummary(_ contact: CXoneContact) -> String {
        let parts = [
            "contact \(contact.contactId) started", contact.masterContactId.flatMap { $0 == contact.contactId ? nil : "master \($0)" },
            contact.mediaType, contact.pointOfContact.map { "at \($0)" },
            contact.skillName.map { "skill \($0)" } ?? contact.skillId.map { "skill \($0)" },
        ]
        return parts.compactMap { $0 }.joined(separator: ", ")
    }

    static func contactEndSummary(_ contact: CXoneContact) -> String {
        var parts = ["contact \(contact.contactId) ended", contact.endReason.map { "end reason \"\($0)\"" }]
        if let seconds = contact.inQueueSeconds { parts.append("in queue \(Diagnoser.seconds(seconds))") }
        if let agent = contact.answeringAgentId { parts.append("agent \(agent) for \(Diagnoser.seconds(contact.agentSeconds))") }
        if contact.abandoned == true { parts.append("abandoned after \(Diagnoser.seconds(contact.abandonSeconds))") }
        if contact.isRefused == true { parts.append("refused\(contact.refuseReason.map { " (\($0))" } ?? "")") }
        return parts.compactMap { $0 }.joined(separator: ", ")
    }
}
