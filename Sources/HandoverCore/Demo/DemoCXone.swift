import Foundation

/// The handover attempt and the CXone records each demo scenario needs to earn its diagnosis.
enum DemoCXone {
    static func handoverBody(_ ids: DemoIds) -> JSONValue? {
        // Sessions whose flow sends no handover payload (a Voice Gateway transfer sends none either).
        let escalating: Set<DiagnosisCode> = [.callerHungUpInBot, .noEscalation, .unknown, .noBotRecord, .transferFailed]
        // A flow that hands over to Genesys posts no CXone payload.
        guard !escalating.contains(ids.scenario), !DemoGenesys.scenarios.contains(ids.scenario) else { return nil }
        var payload: [String: JSONValue] = [
            "externalContactId": .string(ids.botSpawnedContactId), "queueId": .string("4301"), "transferType": .string("blind"),
            "metadata": .object(["botSessionId": .string(ids.sessionId), "intent": .string("agent_request"), "confidence": .double(0.93)]),
        ]
        if ids.scenario == .invalidPayload { payload["queueId"] = .string("") }
        var body: [String: JSONValue] = [
            "sessionId": .string(ids.sessionId), "contactId": .string(ids.botSpawnedContactId), "payload": .object(payload),
        ]
        body["outcome"] =
            ids.scenario == .signalFailed
            ? .object(["success": .bool(false), "stage": .string("signal"), "error": .string("Error getting bearer token: 401")])
            : .object(["success": .bool(true)])
        return .object(body)
    }

    static func batch(_ ids: DemoIds, start: Date) -> CXoneBatch {
        var batch = CXoneBatch()
        guard ids.scenario != .noCXoneRecord else { return batch }
        var contact = CXoneContact(contactId: ids.spawnedContactId)
        // The flow signalled the placeholder, so only the caller's number and the time lead to this contact.
        if ids.scenario == .placeholderContactId { contact.callerKey = CallerKey.key(ids.callerNumber) }
        contact.masterContactId = ids.masterContactId
        contact.startedAt = start
        contact.skillId = "4301"
        contact.skillName = "Billing Voice"
        contact.agentId = "0"
        contact.abandoned = false
        contact.isRefused = false
        contact.mediaType = "Call"
        contact.pointOfContact = "Main line"
        contact.preQueueSeconds = 40
        contact.inQueueSeconds = 0
        contact.agentSeconds = 0
        contact.endReason = "Contact Hang Up via Script"
        var states = [("PreQueue", 40.0)]
        switch ids.scenario {
        case .handedOver:
            contact.agentId = "1234"; contact.inQueueSeconds = 25; contact.agentSeconds = 180; contact.endReason = "Agent Hung Up"
            states += [("InQueue", 25), ("Active", 180), ("EndContact", 0)]
        case .cxoneError: contact.endReason = "System Error"; states += [("EndContact", 0)]
        case .agentRefused:
            contact.isRefused = true; contact.refuseReason = "Agent refused"; contact.inQueueSeconds = 30
            states += [("InQueue", 30), ("Refused", 5)]
        case .abandonedInQueue:
            contact.abandoned = true; contact.abandonSeconds = 62; contact.inQueueSeconds = 62; contact.endReason = "Contact Hung Up"
            states += [("InQueue", 62), ("Abandon", 0)]
        case .leftQueueUnanswered: contact.inQueueSeconds = 300; states += [("InQueue", 300), ("EndContact", 0)]
        case .callerHungUpInBot, .invalidPayload: contact.endReason = "Contact Hung Up"; states += [("EndContact", 0)]
        case .noBotRecord:
            contact.endReason = "Contact Hung Up"
            batch.customData = [CustomDataItem(contactId: ids.spawnedContactId, name: "BotSessionId", value: ids.sessionId)]
        case .unknown: contact.inQueueSeconds = nil; contact.endReason = nil; states = []
        default: states += [("EndContact", 0)]
        }
        contact.totalDurationSeconds = (contact.preQueueSeconds ?? 0) + (contact.inQueueSeconds ?? 0) + (contact.agentSeconds ?? 0)
        contact.endedAt = start.addingTimeInterval(contact.totalDurationSeconds ?? 0)
        contact.rawJSON = #"{"contactId":"\#(contact.contactId)","demo":true}"#
        batch.contacts = [contact]
        var offset = 0.0
        batch.states = states.enumerated().map { index, entry in
            var state = ContactState(contactId: ids.spawnedContactId, stateIndex: index + 1, stateName: entry.0, rawJSON: "{}")
            state.startedAt = start.addingTimeInterval(offset)
            state.durationSeconds = entry.1
            state.skillName = entry.0 == "PreQueue" ? nil : "Billing Voice"
            state.agentId = entry.0 == "Active" ? "1234" : nil
            offset += entry.1
            return state
        }
        return batch
    }
}
