import Foundation
import HandoverCore
import HandoverTestSupport
import Testing

@testable import HandoverSQLite
@testable import HandoverStore

@Suite("Retention and erasure: purge by age, erase one caller unrecoverably")
struct RetentionTests {
    static let day = 86_400.0

    func snapshot(_ sessionId: String, text: String? = nil, contactId: String? = nil) -> Snapshot {
        var snapshot = Snapshot(sessionId: sessionId)
        snapshot.text = text
        snapshot.contactId = contactId
        return snapshot
    }

    func envelope(_ at: Date, body: String = "{}") -> IngestEnvelope {
        IngestEnvelope(receivedAt: at, contentType: "application/json", rawBody: Array(body.utf8))
    }

    @Test(arguments: TestBackend.available) func purgeRemovesOnlyWhatIsOlderThanTheCutoff(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            let now = Date()
            for index in 0..<30 { _ = try await store.record(snapshot("old-\(index)"), envelope(now.addingTimeInterval(-40 * Self.day))) }
            _ = try await store.record(snapshot("new"), envelope(now.addingTimeInterval(-Self.day)))
            _ = try await store.importCXone(
                try CXoneDocumentReader.read(
                    Array(
                        """
                        {"completedContacts": [{"contactId": 1, "contactStartDate": "2020-01-01T00:00:00Z"}, {"contactId": 2, "contactStartDate": "\(Timestamps.format(now))"}]}
                        """.utf8)), importedAt: now)
            let removed = try await store.purge(olderThan: now.addingTimeInterval(-30 * Self.day), batchSize: 7)
            #expect(removed.snapshots == 30, "removed across several small batches")
            #expect(removed.contacts == 1)
            #expect(try await store.sessionKeys(SessionFilter()).map(\.sessionId) == ["new"])
        }
    }

    @Test func eraseRemovesOneCallerFromTheFileAndTheWAL() async throws {
        try await TemporaryDatabase.with { store, database in
            let phone = "+4915112345678"
            let body = #"{"sessionId":"caller","text":"my number is \#(phone)"}"#
            _ = try await store.record(snapshot("caller", text: "my number is \(phone)", contactId: "700000001"), envelope(Date(), body: body))
            _ = try await store.record(snapshot("someone-else", text: "keep me"), envelope(Date(), body: #"{"sessionId":"someone-else"}"#))
            _ = try await store.importCXone(
                try CXoneDocumentReader.read(
                    Array(
                        """
                        [{"completedContacts": [{"contactId": 700000001, "contactStartDate": "2026-11-24T10:00:00Z", "fromAddress": "\(phone)"}]},
                         {"contactId": 700000001, "contactCustomData": [{"name": "CallerNumber", "value": "\(phone)"}]}]
                        """.utf8)), importedAt: Date())
            #expect(database.filesHold(phone))

            let removed = try await store.erase(matching: "700000001")
            #expect(removed.snapshots == 1)
            #expect(removed.contacts == 1)
            #expect(removed.customData == 1)
            #expect(!database.filesHold(phone), "VACUUM and an emptied WAL leave no copy on disk")
            #expect(try await store.sessionKeys(SessionFilter()).map(\.sessionId) == ["someone-else"])
        }
    }
}
