import Foundation
import HandoverCore
import Testing

/// Sessions known from Cognigy's history, diagnosed through the same rules as recorded ones.
@Suite("Diagnoses from Cognigy's history: OData-only sessions, escalations, transfers, caller-and-time matches")
struct CognigyDiagnosisTests {
    typealias F = SessionFixtures

    static func message(
        _ id: String, at offset: Double = 5, collection: CognigyCollection = .conversations, _ configure: (inout CognigyMessage) -> Void = { _ in }
    ) -> CognigyMessage {
        var message = CognigyMessage(collection: collection, recordId: id, sessionId: "s-1", rawJSON: "{}")
        message.at = F.start.addingTimeInterval(offset)
        message.source = "user"
        configure(&message)
        return message
    }

    static func odataSession(escalations: Int? = nil, messages: [CognigyMessage], contacts: [CXoneContact] = [F.contact()]) -> CorrelatedSession {
        var session = F.session(snapshots: [], contacts: contacts)
        var record = CognigySession(sessionId: "s-1", rawJSON: "{}")
        record.startedAt = F.start
        record.handoverEscalations = escalations
        session.cognigySession = record
        session.messages = messages
        return session
    }

    static let ids = message("m-ids") {
        $0.contactId = "700000001"; $0.spawnedContactId = "700000002"
    }

    @Test func aSessionKnownOnlyFromODataIsABotRecord() {
        let session = Self.odataSession(messages: [Self.ids], contacts: [])
        #expect(session.hasBotRecord && session.botContactIds == ["700000001", "700000002"])
        #expect(Diagnoser.diagnose(session).code == .noCXoneRecord, "not NO_BOT_RECORD: Cognigy knows it")
    }

    @Test func anEscalationKnownOnlyFromTheSessionsRecordIsNotQueuedNotNoEscalation() {
        let escalated = Diagnoser.diagnose(Self.odataSession(escalations: 2, messages: [Self.ids]))
        #expect(escalated.code == .notQueued)
        #expect(escalated.evidence.first == "Cognigy's Sessions record: handoverEscalations 2")
        #expect(Diagnoser.diagnose(Self.odataSession(escalations: 0, messages: [Self.ids])).code == .callerHungUpInBot)
    }

    @Test func anEscalationKnownFromAConversationsRecordIsNotQueued() {
        let handover = Self.message("m-2", at: 9) {
            $0.source = "bot"; $0.inHandoverRequest = true
        }
        let diagnosis = Diagnoser.diagnose(Self.odataSession(messages: [Self.ids, handover]))
        #expect(diagnosis.code == .notQueued && diagnosis.evidence.contains("Cognigy's Conversations record m-2: inHandoverRequest true"))
    }

    @Test func withoutAnEscalationAnywhereTheSessionEndedInTheBot() {
        let session = Self.odataSession(messages: [Self.ids], contacts: [F.contact { $0.endReason = "Contact Hang Up via Script" }])
        let diagnosis = Diagnoser.diagnose(session)
        #expect(diagnosis.code == .noEscalation)
    }

    @Test func thePlaceholderInInputDataIsThePlaceholderFinding() {
        let placeholder = Self.message("m-p") { $0.contactId = ContactIds.placeholder }
        let diagnosis = Diagnoser.diagnose(Self.odataSession(escalations: 1, messages: [placeholder], contacts: []))
        #expect(diagnosis.code == .placeholderContactId)
        #expect(diagnosis.evidence == ["Cognigy's Conversations record m-p has contact id 100000000000"])
    }

    @Test func aCallerAndTimeMatchSaysSoInTheEvidenceWhateverTheCode() {
        var session = Self.odataSession(escalations: 1, messages: [Self.message("m-p") { $0.contactId = ContactIds.placeholder }])
        session.callerMatch = .matched(contactId: "700000002", offsetSeconds: -19)
        let diagnosis = Diagnoser.diagnose(session)
        #expect(diagnosis.code == .placeholderContactId)
        #expect(
            diagnosis.evidence.last
                == "contact 700000002 matched by caller and time, not by id: same caller number, started 19s before the bot session")
        session.callerMatch = .ambiguous(contactIds: ["700000141", "700000142"])
        #expect(Diagnoser.diagnose(session).evidence.last == "caller and time fit 2 contacts (700000141, 700000142): none matched")
    }

    @Test(arguments: [
        ("TRANSFER_DIAL_ERROR", 403, "identity"), ("TRANSFER_REFER_ERROR", 404, "unknown"), ("USER_BUSY", 486, "busy"),
        ("NO_ANSWER", 487, "nobody answered"), ("TRANSFER_DIAL_ERROR", 503, "far end failed"),
    ])
    func aFailedTransferInInputDataIsTransferFailedWithAdviceForItsStatus(_ name: String, _ status: Int, _ advice: String) {
        let transfer = Self.message("m-t", at: 30) { $0.transfer = TransferEvent(name: name, sipStatus: status) }
        let diagnosis = Diagnoser.diagnose(Self.odataSession(escalations: 1, messages: [Self.ids, transfer]))
        #expect(diagnosis.code == .transferFailed)
        #expect(diagnosis.summary.contains("SIP \(status)") && diagnosis.summary.contains(advice), "\(diagnosis.summary)")
        #expect(diagnosis.evidence == ["Cognigy's Conversations record m-t: \(name), SIP \(status)"])
    }

    @Test func aTransferThatSucceededAfterAFailureIsNotAFailedTransfer() {
        let failed = Self.message("m-1", at: 20) { $0.transfer = TransferEvent(name: "TRANSFER_DIAL_ERROR", sipStatus: 486) }
        let succeeded = Self.message("m-2", at: 40) { $0.transfer = TransferEvent(name: "TRANSFER_DIAL_SUCCESS", sipStatus: 200) }
        let session = Self.odataSession(escalations: 1, messages: [Self.ids, failed, succeeded])
        #expect(Diagnoser.diagnose(session).code == .notQueued)
    }

    @Test func theTimelineMarksWhereEachEntryCameFrom() {
        var session = Self.odataSession(escalations: 1, messages: [Self.ids])
        session.snapshots = [F.snapshot(1, label: "Greeting")]
        let sources = Timeline.build(session).map(\.source)
        #expect(Set(sources) == [.webhook, .odata, .cxone])
        let text = Timeline.build(session).filter { $0.source == .odata }.map(\.summary)
        #expect(text.contains { $0.hasPrefix("OData Sessions: session started") } && text.contains { $0.hasPrefix("OData Conversations: user") })
    }
}
