/// The rules' Genesys Cloud halves: the same codes, read from a conversation's participants and segments.
extension Diagnoser {
    static func genesysAnswer(_ facts: SessionFacts) -> Finding? {
        for conversation in facts.session.conversations {
            guard let (agent, at) = conversation.agentAnswer else { continue }
            let when = at.map { " at \(Timestamps.format($0))" } ?? ""
            return Finding(
                "Conversation \(conversation.conversationId) reached agent \(agent.label)\(when).",
                evidence: ["conversation \(conversation.conversationId): agent \(agent.label) has an interact segment\(when)"])
        }
        return nil
    }

    static func noGenesysRecord(_ facts: SessionFacts) -> Finding? {
        guard facts.session.hasBotRecord, facts.session.contacts.isEmpty, facts.session.conversations.isEmpty, facts.isGenesys else { return nil }
        let ids = facts.session.recordedConversationIds
        let lookedFor =
            ids.isEmpty
            ? "no conversation id was recorded by the bot and no conversation from the same caller started near the session; "
                + "Genesys data covers the session's time and CXone's does not"
            : "looked for conversation ids \(ids.joined(separator: ", ")) and participant attributes naming the session"
        return Finding("No Genesys conversation matches bot session \(facts.session.sessionId): \(lookedFor).", evidence: [lookedFor])
    }

    static func genesysError(_ facts: SessionFacts) -> Finding? {
        let errors = facts.session.conversations.flatMap(\.errorSegments)
        guard let first = errors.first else { return nil }
        return Finding("Genesys ended a segment in an error before any agent answered (\(first)).", evidence: errors)
    }

    static func genesysAbandonment(_ facts: SessionFacts) -> Finding? {
        guard let abandoned = facts.session.conversations.lazy.compactMap(\.abandonment).first else { return nil }
        return Finding("The call queued in Genesys; the caller abandoned before an agent answered (\(abandoned)).", evidence: [abandoned])
    }

    /// How the caller ended the call, on either platform, when it shows they did.
    static func callerEnded(_ facts: SessionFacts) -> String? {
        if let contact = facts.session.contacts.first(where: { EndReasonKind(endReason: $0.endReason) == .callerEnded || $0.abandoned == true }) {
            return "contact \(contact.contactId) endReason \(contact.endReason ?? "abandoned"), no queue time"
        }
        for conversation in facts.session.conversations where conversation.customerDisconnect?.disconnectType == "endpoint" {
            return "conversation \(conversation.conversationId): the customer hung up (disconnectType endpoint), never queued"
        }
        return nil
    }
}
