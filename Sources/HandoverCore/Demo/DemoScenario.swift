import Foundation

/// A synthetic data set that covers every diagnosis, built through the same parsing and validation as real
/// requests, so a new user sees a real report in one command and the benchmark has realistic rows.
public struct DemoSession: Sendable {
    public let scenario: DiagnosisCode
    /// Request bodies as a flow would post them, with the time each arrived.
    public var snapshotBodies: [(body: JSONValue, at: Date)] = []
    public var handoverBodies: [(body: JSONValue, at: Date)] = []
    public var cxone = CXoneBatch()
    /// What Cognigy's OData history holds of the session.
    public var cognigy = CognigyBatch()
    /// What Genesys Cloud holds of the sessions that hand over to it.
    public var genesys = GenesysBatch()
}

public struct DemoGenerator: Sendable {
    public let sessions: Int
    public let snapshotsPerSession: Int
    public let end: Date

    public init(sessions: Int, snapshotsPerSession: Int = 3, end: Date = Date()) {
        self.sessions = sessions
        self.snapshotsPerSession = max(1, snapshotsPerSession)
        self.end = end
    }

    /// Sessions spread evenly over the last week (at most ten minutes apart), oldest first.
    var spacing: Double { min(600, 604_800 / Double(max(sessions, 1))) }

    public static func sessionId(_ index: Int) -> String {
        let hex = String(index, radix: 16)
        return "demo-" + String(repeating: "0", count: max(0, 8 - hex.count)) + hex + "-4c1e-9d8a-2f0c1e6b7a11"
    }

    public func session(_ index: Int) -> DemoSession {
        let scenario = Self.scenarios[index % Self.scenarios.count]
        let start = end.addingTimeInterval(-Double(sessions - index) * spacing)
        let ids = DemoIds(index: index, scenario: scenario)
        var session = DemoSession(scenario: scenario)
        if scenario != .noBotRecord {
            session.snapshotBodies = snapshotBodies(ids, start: start)
            if let handover = DemoCXone.handoverBody(ids) {
                session.handoverBodies = [(handover, start.addingTimeInterval(Double(snapshotsPerSession) * 8 + 2))]
            }
        }
        session.cxone = DemoGenesys.scenarios.contains(scenario) ? CXoneBatch() : DemoCXone.batch(ids, start: start.addingTimeInterval(-1))
        session.genesys = DemoGenesys.batch(ids, start: start.addingTimeInterval(-1))
        let historyOnly = DemoCognigy.isHistoryOnly(ids, scenarios: Self.scenarios.count)
        let escalated = DemoCXone.handoverBody(ids) != nil
        session.cognigy = DemoCognigy.batch(ids, start: start, steps: snapshotsPerSession, escalated: escalated, historyOnly: historyOnly)
        if historyOnly { (session.snapshotBodies, session.handoverBodies) = ([], []) }
        return session
    }

    /// Every code, in the order the codes were added to the catalogue (not the rules' order), so a demo session's
    /// index keeps its scenario when a code is added.
    public static let scenarios: [DiagnosisCode] =
        DiagnosisCode.allCases.filter { !added.contains($0) } + added
    /// Codes added after the first fifteen, in the order they were added.
    static let added: [DiagnosisCode] = [.transferFailed, .noGenesysRecord, .genesysError]

    static let steps = [
        "Greeting", "Collect reason", "Identify caller", "Check account", "Offer self-service",
        "Confirm request", "Ask for agent", "Anything else?", "Transfer announcement", "Goodbye",
    ]
    static let intents = ["billing_question", "agent_request", "change_address", "payment_arrangement", "cancel_contract"]

    func snapshotBodies(_ ids: DemoIds, start: Date) -> [(body: JSONValue, at: Date)] {
        (0..<snapshotsPerSession).map { step in
            let recorded: [String: JSONValue] =
                DemoGenesys.scenarios.contains(ids.scenario)
                ? ["genesysConversationId": .string(DemoGenesys.conversationId(ids))]
                : ["contactId": .string(ids.botMasterContactId), "spawnedContactId": .string(ids.botSpawnedContactId)]
            var context: [String: JSONValue] = [
                "data": .object(recorded),
                "reason": .string(Self.intents[ids.index % Self.intents.count]),
            ]
            if ids.scenario == .signalFailed, step == snapshotsPerSession - 1 {
                context["CXoneHandover"] = .object([
                    "success": .bool(false), "stage": .string("signal"), "error": .string("Error getting bearer token: 401"),
                ])
            }
            var fields: [String: JSONValue] = [
                "sessionId": .string(ids.sessionId), "userId": .string(ids.callerNumber),
                "channel": .string("voiceGateway2"), "label": .string(Self.steps[step % Self.steps.count]),
                "intent": .string(Self.intents[(ids.index + step) % Self.intents.count]), "confidence": .double(0.6 + Double(step % 4) / 10),
                "text": .string("Caller utterance \(step + 1) of the demo session"), "context": .object(context),
            ]
            if ids.scenario == .transferFailed, step == snapshotsPerSession - 1 {
                fields["data"] = .object([
                    "event": .string("TRANSFER_DIAL_ERROR"),
                    "payload": .object(["sip_status": .integer(486), "sip_reason": .string("Busy Here"), "call_status": .string("failed")]),
                ])
            }
            return (.object(fields), start.addingTimeInterval(Double(step) * 8))
        }
    }
}

/// The ids of one demo session: a master and a spawned CXone contact, as Context Init would store them.
struct DemoIds {
    let index: Int
    let scenario: DiagnosisCode
    var sessionId: String { DemoGenerator.sessionId(index) }
    var callerNumber: String { "+49151\(String(1_000_000 + index % 9_000_000))" }
    var masterContactId: String { String(700_000_000_000 + 2 * index) }
    var spawnedContactId: String { String(700_000_000_001 + 2 * index) }
    /// What the bot recorded: the placeholder when the SIP headers were "missing", ids CXone never saw for NO_CXONE_RECORD.
    var botMasterContactId: String {
        switch scenario {
        case .placeholderContactId: return ContactIds.placeholder
        case .noCXoneRecord: return String(800_000_000_000 + 2 * index)
        default: return masterContactId
        }
    }
    var botSpawnedContactId: String {
        switch scenario {
        case .placeholderContactId: return ContactIds.placeholder
        case .noCXoneRecord: return String(800_000_000_001 + 2 * index)
        default: return spawnedContactId
        }
    }
}
