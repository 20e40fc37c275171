/// What a word search finds a session by besides its ids: the flow steps and intents it posted, and the intents and
/// flow names in Cognigy's history of it. Lowercased, so a search is case-blind in every script, each term once.
extension CorrelatedSession {
    public var searchTerms: Set<String> {
        let posted = snapshots.flatMap { [$0.label, $0.intent] }
        let history = messages.flatMap { [$0.intent, $0.flowName] }
        return Set((posted + history).compactMap { $0?.trimmingWhitespaceAndNewlines().lowercased() }.filter { !$0.isEmpty })
    }
}
