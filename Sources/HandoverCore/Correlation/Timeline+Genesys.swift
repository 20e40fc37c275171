import Foundation

/// A Genesys conversation on the timeline: its start, each participant at its first segment, its end.
extension Timeline {
    static func conversationEntries(_ conversation: GenesysConversation) -> [TimelineEntry] {
        let id = conversation.conversationId
        var entries = [
            TimelineEntry(
                at: conversation.startedAt, side: .genesys, kind: .conversationStart,
                summary: "conversation \(id) started" + (conversation.callerKey == nil ? "" : ", caller known"))
        ]
        for participant in conversation.participants {
            let segments = participant.segments
            let steps = segments.map { segment in segment.type + (segment.disconnectType.map { " (ended \($0))" } ?? "") }
            let parts = [
                "conversation \(id): \(participant.purpose) \(participant.label)",
                steps.isEmpty ? nil : steps.joined(separator: ", "),
                participant.attributes.isEmpty ? nil : "attributes \(participant.attributes.keys.sorted().joined(separator: ", "))",
            ]
            let problem = segments.contains(where: \.endedInError)
            entries.append(
                TimelineEntry(
                    at: segments.compactMap(\.startedAt).min(), side: .genesys, kind: .participant,
                    summary: parts.compactMap { $0 }.joined(separator: ", "), isProblem: problem))
        }
        if let ended = conversation.endedAt {
            let answered = conversation.agentAnswer.map { "answered by \($0.agent.label)" } ?? "no agent answered"
            entries.append(TimelineEntry(at: ended, side: .genesys, kind: .conversationEnd, summary: "conversation \(id) ended, \(answered)"))
        }
        return entries
    }
}
