import Foundation

/// The Genesys Cloud half of the demo: sessions whose flow hands over to Genesys and records the conversation id.
enum DemoGenesys {
    static let scenarios: Set<DiagnosisCode> = [.genesysError, .noGenesysRecord]

    /// The conversation id the flow records (Cognigy's Genesys Bot Connector gives it to the bot).
    static func conversationId(_ ids: DemoIds) -> String {
        let hex = String(ids.index, radix: 16)
        return "d3m0c0de-0000-4000-8000-" + String(repeating: "0", count: max(0, 12 - hex.count)) + hex
    }

    /// The conversation Genesys keeps; none for NO_GENESYS_RECORD, whose id no import has.
    static func batch(_ ids: DemoIds, start: Date) -> GenesysBatch {
        guard ids.scenario == .genesysError else { return GenesysBatch() }
        let time = { (offset: Double) in JSONValue.string(Timestamps.format(start.addingTimeInterval(offset))) }
        let segment = { (type: String, from: Double, to: Double, disconnect: String) -> JSONValue in
            .object(["segmentType": .string(type), "segmentStart": time(from), "segmentEnd": time(to), "disconnectType": .string(disconnect)])
        }
        let participant = { (purpose: String, name: String, segments: [JSONValue]) -> JSONValue in
            .object([
                "purpose": .string(purpose), "participantName": .string(name),
                "sessions": .array([
                    .object(["mediaType": .string("voice"), "ani": .string("tel:\(ids.callerNumber)"), "segments": .array(segments)])
                ]),
            ])
        }
        var failedAlert = [String: JSONValue]()
        if case .object(let fields) = segment("alert", 70, 80, "error") { failedAlert = fields }
        failedAlert["errorCode"] = .string("error.ininedgecontrol.connection.protocol")
        let record: [String: JSONValue] = [
            "conversationId": .string(conversationId(ids)), "conversationStart": time(0), "conversationEnd": time(80),
            "participants": .array([
                participant("customer", "Caller", [segment("interact", 0, 80, "peer")]),
                participant("ivr", "Cognigy Voicebot", [segment("ivr", 0, 40, "transfer")]),
                participant("acd", "Billing Voice", [segment("interact", 40, 70, "transfer")]),
                participant("agent", "Demo Agent", [.object(failedAlert)]),
            ]),
        ]
        guard let conversation = try? GenesysDocumentReader.conversation(record) else { return GenesysBatch() }
        return GenesysBatch(conversations: [conversation])
    }
}
