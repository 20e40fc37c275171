/// Derived facts the rules share, computed once per session.
struct SessionFacts {
    let session: CorrelatedSession
    let lastAttempt: CorrelatedSession.AttemptEvent?
    let lastSnapshot: CorrelatedSession.SnapshotEvent?
    /// true: queued; false: known not to have queued; nil: CXone's data cannot say.
    let queued: Bool?
    let queueEvidence: [String]
    /// Voice Gateway transfer events from both bot sources, oldest first, each with where it was seen.
    let transfers: [(source: String, event: TransferEvent)]
    /// Genesys Cloud is the session's contact centre (`Settlement.contactCentreIsGenesys(for:)`).
    let isGenesys: Bool
    var contactCentre: String { isGenesys ? "Genesys" : "CXone" }

    init(_ session: CorrelatedSession, genesys: Bool = false) {
        self.session = session
        isGenesys = genesys || session.isGenesys
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
        if !session.conversations.isEmpty {
            queued = (queued ?? false) || session.conversations.contains(where: \.wasQueued)
            evidence += session.conversations.flatMap(\.queueEvidence)
        }
        self.queued = queued
        queueEvidence = evidence
        let fromSnapshots = session.snapshots.compactMap { snapshot in
            snapshot.transfer.map { (snapshot.at, "snapshot \(snapshot.id)", $0) }
        }
        let fromMessages = session.messages.compactMap { message in
            message.transfer.map { (message.at ?? .distantPast, "Cognigy's \(message.collection.rawValue) record \(message.recordId)", $0) }
        }
        transfers = (fromSnapshots + fromMessages).sorted { $0.0 < $1.0 }.map { ($0.1, $0.2) }
    }

    /// Where the bot stopped: the last snapshot's step, else the last input Cognigy's history kept.
    var lastStep: String {
        if let snapshot = lastSnapshot { return "last step \(snapshot.label ?? "?") (intent \(snapshot.intent ?? "?"))" }
        guard let input = session.messages.last(where: { $0.intent != nil || $0.flowName != nil }) else { return "no snapshot" }
        return "last input in Cognigy's history: intent \(input.intent ?? "?") in flow \(input.flowName ?? "?")"
    }
}
