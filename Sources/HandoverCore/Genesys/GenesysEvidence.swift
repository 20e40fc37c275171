import Foundation

/// What a conversation's participants and segments say about the handover, decided once for the rules and the timeline.
extension GenesysConversation {
    /// The first agent's `interact` segment: the only answer (an acd participant's interact is the wait in queue).
    public var agentAnswer: (agent: GenesysParticipant, at: Date?)? {
        for agent in participants where agent.purpose == "agent" {
            if let interact = agent.segments.first(where: { $0.type == "interact" }) { return (agent, interact.startedAt) }
        }
        return nil
    }

    /// The conversation entered an ACD queue.
    public var wasQueued: Bool { participants.contains { $0.purpose == "acd" } }

    /// Evidence that the caller left the queue before an agent: `tAbandon`, or the customer hanging up while an acd
    /// participant held the call and no agent had answered.
    public var abandonment: String? {
        guard agentAnswer == nil else { return nil }
        if let (participant, value) = firstMetric("tAbandon") {
            return "conversation \(conversationId): \(participant.label) tAbandon \(Self.milliseconds(value))"
        }
        // A caller sent to voicemail or a callback hangs up there too: only a hang-up with no flow-out is an abandon.
        guard wasQueued, flowOut == nil, let ended = customerDisconnect, ["endpoint", "client"].contains(ended.disconnectType ?? "") else {
            return nil
        }
        return "conversation \(conversationId): the customer disconnected (\(ended.disconnectType ?? "")) in queue before an agent answered"
    }

    /// Evidence that agents were alerted and none answered.
    public var unansweredAlerts: [String] {
        guard agentAnswer == nil else { return [] }
        return participants.filter { $0.purpose == "agent" }.compactMap { agent in
            let metrics = ["tAlert", "tNotResponding"].compactMap { name in agent.metric(name).map { "\(name) \(Self.milliseconds($0))" } }
            let refusals = agent.segments.filter {
                $0.type == "alert" && ["noAnswerTransfer", "notAvailableTransfer"].contains($0.disconnectType ?? "")
            }
            .map { "alert ended \($0.disconnectType ?? "")" }
            let found = metrics + refusals
            return found.isEmpty ? nil : "conversation \(conversationId): agent \(agent.label) \(found.joined(separator: ", ")), no interact"
        }
    }

    /// Evidence that the call left the queue to voicemail, a callback or another flow, with no agent.
    public var flowOut: String? {
        guard agentAnswer == nil else { return nil }
        if let (participant, value) = firstMetric("tFlowOut") {
            return "conversation \(conversationId): \(participant.label) tFlowOut \(Self.milliseconds(value))"
        }
        for participant in participants {
            if let type = participant.sessions.lazy.compactMap(\.flowOutType).first {
                return "conversation \(conversationId): \(participant.label) flowOutType \(type)"
            }
        }
        return nil
    }

    /// Segments before any agent answered that ended in an error: disconnectType error, system or transportFailure, or an errorCode.
    public var errorSegments: [String] {
        let answeredAt = agentAnswer?.at
        return participants.flatMap { participant in
            participant.segments.filter { segment in
                guard segment.endedInError else { return false }
                guard let answeredAt, let start = segment.startedAt else { return agentAnswer == nil || segment.startedAt == nil }
                return start < answeredAt
            }.map { segment in
                let cause = [segment.disconnectType.map { "disconnectType \($0)" }, segment.errorCode.map { "errorCode \($0)" }].compactMap { $0 }
                return "conversation \(conversationId): \(participant.label) \(segment.type) segment ended with \(cause.joined(separator: ", "))"
            }
        }
    }

    /// The customer's last segment: how the caller's leg ended.
    public var customerDisconnect: GenesysSegment? {
        participants.filter { $0.purpose == "customer" }.flatMap(\.segments).filter { $0.disconnectType != nil }
            .max { ($0.endedAt ?? .distantPast) < ($1.endedAt ?? .distantPast) }
    }

    /// What the queue participants show, for evidence of queueing or its absence.
    public var queueEvidence: [String] {
        let queues = participants.filter { $0.purpose == "acd" }
        guard !queues.isEmpty else { return ["conversation \(conversationId): no acd participant (never queued)"] }
        return queues.map { queue in
            let waited = queue.segments.first { $0.type == "interact" }.flatMap { segment in
                segment.startedAt.flatMap { start in segment.endedAt.map { Diagnoser.seconds($0.timeIntervalSince(start).rounded()) } }
            }
            return "conversation \(conversationId): queue \(queue.label)\(waited.map { " waited \($0)" } ?? "")"
        }
    }

    private func firstMetric(_ name: String) -> (GenesysParticipant, Double)? {
        for participant in participants { if let value = participant.metric(name) { return (participant, value) } }
        return nil
    }

    /// A t* metric, milliseconds, as seconds.
    static func milliseconds(_ value: Double) -> String { Diagnoser.seconds((value / 1000).rounded()) }
}
