import Foundation
import HandoverTestSupport
import Testing

@testable import HandoverCore
@testable import HandoverStore

@Suite("Session links: the join, lookup, search, refresh and erasure follow each link alike, on each backend")
struct SessionLinkTests {
    /// Received an hour ago: past the time PostgreSQL replicas let fresh ids settle, so a refresh moves past them.
    func envelope() -> IngestEnvelope {
        IngestEnvelope(receivedAt: Date().addingTimeInterval(-3_600), contentType: "application/json", rawBody: Array("{}".utf8))
    }

    /// A session the bot knows only from its handover attempt, and a contact CXone spawned from the one it named:
    /// a link that used to be followed by the join but not by lookup, search or erasure.
    @Test(arguments: TestBackend.available) func aContactSpawnedFromAnAttemptsContactBelongsToItsSession(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            let attempt = HandoverAttempt(sessionId: "s-attempt", payload: ["externalContactId": .string("500")])
            _ = try await store.record(attempt, verdict: PayloadValidator.validate(attempt), envelope())
            _ = try await store.record(Snapshot(sessionId: "s-other"), envelope())
            try await store.recordRead(.cxone, coveredUntil: Date(), records: 0, at: Date())
            #expect(try await store.refreshDiagnoses() == 2)

            let contacts = #"""
                {"completedContacts": [{"contactId": 500, "masterContactId": 500, "contactStartDate": "2026-11-24T10:00:00Z"},
                                       {"contactId": 501, "masterContactId": 500, "contactStartDate": "2026-11-24T10:00:05Z"}]}
                """#
            _ = try await store.importCXone(try CXoneDocumentReader.read(Array(contacts.utf8)), importedAt: Date())
            #expect(try await store.refreshDiagnoses() == 1, "the imported contacts touch the attempt's session alone")
            #expect(try await store.sessions(["s-attempt"]).map(\.contactIds) == [["500", "501"]])
            #expect(try await store.sessionId(matching: "501") == "s-attempt")
            #expect(try await store.sessionKeys(SessionFilter(text: "501")).map(\.sessionId) == ["s-attempt"])

            let removed = try await store.erase(matching: "501")
            #expect(removed.handoverAttempts == 1 && removed.contacts == 2 && removed.snapshots == 0)
            #expect(try await store.sessionId(matching: "s-attempt") == nil)
            #expect(try await store.sessionId(matching: "s-other") == "s-other")
        }
    }

    /// A contact Cognigy's history recorded as spawned, whose own spawned contact arrives later.
    @Test(arguments: TestBackend.available) func aCognigyRecordedContactLinksItsSpawnedContacts(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            var message = CognigyMessage(collection: .conversations, recordId: "m-1", sessionId: "s-history", rawJSON: "{}")
            message.spawnedContactId = "700"
            message.at = Date(timeIntervalSince1970: 1_795_000_000)
            _ = try await store.importCognigy(CognigyBatch(sessions: [], messages: [message]), importedAt: Date())
            try await store.recordRead(.cxone, coveredUntil: Date(), records: 0, at: Date())
            #expect(try await store.refreshDiagnoses() == 1)

            let contacts = #"{"completedContacts": [{"contactId": 701, "masterContactId": 700}]}"#
            _ = try await store.importCXone(try CXoneDocumentReader.read(Array(contacts.utf8)), importedAt: Date())
            #expect(try await store.refreshDiagnoses() == 1, "the spawned contact touches the session that recorded its master")
            #expect(try await store.sessionId(matching: "701") == "s-history")
            #expect(try await store.sessionKeys(SessionFilter(text: "701")).map(\.sessionId) == ["s-history"])
        }
    }
}
