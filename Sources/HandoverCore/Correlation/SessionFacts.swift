/// Derived facts the rules share, computed once per session.
struct SessionFacts {
    let session: CorrelatedSession
    let lastAttempt: CorrelatedSession.AttemptEvent?
    let lastSnapshot: CorrelatedSession.SnapshotEvent?
    /// true: queued; false: known not to have queued; nil: CXone's data cannot say.
    let queued: Bool?
    let queueEvidence: [String]

    init(_ session: CorrelatedSession) {
        self.session = session
        lastAttempt = session.attempts.max { ($0.at, $0.id) < ($1.at, $1.id) }
        lastSnapshot = session.snapshots.max { ($0.at, $0.id) < ($1.at, $1.id) }
        var evidence: [String] = []
        var queued: Bool?
        for contact in session.contacts {
            if let seconds = contact.inQueueSeconds {
                evidence.append("contact \(contact.contactId) inQueueSeconds \(Diagnoser.seconds(seconds))")
                queued = (queued ?? false) || seconds > 0
            }
        }
        let queueStates = session.states.filter { $0.kind == .queued }
        evidence += queueStates.map {
            "contact \($0.contactId) state #\($0.stateIndex) \($0.stateName ?? "") \(Diagnoser.seconds($0.durationSeconds))"
        }
        if !queueStates.isEmpty { queued = true } else if !session.states.isEmpty { queued = queued ?? false }
        self.queued = queued
        queueEvidence = evidence
    }
}
