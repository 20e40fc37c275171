import Foundation

/// What Cognigy's OData endpoint would hold for a demo session: its Sessions record, a user input and a bot answer
/// per step (Conversations), and the first input's intent (Analytics). Every other cycle of scenarios is known
/// from this history alone, as for flows that never post to the webhook, with the contact id only in a customN field
/// for half of those.
enum DemoCognigy {
    /// Codes a session known only from Cognigy's history can still earn: the others need the webhook's payload or context.
    static let reachableWithoutWebhook: Set<DiagnosisCode> = Set(DiagnosisCode.allCases).subtracting([
        .invalidPayload, .signalFailed, .noBotRecord, .noGenesysRecord, .genesysError,
    ])

    static func isHistoryOnly(_ ids: DemoIds, scenarios: Int) -> Bool {
        (ids.index / scenarios) % 2 == 1 && reachableWithoutWebhook.contains(ids.scenario)
    }

    static func batch(_ ids: DemoIds, start: Date, steps: Int, escalated: Bool, historyOnly: Bool) -> CognigyBatch {
        guard ids.scenario != .noBotRecord else { return CognigyBatch() }
        var batch = CognigyBatch()
        var session = CognigySession(sessionId: ids.sessionId, rawJSON: #"{"sessionId":"\#(ids.sessionId)","demo":true}"#)
        session.userId = ids.callerNumber
        session.callerKey = CallerKey.key(ids.callerNumber)
        session.startedAt = start
        session.stepsCount = steps
        session.handoverEscalations = escalated ? 1 : 0
        session.projectName = "Demo Voicebot"
        session.endpointName = "Voice Gateway"
        batch.sessions = [session]
        let idsInCustomField = historyOnly && ids.index % 2 == 1
        for step in 0..<steps {
            let at = start.addingTimeInterval(Double(step) * 8)
            var input = message(ids, "\(step)-in", at: at, source: "user", text: "Caller utterance \(step + 1) of the demo session")
            if step == 0, !idsInCustomField { (input.contactId, input.spawnedContactId) = (ids.botMasterContactId, ids.botSpawnedContactId) }
            if step == steps - 1, ids.scenario == .transferFailed {
                input.transfer = TransferEvent(name: "TRANSFER_DIAL_ERROR", sipStatus: 486, sipReason: "Busy Here")
            }
            var output = message(
                ids, "\(step)-out", at: at.addingTimeInterval(1), source: "bot", text: DemoGenerator.steps[step % DemoGenerator.steps.count])
            output.inHandoverRequest = escalated && step == steps - 1
            batch.messages += [input, output]
        }
        var analytics = message(ids, "a", at: start, source: nil, text: "Caller utterance 1 of the demo session")
        analytics.collection = .analytics
        analytics.intent = DemoGenerator.intents[ids.index % DemoGenerator.intents.count]
        analytics.intentScore = 0.87
        if idsInCustomField { analytics.contactId = ids.botMasterContactId }
        batch.messages.append(analytics)
        return batch
    }

    static func message(_ ids: DemoIds, _ suffix: String, at: Date, source: String?, text: String) -> CognigyMessage {
        var message = CognigyMessage(collection: .conversations, recordId: "\(ids.sessionId)-\(suffix)", sessionId: ids.sessionId, rawJSON: "{}")
        message.at = at
        message.source = source
        message.type = source == "bot" ? "output" : "input"
        message.text = text
        message.flowName = "Demo Main"
        message.channel = "voiceGateway2"
        return message
    }
}
