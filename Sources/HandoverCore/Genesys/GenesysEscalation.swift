/// What a flow that hands over to Genesys Cloud records in a snapshot, at its top level, in `context.data` or in
/// `data`: the conversation id Cognigy's Genesys Bot Connector gives the bot, and that it asked for an agent.
public enum GenesysEscalation {
    /// `genesysConversationId`, else `conversationId`, first found in `places`, compared case-blind and trimmed.
    public static func conversationId(in places: [[String: JSONValue]]) -> String? {
        for name in ["genesysConversationId", "conversationId"] {
            for place in places {
                if let id = GenesysConversation.normalisedId(LenientFields(place).value(name)?.scalarText) { return id }
            }
        }
        return nil
    }

    /// `handoverRequested` true (a boolean, or `"true"` from a CognigyScript token) in any of `places`.
    public static func handoverRequested(in places: [[String: JSONValue]]) -> Bool {
        places.contains { LenientFields($0).flag("handoverRequested") == true }
    }
}
