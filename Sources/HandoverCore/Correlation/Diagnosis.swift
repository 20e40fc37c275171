/// The verdict on one session: the code, a one-line summary with the evidence, the action, and the facts that
/// made the rule hold.
public struct Diagnosis: Sendable, Equatable, Encodable {
    public let code: DiagnosisCode
    public let summary: String
    public let action: String
    public let evidence: [String]
    /// Set while the other side's data could still change the code: the code is provisional until then.
    public let pending: Pending?

    public var isFinal: Bool { pending == nil }
    /// The summary, led by what a pending diagnosis waits for: how text reports and the console show it.
    public var shownSummary: String { pending.map { "[pending: \($0.reason)] \(summary)" } ?? summary }
    /// A failure that counts: alerts, notifications and failure figures read only these.
    public var isFinalFailure: Bool { isFinal && code.entry.isFailure }

    public init(_ code: DiagnosisCode, _ summary: String, evidence: [String], pending: Pending? = nil) {
        self.code = code
        self.summary = summary
        self.action = code.entry.action
        self.evidence = evidence
        self.pending = pending
    }
}

extension Diagnosis {
    enum CodingKeys: String, CodingKey { case action, code, evidence, final, pending, summary }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(action, forKey: .action)
        try container.encode(code, forKey: .code)
        try container.encode(evidence, forKey: .evidence)
        try container.encode(isFinal, forKey: .final)
        try container.encodeIfPresent(pending, forKey: .pending)
        try container.encode(summary, forKey: .summary)
    }
}

/// What a rule found: the summary with its evidence. The code is the rule's own, given by `Diagnoser.rule(for:)`.
struct Finding {
    let summary: String
    let evidence: [String]

    init(_ summary: String, evidence: [String]) {
        self.summary = summary
        self.evidence = evidence
    }
}

/// Applies one rule per code in the catalogue's order; the first that holds wins. A rule is looked up by its code,
/// so the order cannot drift from the catalogue's and no rule can answer with another rule's code.
public enum Diagnoser {
    typealias Rule = @Sendable (SessionFacts) -> Finding?

    /// `settlement`: how far each side has been read, which says whether the code is final. `.complete` judges the
    /// session as if everything had arrived.
    public static func diagnose(_ session: CorrelatedSession, _ settlement: Settlement = .complete) -> Diagnosis {
        let facts = SessionFacts(session, genesys: settlement.contactCentreIsGenesys(for: session))
        // A record joined by caller and time, not by id, says so whatever the verdict.
        // So does a session read in part.
        let joinNote = [
            session.callerMatch?.evidence, session.conversationCallerMatch?.evidence(of: "conversation"),
            session.eventsRead?.evidence(session.sessionId),
        ].compactMap { $0 }
        for code in DiagnosisCode.allCases {
            if let finding = rule(for: code)(facts) {
                return Diagnosis(code, finding.summary, evidence: finding.evidence + joinNote, pending: settlement.pending(code, session))
            }
        }
        preconditionFailure("the UNKNOWN rule always holds")
    }

    static func rule(for code: DiagnosisCode) -> Rule {
        switch code {
        case .handedOver: handedOver
        case .placeholderContactId: placeholderContactId
        case .invalidPayload: invalidPayload
        case .signalFailed: signalFailed
        case .transferFailed: transferFailed
        case .noCXoneRecord: noCXoneRecord
        case .noGenesysRecord: noGenesysRecord
        case .noBotRecord: noBotRecord
        case .cxoneError: cxoneError
        case .genesysError: genesysError
        case .agentRefused: agentRefused
        case .abandonedInQueue: abandonedInQueue
        case .leftQueueUnanswered: leftQueueUnanswered
        case .notQueued: notQueued
        case .callerHungUpInBot: callerHungUpInBot
        case .noEscalation: noEscalation
        case .unknown: unknown
        }
    }

    static func handedOver(_ facts: SessionFacts) -> Finding? {
        if let answered = genesysAnswer(facts) { return answered }
        if let contact = facts.session.contacts.first(where: { $0.answeringAgentId != nil && ($0.agentSeconds ?? 0) > 0 }) {
            return Finding(
                "Contact \(contact.contactId) reached agent \(contact.answeringAgentId!) for \(seconds(contact.agentSeconds)).",
                evidence: [
                    """
                    contact \(contact.contactId): agentId \(contact.answeringAgentId!), agentSeconds \(seconds(contact.agentSeconds)), skill \
                    \(contact.skillName ?? contact.skillId ?? "?")
                    """
                ])
        }
        guard let state = facts.session.states.first(where: { $0.kind == .withAgent }) else { return nil }
        return Finding(
            "Contact \(state.contactId) reached an agent (state \(state.stateName ?? "?")).",
            evidence: ["contact \(state.contactId) state #\(state.stateIndex) \(state.stateName ?? "?") agent \(state.agentId ?? "?")"])
    }

    static func placeholderContactId(_ facts: SessionFacts) -> Finding? {
        guard facts.session.botContactIds.contains(ContactIds.placeholder) else { return nil }
        let sources =
            facts.session.snapshots.filter { $0.contactIds.contains(ContactIds.placeholder) }.map { "snapshot \($0.id) (\($0.label ?? "no label"))" }
            + facts.session.attempts.filter { $0.contactId == ContactIds.placeholder }.map { "handover attempt \($0.id)" }
            + facts.session.messages.filter { $0.contactIds.contains(ContactIds.placeholder) }.map {
                "Cognigy's \($0.collection.rawValue) record \($0.recordId)"
            }
        return Finding(
            "The flow carried contact id \(ContactIds.placeholder) (Context Init's fallback); CXone ignored the signal.",
            evidence: sources.map { "\($0) has contact id \(ContactIds.placeholder)" })
    }

    static func invalidPayload(_ facts: SessionFacts) -> Finding? {
        guard let last = facts.lastAttempt, !last.valid else { return nil }
        return Finding(
            "The last handover payload (attempt \(last.id)) was invalid: \(last.errors.joined(separator: ", ")).",
            evidence: last.errors.map { "attempt \(last.id): \($0)" })
    }

    static func signalFailed(_ facts: SessionFacts) -> Finding? {
        let fromAttempts = facts.session.attempts.filter { $0.outcome == .failed }
            .map { "attempt \($0.id) outcome failed\($0.outcomeDetail.map { ": \($0)" } ?? "")" }
        let fromSnapshots = facts.session.snapshots.compactMap { snapshot in
            snapshot.reportedFailure.map { "snapshot \(snapshot.id) (\(snapshot.label ?? "no label")): \($0)" }
        }
        let evidence = fromAttempts + fromSnapshots
        guard let first = evidence.first else { return nil }
        return Finding("The flow reported the escalation failed: \(first).", evidence: evidence)
    }

    static func transferFailed(_ facts: SessionFacts) -> Finding? {
        guard let last = facts.transfers.last, last.event.isFailure else { return nil }
        return Finding(
            "Voice Gateway's transfer failed (\(last.event.summary)): \(last.event.advice).",
            evidence: facts.transfers.map { "\($0.source): \($0.event.summary)" })
    }

    static func noCXoneRecord(_ facts: SessionFacts) -> Finding? {
        guard facts.session.hasBotRecord, facts.session.contacts.isEmpty, !facts.isGenesys else { return nil }
        let ids = facts.session.botContactIds
        let byCaller = facts.session.callerKey == nil ? "" : ", or a contact from the same caller near the session's start"
        let lookedFor =
            ids.isEmpty
            ? "no contact id was recorded by the bot; only custom data naming the session\(byCaller) could match"
            : "looked for contact ids \(ids.joined(separator: ", ")) and custom data naming the session\(byCaller)"
        return Finding(
            "No CXone contact matches bot session \(facts.session.sessionId): \(lookedFor).",
            evidence: [lookedFor])
    }

    static func noBotRecord(_ facts: SessionFacts) -> Finding? {
        guard !facts.session.hasBotRecord else { return nil }
        let evidence =
            facts.session.namingCustomData.map { "contact \($0.contactId) custom data \($0.name) = \($0.value)" }
            + facts.session.conversations.map {
                "conversation \($0.conversationId): a participant attribute names session \($0.namedSessionId ?? "?")"
            }
        let records =
            facts.session.contacts.isEmpty
            ? "Genesys conversation \(facts.session.conversations.map(\.conversationId).joined(separator: ", "))"
            : "CXone contact \(facts.session.contactIds.joined(separator: ", "))"
        return Finding("\(records) names this bot session, but the bot recorded nothing.", evidence: evidence)
    }

    static func cxoneError(_ facts: SessionFacts) -> Finding? {
        if let contact = facts.session.contacts.first(where: { EndReasonKind(endReason: $0.endReason) == .error }) {
            return Finding(
                "CXone ended contact \(contact.contactId) with \"\(contact.endReason ?? "")\".",
                evidence: ["contact \(contact.contactId) endReason \(contact.endReason ?? "")"])
        }
        guard let state = facts.session.states.first(where: { $0.kind == .error }) else { return nil }
        return Finding(
            "Contact \(state.contactId) went through an error state (\(state.stateName ?? "")).",
            evidence: ["contact \(state.contactId) state #\(state.stateIndex) \(state.stateName ?? "")"])
    }

    static func agentRefused(_ facts: SessionFacts) -> Finding? {
        let refused =
            facts.session.contacts.filter { $0.isRefused == true || !($0.refuseReason ?? "").isEmpty }
            .map { "contact \($0.contactId) refused\($0.refuseReason.map { ": \($0)" } ?? "")" }
            + facts.session.states.filter { $0.kind == .refused }.map {
                "contact \($0.contactId) state \($0.stateName ?? "") agent \($0.agentId ?? "?")"
            }
            + facts.session.conversations.flatMap(\.unansweredAlerts)
        guard let first = refused.first else { return nil }
        return Finding("The contact was refused and never reached an agent (\(first)).", evidence: refused)
    }

    static func abandonedInQueue(_ facts: SessionFacts) -> Finding? {
        guard facts.queued == true else { return nil }
        if let abandoned = genesysAbandonment(facts) { return abandoned }
        guard let contact = facts.session.contacts.first(where: { $0.abandoned == true }) else { return nil }
        return Finding(
            """
            Contact \(contact.contactId) queued for \(contact.skillName ?? contact.skillId ?? "a skill"); the caller abandoned after \
            \(seconds(contact.abandonSeconds ?? contact.inQueueSeconds)).
            """,
            evidence: [
                """
                contact \(contact.contactId): abandoned, abandonSeconds \(seconds(contact.abandonSeconds)), inQueueSeconds \
                \(seconds(contact.inQueueSeconds))
                """
            ])
    }

    static func leftQueueUnanswered(_ facts: SessionFacts) -> Finding? {
        guard facts.queued == true else { return nil }
        if let flowOut = facts.session.conversations.lazy.compactMap(\.flowOut).first {
            return Finding("The call queued in Genesys and flowed out unanswered (\(flowOut)).", evidence: facts.queueEvidence + [flowOut])
        }
        return Finding(
            "The contact queued but left the queue unanswered (removed from queue).",
            evidence: facts.queueEvidence)
    }

    static func notQueued(_ facts: SessionFacts) -> Finding? {
        guard facts.queued == false else { return nil }
        if let attempt = facts.session.attempts.last(where: \.valid) {
            let target = attempt.queueId.map { " to queue \($0)" } ?? ""
            return Finding(
                "The bot escalated (attempt \(attempt.id)\(target)) but \(facts.contactCentre) never queued the contact.",
                evidence: ["valid attempt \(attempt.id)\(target)"] + facts.queueEvidence)
        }
        guard facts.session.attempts.isEmpty, let escalation = facts.session.escalation else { return nil }
        return Finding(
            "The bot escalated (\(escalation)) but \(facts.contactCentre) never queued the contact.", evidence: [escalation] + facts.queueEvidence)
    }

    static func callerHungUpInBot(_ facts: SessionFacts) -> Finding? {
        guard facts.session.attempts.isEmpty, facts.session.escalation == nil, facts.queued == false,
            let ended = callerEnded(facts)
        else { return nil }
        let step = facts.lastSnapshot.map { " at step \($0.label ?? $0.intent ?? "?")" } ?? ""
        return Finding("The caller ended the call during the bot\(step), before any escalation.", evidence: [ended])
    }

    static func noEscalation(_ facts: SessionFacts) -> Finding? {
        guard facts.session.attempts.isEmpty, facts.session.escalation == nil, facts.queued == false else { return nil }
        let step = facts.lastStep
        return Finding(
            "The bot session ended with no handover attempt and \(facts.contactCentre) shows no queue; \(step).",
            evidence: [step] + facts.queueEvidence)
    }

    static func unknown(_ facts: SessionFacts) -> Finding? {
        let missing =
            facts.queued == nil
            ? "\(facts.contactCentre)'s record has no queue figures and no state history, so queueing cannot be decided"
            : "no rule matched"
        return Finding("Undecided: \(missing).", evidence: [missing])
    }

    static func seconds(_ value: Double?) -> String {
        guard let value else { return "?s" }
        return value.rounded() == value && abs(value) < 1e15 ? "\(Int64(value))s" : "\(value)s"
    }
}
