import Foundation
import HandoverCore
import Testing

/// Genesys Cloud's conversation details in each form its API returns them, and what a Genesys flow's snapshot says.
@Suite("Genesys documents and snapshots")
struct GenesysDocumentReaderTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Examples/genesys")
        .standardizedFileURL

    static func read(_ name: String) throws -> GenesysBatch {
        try GenesysDocumentReader.read(Array(try Data(contentsOf: examples.appendingPathComponent(name))))
    }

    @Test func eachFormIsRead() throws {
        let job = try Self.read("job-results-page-1.json")
        #expect(job.conversations.count == 4, "an async job's results page")
        #expect(job.conversations[0].namedSessionId == "genesys-demo-session-01", "only job results carry attributes")
        #expect(job.conversations[0].callerKey == CallerKey.key("+493012340001"), "the customer session's ani")
        #expect(job.conversations[0].agentAnswer?.agent.label == "Anna Berg")
        let query = try Self.read("details-query-page-1.json")
        #expect(query.conversations.count == 3, "a synchronous query's response")
        #expect(query.conversations.allSatisfy { $0.namedSessionId == nil })
        let single = try Self.read("conversation-a1b2c3d4-0000-4e00-8000-000000000009.json")
        #expect(single.conversations.map(\.conversationId) == ["a1b2c3d4-0000-4e00-8000-000000000009"], "one conversation's details")
        #expect(try Self.read("conversations-array.json").conversations.count == 1, "a bare array")
    }

    @Test func idsAreComparedTrimmedAndCaseBlind() throws {
        let document = #"{"conversationId": "  ABCD-Ef01 ", "participants": []}"#
        #expect(try GenesysDocumentReader.read(Array(document.utf8)).conversations.first?.conversationId == "abcd-ef01")
    }

    @Test(arguments: [
        ("{", "not valid JSON"), (#"{"totalHits": 0}"#, "not a Genesys conversation details response"),
        (#"{"conversations": {}}"#, "conversations is a object, expected an array"),
        (#"{"conversations": [{"participants": []}]}"#, "conversations[0]: a conversation without conversationId"),
        (#"[1]"#, "item[0] is a number, expected an object"),
        (#"{"conversationId": "c1", "participants": 3}"#, "participants is a number, expected an array"),
    ])
    func aBadDocumentSaysWhy(_ document: String, _ reason: String) {
        #expect {
            try GenesysDocumentReader.read(Array(document.utf8))
        } throws: { error in
            (error as? GenesysDocumentError)?.message.contains(reason) == true
        }
    }

    @Test(arguments: [
        (#"{"sessionId": "s", "genesysConversationId": " AB-12 "}"#, "ab-12", false),
        (#"{"sessionId": "s", "context": {"data": {"genesysConversationId": "cd-34"}}, "data": {"handoverRequested": true}}"#, "cd-34", true),
        (#"{"sessionId": "s", "data": {"conversationId": "ef-56", "handoverRequested": "true"}}"#, "ef-56", true),
        (#"{"sessionId": "s", "handoverRequested": false}"#, nil, false),
    ])
    func aSnapshotRecordsTheConversationAndTheEscalation(_ body: String, _ id: String?, _ requested: Bool) throws {
        let fields = try #require(try BodyDecoder().decodeJSON(Array(body.utf8)).objectValue)
        let snapshot = try Snapshot.parse(fields)
        #expect(snapshot.genesysConversationId == id)
        #expect(snapshot.handoverRequested == requested)
    }

    /// An acd participant's interact is the wait in queue, not an answer; errors after an agent answered do not count.
    @Test func onlyAnAgentsInteractIsAnAnswer() throws {
        let document = #"""
            {"conversationId": "c1", "participants": [
              {"purpose": "acd", "sessions": [{"segments": [{"segmentType": "interact", "segmentStart": "2026-11-30T09:00:00Z",
                "segmentEnd": "2026-11-30T09:01:00Z", "disconnectType": "transfer"}]}]},
              {"purpose": "agent", "participantName": "Ben", "sessions": [{"segments": [
                {"segmentType": "interact", "segmentStart": "2026-11-30T09:01:00Z", "segmentEnd": "2026-11-30T09:05:00Z"},
                {"segmentType": "wrapup", "segmentStart": "2026-11-30T09:05:00Z", "disconnectType": "system"}]}]}]}
            """#
        let conversation = try #require(try GenesysDocumentReader.read(Array(document.utf8)).conversations.first)
        #expect(conversation.agentAnswer?.agent.label == "Ben")
        #expect(conversation.errorSegments.isEmpty, "the wrap-up's system disconnect came after the answer")
        var session = CorrelatedSession(sessionId: "s")
        session.snapshots = [.init(id: 1, at: Date(), genesysConversationId: "c1")]
        session.conversations = [conversation]
        #expect(Diagnoser.diagnose(session).code == .handedOver)
        session.conversations[0].participants.removeLast()
        #expect(Diagnoser.diagnose(session).code == .leftQueueUnanswered, "queued, no agent, no abandon: \(Diagnoser.diagnose(session).summary)")
    }

    /// A call still going on when Genesys was read can still be answered: pending whatever the time, until its end.
    @Test func aConversationInProgressKeepsItsDiagnosisPending() throws {
        var session = CorrelatedSession(sessionId: "s")
        session.snapshots = [.init(id: 1, at: Date(timeIntervalSince1970: 1_796_000_000), genesysConversationId: "c1")]
        var queued = GenesysConversation(
            conversationId: "c1",
            participants: [GenesysParticipant(purpose: "acd", sessions: [GenesysSession(segments: [GenesysSegment(type: "interact")])])])
        queued.startedAt = Date(timeIntervalSince1970: 1_796_000_000)
        session.conversations = [queued]
        let read = Settlement(
            contactCentreCoveredUntil: nil, genesysCoveredUntil: .distantFuture.addingTimeInterval(-1), botHistoryCoveredUntil: nil, now: Date())
        let diagnosis = Diagnoser.diagnose(session, read)
        #expect(diagnosis.code == .leftQueueUnanswered && !diagnosis.isFinal)
        #expect(diagnosis.pending?.reason.contains("still in progress") == true && diagnosis.pending?.waitsForGenesys == true)
        session.conversations[0].endedAt = queued.startedAt!.addingTimeInterval(60)
        #expect(Diagnoser.diagnose(session, read).isFinal, "its end read, long ago: final")
    }

    /// Only Genesys was ever read: a session with no id and no match waits for Genesys, not for a CXone never read.
    @Test func whereOnlyGenesysIsReadASessionWithoutIdsWaitsForGenesys() {
        var session = CorrelatedSession(sessionId: "s")
        session.snapshots = [.init(id: 1, at: Date(timeIntervalSince1970: 1_796_000_000), handoverRequested: true)]
        let before = Settlement(
            contactCentreCoveredUntil: nil, genesysCoveredUntil: Date(timeIntervalSince1970: 1_795_000_000), botHistoryCoveredUntil: nil, now: Date())
        let diagnosis = Diagnoser.diagnose(session, before)
        #expect(
            diagnosis.code == .noGenesysRecord && diagnosis.pending?.waitsForGenesys == true,
            "\(diagnosis.code) \(String(describing: diagnosis.pending))")
    }
}
