import Foundation
import HandoverCore
import HandoverTestSupport
import Testing

@testable import HandoverStore

/// Cognigy sessions handed over to Genesys Cloud, from the saved documents in Examples/genesys (each form Genesys
/// returns) and the snapshots its flows post: every code a Genesys conversation can decide, on both backends.
@Suite("Genesys Cloud: import, join and diagnose")
struct GenesysStoreTests {
    typealias E = GenesysExamples
    static let dayAfter = Date(timeIntervalSince1970: 1_796_083_200)
    static func session(_ number: Int) -> String { E.session(number) }
    static func conversation(_ number: Int) -> String { E.conversation(number) }
    static func documents() throws -> [URL] { try E.documents() }
    static func diagnoses(_ store: any ManagedStore) async throws -> [String: Diagnosis] { try await E.diagnoses(store) }

    /// The flows' snapshots, then every document; returns what each import wrote.
    static func seed(_ store: any ManagedStore) async throws -> [Int] {
        try await E.recordSnapshots(store)
        var written: [Int] = []
        for file in try documents() { written.append(try await store.importGenesys(try E.read(file), importedAt: Date())) }
        return written
    }

    @Test(arguments: TestBackend.available) func everyExampleSessionGetsItsCode(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            _ = try await Self.seed(store)
            let diagnoses = try await Self.diagnoses(store)
            #expect(E.mismatches(diagnoses).isEmpty, "\(E.mismatches(diagnoses))")
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
                #expect(try await store.importGenesys(try E.read(file), importedAt: Date()) == 0, "\(file.lastPathComponent) again")
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
            #expect(try await store.sessionId(matching: " \(Self.conversation(1).uppercased())") == Self.session(1), "case-blind, trimmed")
            // A newer version without attributes (the query's) keeps the session the job's copy named.
            var bare = try #require(try E.read(E.folder.appendingPathComponent("job-results-page-2.json")).conversations.first)
            let record = try #require(try BodyDecoder().decodeJSON(Array(bare.rawJSON.utf8)).objectValue)
            bare = try GenesysDocumentReader.conversation(FakeGenesys.withoutAttributes(record))
            #expect(bare.namedSessionId == nil)
            #expect(try await store.importGenesys(GenesysBatch(conversations: [bare]), importedAt: Date()) == 1)
            #expect(try await store.sessions([Self.session(8)]).first?.conversations.map(\.conversationId) == [Self.conversation(8)])
            // A conversation arriving later re-diagnoses the session that recorded its id.
            let late = #"""
                {"conversationId": "\#(Self.conversation(7))", "conversationStart": "2026-11-30T10:00:00Z", "conversationEnd": "2026-11-30T10:02:00Z",
                  "participants": [
                  {"purpose": "customer", "sessions": [{"ani": "tel:+4930123400007", "segments": [{"segmentType": "interact",
                    "segmentStart": "2026-11-30T10:00:00Z", "segmentEnd": "2026-11-30T10:02:00Z", "disconnectType": "endpoint"}]}]}]}
                """#
            _ = try await store.importGenesys(try GenesysDocumentReader.read(Array(late.utf8)), importedAt: Date().addingTimeInterval(1))
            #expect(try await store.refreshDiagnoses() >= 1)
            let after = try await store.diagnosisOverview(since: .distantPast, recent: 20)
            #expect(after.counts[.noGenesysRecord] == nil, "session 7 now has its conversation: \(after.counts)")
            #expect(after.counts[.notQueued] == 2)
        }
    }

    @Test(arguments: TestBackend.available) func anIncidentPacketCarriesTheConversationAsGenesysSentIt(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            _ = try await Self.seed(store)
            let packet = try #require(try await IncidentPacket.files(for: Self.conversation(6), store: store), "found by the conversation id")
            #expect(packet.sessionId == Self.session(6))
            let files = Dictionary(uniqueKeysWithValues: packet.files)
            let conversations = String(decoding: try #require(files["genesys-conversations.ndjson"]), as: UTF8.self)
            #expect(conversations.contains("error.ininedgecontrol.connection.protocol"))
            #expect(
                String(decoding: try #require(files["summary.md"]), as: UTF8.self).contains("| Genesys conversations | \(Self.conversation(6)) |"))
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
