import Foundation
import HandoverCore
import Testing

/// Realistic sessions for each diagnosis: a bot side as flows record it and a CXone side as the API returns it.
enum SessionFixtures {
    static let start = Date(timeIntervalSince1970: 1_764_000_000)

    static func snapshot(
        _ id: Int64, label: String, contactIds: [String] = ["700000001", "700000002"], failure: String? = nil
    ) -> CorrelatedSession.SnapshotEvent {
        .init(
            id: id, at: start.addingTimeInterval(Double(id)), label: label, intent: "agent_request", contactIds: contactIds, reportedFailure: failure)
    }

    static func attempt(
        _ id: Int64, valid: Bool = true, errors: [String] = [], contactId: String = "700000002", outcome: HandoverOutcome? = nil
    ) -> CorrelatedSession.AttemptEvent {
        .init(
            id: id, at: start.addingTimeInterval(Double(10 + id)), valid: valid, errors: errors, contactId: contactId, queueId: "4301",
            outcome: outcome)
    }

    static func contact(_ configure: (inout CXoneContact) -> Void = { _ in }) -> CXoneContact {
        var contact = CXoneContact(contactId: "700000002")
        contact.masterContactId = "700000001"
        contact.startedAt = start
        contact.agentId = "0"
        contact.agentSeconds = 0
        contact.inQueueSeconds = 0
        contact.abandoned = false
        contact.isRefused = false
        contact.endReason = "Contact Hung Up"
        configure(&contact)
        return contact
    }

    static func state(_ index: Int, _ name: String, seconds: Double = 10) -> ContactState {
        var state = ContactState(contactId: "700000002", stateIndex: index, stateName: name)
        state.startedAt = start.addingTimeInterval(Double(index * 10))
        state.durationSeconds = seconds
        return state
    }

    /// A session whose flow recorded Genesys conversation c-1 and asked for an agent, with what Genesys holds of it.
    static func genesysSession(conversations: [GenesysConversation]) -> CorrelatedSession {
        var snapshot = snapshot(1, label: "Handover", contactIds: [])
        (snapshot.genesysConversationId, snapshot.handoverRequested) = ("c-1", true)
        var session = CorrelatedSession(sessionId: "s-1", snapshots: [snapshot])
        session.conversations = conversations
        return session
    }

    static func conversation(failedAlert: Bool) -> GenesysConversation {
        var alert = GenesysSegment(type: "alert", startedAt: start.addingTimeInterval(40), endedAt: start.addingTimeInterval(50))
        if failedAlert { (alert.disconnectType, alert.errorCode) = ("error", "error.ininedgecontrol.connection.protocol") }
        return GenesysConversation(
            conversationId: "c-1",
            participants: [
                GenesysParticipant(
                    purpose: "acd", sessions: [GenesysSession(segments: [GenesysSegment(type: "interact", disconnectType: "transfer")])]),
                GenesysParticipant(purpose: "agent", name: "Anna", sessions: [GenesysSession(segments: [alert])]),
            ])
    }

    /// Queued, sent to voicemail (tFlowOut), where the caller hung up: not an abandon.
    static func flowedOut() -> GenesysConversation {
        var queue = GenesysSession(metrics: ["tFlowOut": 120_000], segments: [GenesysSegment(type: "interact", disconnectType: "transfer")])
        queue.flowOutType = "voicemail"
        return GenesysConversation(
            conversationId: "c-1",
            participants: [
                GenesysParticipant(
                    purpose: "customer", sessions: [GenesysSession(segments: [GenesysSegment(type: "interact", disconnectType: "endpoint")])]),
                GenesysParticipant(purpose: "acd", sessions: [queue]),
            ])
    }

    static func session(
        snapshots: [CorrelatedSession.SnapshotEvent] = [snapshot(1, label: "Greeting")],
        attempts: [CorrelatedSession.AttemptEvent] = [], contacts: [CXoneContact] = [contact()],
        states: [ContactState] = [], naming: [CustomDataItem] = []
    ) -> CorrelatedSession {
        CorrelatedSession(sessionId: "s-1", snapshots: snapshots, attempts: attempts, contacts: contacts, states: states, namingCustomData: naming)
    }
}

@Suite("Diagnoses: each code from realistic data, first rule that holds wins")
struct DiagnoserTests {
    typealias F = SessionFixtures

    static let cases: [(String, CorrelatedSession, DiagnosisCode)] = [
        (
            "agent answered",
            F.session(
                attempts: [F.attempt(1)],
                contacts: [
                    F.contact {
                        $0.agentId = "1234"; $0.agentSeconds = 95; $0.inQueueSeconds = 20
                    }
                ]), .handedOver
        ),
        (
            "active state", F.session(attempts: [F.attempt(1)], states: [F.state(1, "PreQueue"), F.state(2, "Inqueue"), F.state(3, "Active")]),
            .handedOver
        ),
        (
            "placeholder",
            F.session(
                snapshots: [F.snapshot(1, label: "Init", contactIds: ["100000000000"])], attempts: [F.attempt(1, contactId: "100000000000")],
                contacts: []), .placeholderContactId
        ),
        ("invalid payload", F.session(attempts: [F.attempt(1, valid: false, errors: ["EMPTY_FIELD at queueId"])]), .invalidPayload),
        ("signal failed in outcome", F.session(attempts: [F.attempt(1, outcome: .failed)]), .signalFailed),
        (
            "signal failed in context", F.session(snapshots: [F.snapshot(1, label: "After handover", failure: "CXoneHandover.success false")]),
            .signalFailed
        ),
        (
            "voice gateway transfer failed",
            F.session(snapshots: [
                .init(
                    id: 1, at: F.start, label: "Transfer",
                    transfer: TransferEvent(name: "TRANSFER_DIAL_ERROR", sipStatus: 486, sipReason: "Busy Here"))
            ]), .transferFailed
        ),
        ("no cxone record", F.session(attempts: [F.attempt(1)], contacts: []), .noCXoneRecord),
        (
            "no bot record", F.session(snapshots: [], naming: [CustomDataItem(contactId: "700000002", name: "BotSessionId", value: "s-1")]),
            .noBotRecord
        ),
        ("cxone error", F.session(attempts: [F.attempt(1)], contacts: [F.contact { $0.endReason = "System Error" }]), .cxoneError),
        (
            "refused",
            F.session(
                attempts: [F.attempt(1)],
                contacts: [
                    F.contact {
                        $0.isRefused = true; $0.refuseReason = "Agent refused"; $0.inQueueSeconds = 30
                    }
                ]), .agentRefused
        ),
        (
            "abandoned",
            F.session(
                attempts: [F.attempt(1)],
                contacts: [
                    F.contact {
                        $0.abandoned = true; $0.abandonSeconds = 48; $0.inQueueSeconds = 48
                    }
                ]), .abandonedInQueue
        ),
        (
            "left queue",
            F.session(
                attempts: [F.attempt(1)],
                contacts: [
                    F.contact {
                        $0.inQueueSeconds = 300; $0.endReason = "Contact Hang Up via Script"
                    }
                ]), .leftQueueUnanswered
        ),
        ("not queued", F.session(attempts: [F.attempt(1)], states: [F.state(1, "PreQueue"), F.state(2, "EndContact")]), .notQueued),
        ("caller hung up in bot", F.session(), .callerHungUpInBot),
        ("no Genesys record", F.genesysSession(conversations: []), .noGenesysRecord),
        ("Genesys error", F.genesysSession(conversations: [F.conversation(failedAlert: true)]), .genesysError),
        ("Genesys flow-out, then the caller hangs up in voicemail", F.genesysSession(conversations: [F.flowedOut()]), .leftQueueUnanswered),
        ("no escalation", F.session(contacts: [F.contact { $0.endReason = "Contact Hang Up via Script" }]), .noEscalation),
        (
            "unknown: no queue figures",
            F.session(contacts: [
                F.contact {
                    $0.inQueueSeconds = nil; $0.endReason = nil
                }
            ]), .unknown
        ),
    ]

    @Test(arguments: cases)
    func diagnosis(_ name: String, _ session: CorrelatedSession, _ expected: DiagnosisCode) {
        let diagnosis = Diagnoser.diagnose(session)
        #expect(diagnosis.code == expected, "\(name): \(diagnosis.summary)")
        #expect(!diagnosis.evidence.isEmpty, "\(name) keeps its evidence")
        #expect(diagnosis.action == expected.entry.action)
    }

    @Test func everyCodeIsReachedByAFixture() {
        #expect(Set(Self.cases.map(\.2)) == Set(DiagnosisCode.allCases))
    }

    @Test func earlierRulesWin() {
        // Invalid last attempt and a reported failure: INVALID_PAYLOAD comes first in the catalogue.
        let session = F.session(attempts: [F.attempt(1, valid: false, errors: ["MISSING_FIELD at queueId"], outcome: .failed)])
        #expect(Diagnoser.diagnose(session).code == .invalidPayload)
        // An earlier invalid attempt fixed by a valid one is not INVALID_PAYLOAD.
        let fixed = F.session(
            attempts: [F.attempt(1, valid: false, errors: ["EMPTY_FIELD at queueId"]), F.attempt(2)],
            states: [F.state(1, "PreQueue")])
        #expect(Diagnoser.diagnose(fixed).code == .notQueued)
    }

    @Test func noCXoneRecordSaysWhichIdsWereLookedFor() {
        let diagnosis = Diagnoser.diagnose(F.session(contacts: []))
        #expect(diagnosis.summary.contains("700000001, 700000002"))
    }

    @Test func timelineInterleavesBothSidesByTime() {
        let session = F.session(attempts: [F.attempt(1)], states: [F.state(1, "PreQueue"), F.state(2, "InQueue")])
        let timeline = Timeline.build(session)
        #expect(timeline.map(\.kind) == [.contactStart, .snapshot, .state, .handover, .state])
        #expect(timeline.map(\.side) == [.cxone, .bot, .cxone, .bot, .cxone])
    }

    @Test func timelineMarksWhatTheBotReportedAsFailedOrInvalid() {
        let session = F.session(
            snapshots: [F.snapshot(1, label: "Greeting"), F.snapshot(2, label: "After handover", failure: "CXoneHandover.success false")],
            attempts: [F.attempt(1, valid: false, errors: ["EMPTY_FIELD at queueId"]), F.attempt(2, outcome: .failed), F.attempt(3)],
            states: [F.state(1, "PreQueue")])
        let problems = Timeline.build(session).filter(\.isProblem).map(\.summary)
        #expect(problems.count == 3, "the failed snapshot, the invalid attempt and the failed attempt: \(problems)")
        #expect(problems.allSatisfy { $0.hasPrefix("snapshot 2") || $0.hasPrefix("handover attempt 1") || $0.hasPrefix("handover attempt 2") })
    }

    @Test func catalogueDocumentsEveryCodeOnce() {
        #expect(DiagnosisCatalogue.all.map(\.code) == DiagnosisCode.allCases)
        #expect(DiagnosisCatalogue.all.allSatisfy { !$0.meaning.isEmpty && !$0.action.isEmpty && !$0.evidence.isEmpty })
        #expect(DiagnosisCatalogue.all.filter { !$0.isFailure }.map(\.code) == [.handedOver, .callerHungUpInBot])
    }

    @Test func incidentSummaryCarriesDiagnosisEvidenceAndEveryTimelineEntry() {
        let report = SessionReport(
            F.session(attempts: [F.attempt(1)], states: [F.state(1, "PreQueue"), F.state(2, "EndContact")]), settlement: .complete)
        let markdown = SessionMarkdown.render(report, generatedAt: F.start)
        #expect(markdown.contains("`NOT_QUEUED`"))
        #expect(markdown.contains(report.diagnosis.action))
        #expect(report.diagnosis.evidence.allSatisfy { markdown.contains($0) })
        #expect(markdown.components(separatedBy: "\n| 20").count - 1 == report.timeline.count)
    }

    @Test(arguments: DiagnoserTests.cases.map(\.1))
    func handWrittenJSONMatchesJSONEncoder(_ session: CorrelatedSession) throws {
        var quirky = session
        if !quirky.snapshots.isEmpty { quirky.snapshots[0].label = "Quote \" backslash \\ newline \n tab \t control \u{01} emoji 🙂" }
        let report = SessionReport(quirky, settlement: .complete)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expected = try JSONSerialization.jsonObject(with: encoder.encode(report)) as? NSDictionary
        let actual = try JSONSerialization.jsonObject(with: Data(report.jsonText.utf8)) as? NSDictionary
        #expect(actual == expected)
    }

    @Test func diagnosisFilterKeepsWhatItNamesAndSaysWhichCodesPass() {
        #expect(DiagnosisFilter().passingCodes == nil)
        #expect(DiagnosisFilter(failuresOnly: true).passingCodes == Set(DiagnosisCode.allCases.filter(\.entry.isFailure)))
        let named = DiagnosisFilter(codes: [.handedOver, .notQueued], failuresOnly: true)
        #expect(named.passingCodes == [.notQueued])
        #expect(named.keeps(.notQueued) && !named.keeps(.handedOver) && !named.keeps(.unknown))
    }
}
