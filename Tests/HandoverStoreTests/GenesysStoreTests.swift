import Foundation
import HandoverCore
import HandoverTestSupport
import Testing

@testable import HandoverStore

/// Cognigy sessions handed over to Genesys Cloud, from the saved documents in Examples/genesys (each form Genesys
/// returns) and the snapshots its flows post: every code a Genesys conversation can decide, on both backends.
@Suite("Genesys Cloud: import, join and diagnose")
struct GenesysStoreTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Examples/genesys")
        .standardizedFileURL
    static let dayAfter = Date(timeIntervalSince1970: 1_796_083_200)
    static func session(_ number: Int) -> String { String(format: "genesys-demo-session-%02d", number) }
    static func conversation(_ number: Int) -> String { String(format: "a1b2c3d4-0000-4e00-8000-%012d", number) }

    /// What each example session is, and why: the conversation's own evidence, or how it was (not) joined.
    static let expected: [Int: DiagnosisCode] = [
        1: .handedOver,  // agent interact; joined by the recorded id and by the attribute
        2: .abandonedInQueue,  // tAbandon
        3: .agentRefused,  // tAlert, tNotResponding, alert ended noAnswerTransfer
        4: .leftQueueUnanswered,  // tFlowOut to voicemail; the older, still-queued version from the query must not win
        5: .notQueued,  // handoverRequested, no acd participant; the id recorded in upper case
        6: .genesysError,  // an agent alert ended with disconnectType error and an errorCode
        7: .noGenesysRecord,  // a conversationId no import has
        8: .noBotRecord,  // the attribute names a session the bot never recorded
        9: .callerHungUpInBot,  // the customer's endpoint disconnected, never queued
        10: .handedOver,  // no id recorded: matched by caller and time
    ]

    static func documents() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: examples, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// The flows' snapshots, parsed as the webhook parses them, then every document.
    static func seed(_ store: any ManagedStore) async throws -> [Int] {
        let lines = try String(contentsOf: examples.appendingPathComponent("recorded/snapshots.ndjson"), encoding: .utf8)
            .split(separator: "\n")
        for line in lines {
            let fields = try #require(try BodyDecoder().decodeJSON(Array(line.utf8)).objectValue)
            let snapshot = try Snapshot.parse(fields)
            let envelope = IngestEnvelope(receivedAt: snapshot.occurredAt ?? Date(), contentType: "application/json", rawBody: Array(line.utf8))
            _ = try await store.record(snapshot, envelope)
        }
        var written: [Int] = []
        for file in try documents() {
            let batch = try GenesysDocumentReader.read(Array(try Data(contentsOf: file)))
            written.append(try await store.importGenesys(batch, importedAt: Date()))
        }
        return written
    }

    static func diagnoses(_ store: any ManagedStore) async throws -> [String: Diagnosis] {
        let ids = (1...10).map(session)
        let sessions = try await store.sessions(ids)
        return Dictionary(uniqueKeysWithValues: sessions.map { ($0.sessionId, Diagnoser.diagnose($0)) })
    }

    @Test(arguments: TestBackend.available) func everyExampleSessionGetsItsCode(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            _ = try await Self.seed(store)
            let diagnoses = try await Self.diagnoses(store)
            for (number, code) in Self.expected {
                let diagnosis = try #require(diagnoses[Self.session(number)], "session \(number) is known")
                #expect(diagnosis.code == code, "session \(number): \(diagnosis.summary)")
            }
            let refused = try #require(diagnoses[Self.session(3)])
            #expect(refused.evidence.contains { $0.contains("noAnswerTransfer") })
            let failed = try #require(diagnoses[Self.session(6)])
            #expect(failed.evidence.contains { $0.contains("error.ininedgecontrol.connection.protocol") })
            let byCaller = try #require(diagnoses[Self.session(10)])
            #expect(byCaller.evidence.contains { $0.contains("matched by caller and time, not by id") && $0.contains(Self.conversation(10)) })
            let named = try #require(diagnoses[Self.session(8)])
            #expect(named.summary.contains("Genesys conversation \(Self.conversation(8))"))
        }
    }

    @Test(arguments: TestBackend.available) func aSecondImportChangesNothingAndTheNewerVersionWins(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            let first = try await Self.seed(store)
            // Nine conversations; the query's older version of conversation 4 is read first, then the job's replaces it.
            #expect(first.reduce(0, +) == 10, "\(first)")
            let before = try await Self.diagnoses(store)
            for file in try Self.documents() {
                let batch = try GenesysDocumentReader.read(Array(try Data(contentsOf: file)))
                #expect(try await store.importGenesys(batch, importedAt: Date()) == 0, "\(file.lastPathComponent) again")
            }
            #expect(try await Self.diagnoses(store).mapValues(\.code) == before.mapValues(\.code))
            let stored = try await storedValue(store, "SELECT COUNT(*) FROM genesys_conversation")
            #expect(stored == "9")
            // Imported again after the job's, the query's older version (still in queue, no end) changed nothing.
            let ended = try await storedValue(store, "SELECT ended_at_ms FROM genesys_conversation WHERE conversation_id = '\(Self.conversation(4))'")
            #expect(ended != nil)
        }
    }

    @Test(arguments: TestBackend.available) func theRefreshAndLookupFollowConversations(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            _ = try await Self.seed(store)
            // Genesys read past every session: their codes are final, so the overview counts them.
            try await store.recordRead(.genesys, coveredUntil: Self.dayAfter, records: 10, at: Date())
            _ = try await store.refreshDiagnoses()
            let overview = try await store.diagnosisOverview(since: .distantPast, recent: 20)
            #expect(overview.counts[.handedOver] == 2)
            #expect(overview.counts[.genesysError] == 1)
            #expect(try await store.sessionId(matching: Self.conversation(1)) == Self.session(1), "by the recorded id")
            #expect(try await store.sessionId(matching: Self.conversation(10)) == Self.session(10), "by caller and time")
            // A conversation arriving later re-diagnoses the session that recorded its id.
            let late =
                #"{"conversationId": "\#(Self.conversation(7))", "conversationStart": "2026-11-30T10:00:00Z", "participants": [{"purpose": "customer", "sessions": [{"ani": "tel:+4930123400007", "segments": [{"segmentType": "interact", "segmentStart": "2026-11-30T10:00:00Z", "segmentEnd": "2026-11-30T10:02:00Z", "disconnectType": "endpoint"}]}]}]}"#
            _ = try await store.importGenesys(try GenesysDocumentReader.read(Array(late.utf8)), importedAt: Date().addingTimeInterval(1))
            #expect(try await store.refreshDiagnoses() >= 1)
            let after = try await store.diagnosisOverview(since: .distantPast, recent: 20)
            #expect(after.counts[.noGenesysRecord] == nil, "session 7 now has its conversation: \(after.counts)")
            #expect(after.counts[.notQueued] == 2)
        }
    }

    @Test(arguments: TestBackend.available) func erasingASessionRemovesItsConversations(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            _ = try await Self.seed(store)
            let removed = try await store.erase(.id(Self.session(1)))
            #expect(removed.genesysConversations == 1)
            #expect(removed.snapshots == 2)
            let left = try await storedValue(store, "SELECT COUNT(*) FROM genesys_conversation WHERE conversation_id = '\(Self.conversation(1))'")
            #expect(left == "0")
            let purged = try await store.purge(olderThan: Self.dayAfter, batchSize: 3)
            #expect(purged.genesysConversations == 8, "the other eight conversations")
        }
    }
}
