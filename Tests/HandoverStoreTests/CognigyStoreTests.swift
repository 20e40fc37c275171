import Foundation
import HandoverCore
import HandoverTestSupport
import Testing

@testable import HandoverStore

/// Cognigy's OData records in the store: idempotent import, one session with the webhook's records, the join by
/// ids from inputData and custom fields or by caller and time, and the diagnoses that follow, on each backend.
@Suite("Cognigy's history in the store: import, the join, the diagnoses, search, erase and purge, on each backend")
struct CognigyStoreTests {
    static let examples = CorrelationStoreTests.odataExamples
    static let cxoneExamples = examples.appendingPathComponent("../../cxone")

    /// What the tool makes of the saved examples (Examples/cognigy/odata with Examples/cxone).
    static let expected: [String: DiagnosisCode] = [
        "c0d1a7a0-0001-4f00-9a00-000000000001": .notQueued, "c0d1a7a0-0002-4f00-9a00-000000000002": .handedOver,
        "c0d1a7a0-0003-4f00-9a00-000000000003": .placeholderContactId, "c0d1a7a0-0004-4f00-9a00-000000000004": .transferFailed,
        "c0d1a7a0-0005-4f00-9a00-000000000005": .noCXoneRecord, "c0d1a7a0-0006-4f00-9a00-000000000006": .noCXoneRecord,
    ]

    static func importExamples(_ store: any ManagedStore) async throws -> Int {
        let cxone = try Data(contentsOf: cxoneExamples.appendingPathComponent("completed-contacts-odata-sessions.json"))
        _ = try await store.importCXone(try CXoneDocumentReader.read(Array(cxone)), importedAt: Date())
        var written = 0
        for file in ["sessions-v2.3.json", "conversations-v2.4.json", "analytics-v2.3.json"] {
            let data = try Data(contentsOf: examples.appendingPathComponent(file))
            written += try await store.importCognigy(try CognigyDocumentReader().read(Array(data)), importedAt: Date())
        }
        return written
    }

    @Test(arguments: TestBackend.available) func everySessionOfTheExamplesGetsItsDiagnosisAndAReimportChangesNothing(
        _ backend: TestBackend
    ) async throws {
        try await backend.withStore { store in
            #expect(try await Self.importExamples(store) == 21)
            #expect(try await Self.importExamples(store) == 0, "importing the same data again changes nothing")
            let keys = try await store.sessionKeys(SessionFilter())
            let sessions = try await store.sessions(keys.map(\.sessionId))
            let codes = Dictionary(uniqueKeysWithValues: sessions.map { ($0.sessionId, Diagnoser.diagnose($0).code) })
            #expect(codes == Self.expected)
            let placeholder = try #require(sessions.first { $0.sessionId.hasSuffix("03") })
            #expect(placeholder.callerMatch == .matched(contactId: "700000121", offsetSeconds: -19))
            let ambiguous = try #require(sessions.first { $0.sessionId.hasSuffix("06") })
            #expect(ambiguous.callerMatch == .ambiguous(contactIds: ["700000141", "700000142"]) && ambiguous.contacts.isEmpty)
            let transfer = try #require(sessions.first { $0.sessionId.hasSuffix("04") })
            #expect(transfer.messages.compactMap(\.transfer) == [TransferEvent(name: "TRANSFER_DIAL_ERROR", sipStatus: 486, sipReason: "Busy Here")])
            #expect(try await store.refreshDiagnoses() == 6)
        }
    }

    @Test(arguments: TestBackend.available) func withRedactionBothSidesCompareThroughTheSameHashAndNoNumberIsStored(
        _ backend: TestBackend
    ) async throws {
        let hash: @Sendable (String) -> String = { "k" + String($0.unicodeScalars.reduce(7) { $0 &* 31 &+ Int($1.value) }, radix: 36) }
        try await backend.withStore { store in
            let cxone = try Data(contentsOf: Self.cxoneExamples.appendingPathComponent("completed-contacts-odata-sessions.json"))
            _ = try await store.importCXone(try CXoneDocumentReader.read(Array(cxone)).redactingCallers(hash), importedAt: Date())
            for file in ["sessions-v2.3.json", "conversations-v2.4.json"] {
                let data = try Data(contentsOf: Self.examples.appendingPathComponent(file))
                _ = try await store.importCognigy(try CognigyDocumentReader(hash: hash).read(Array(data)), importedAt: Date())
            }
            let placeholder = try #require(try await store.sessions(["c0d1a7a0-0003-4f00-9a00-000000000003"]).first)
            #expect(placeholder.callerMatch == .matched(contactId: "700000121", offsetSeconds: -19))
            for table in ["cxone_contact", "cognigy_session", "cognigy_message"] {
                #expect(try await storedValue(store, "SELECT count(*) FROM \(table) WHERE raw_json LIKE '%222222222%'") == "0", "\(table)")
            }
            #expect(try await storedValue(store, "SELECT count(*) FROM cxone_contact WHERE caller_key LIKE 'redacted:%'") == "7")
        }
    }

    @Test func aNarrowerMatchWindowLeavesAContactThatStartedOutsideIt() async throws {
        try await TemporaryDatabase.with(callerMatchWindow: 10) { store, _ in
            _ = try await Self.importExamples(store)
            let placeholder = try #require(try await store.sessions(["c0d1a7a0-0003-4f00-9a00-000000000003"]).first)
            #expect(placeholder.callerMatch == nil && placeholder.contacts.isEmpty, "its contact started 19 s before the session")
        }
    }

    @Test(arguments: TestBackend.available) func theWebhookAndODataRecordsOfASessionAreOneSession(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            _ = try await Self.importExamples(store)
            var snapshot = Snapshot(sessionId: "c0d1a7a0-0004-4f00-9a00-000000000004")
            snapshot.label = "Transfer"
            snapshot.occurredAt = Timestamps.parseISO8601("2026-11-25T10:05:30Z")
            snapshot.data = .object(["event": .string("TRANSFER_DIAL_ERROR"), "payload": .object(["sip_status": .integer(486)])])
            _ = try await store.record(snapshot, IngestEnvelope(contentType: "application/json", rawBody: Array("{}".utf8)))
            let keys = try await store.sessionKeys(SessionFilter())
            #expect(keys.count == 6)
            let session = try #require(try await store.sessions([snapshot.sessionId]).first)
            #expect(session.snapshots.first?.transfer?.sipStatus == 486, "a snapshot's data carries the event too")
            let sources = Set(Timeline.build(session).map(\.source))
            #expect(sources == [.webhook, .odata, .cxone])
            #expect(Diagnoser.diagnose(session).evidence.count == 2, "the event from both sources")
        }
    }

    @Test(arguments: TestBackend.available) func searchAndLookupFindSessionsByTheContactIdsODataCarries(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            _ = try await Self.importExamples(store)
            #expect(try await store.sessionKeys(SessionFilter(text: "700000102")).map(\.sessionId) == ["c0d1a7a0-0001-4f00-9a00-000000000001"])
            #expect(try await store.sessionKeys(SessionFilter(text: "c0d1a7a0-0005")).count == 1)
            #expect(try await store.sessionKeys(SessionFilter(text: "openingHOURS")).map(\.sessionId) == ["c0d1a7a0-0006-4f00-9a00-000000000006"])
            #expect(try await store.sessionId(matching: "700000112") == "c0d1a7a0-0002-4f00-9a00-000000000002", "a custom1 contact id")
            let window = try await store.sessionKeys(SessionFilter(since: Timestamps.parseISO8601("2026-11-25T10:00:00Z")))
            #expect(
                window.map(\.sessionId) == [
                    "c0d1a7a0-0004-4f00-9a00-000000000004", "c0d1a7a0-0005-4f00-9a00-000000000005",
                    "c0d1a7a0-0006-4f00-9a00-000000000006",
                ])
        }
    }

    static func sessionIds(_ store: any ManagedStore, diagnosedAs code: DiagnosisCode) async throws -> Set<String> {
        Set(try await store.diagnosedSessionKeys(DiagnosedPage(codes: [code], limit: 100)).map(\.sessionId))
    }

    @Test(arguments: TestBackend.available) func storedDiagnosesFollowACognigyImport(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            let naming =
                #"{"contactId": 700000131, "contactCustomData": [{"name": "BotSessionId", "value": "c0d1a7a0-0004-4f00-9a00-000000000004"}]}"#
            _ = try await store.importCXone(try CXoneDocumentReader.read(Array(naming.utf8)), importedAt: Date())
            _ = try await store.importCXone(
                try CXoneDocumentReader.read(Array(#"{"contactId": 700000131, "contactStartDate": "2026-11-25T10:04:58Z", "skillId": 1}"#.utf8)),
                importedAt: Date())
            _ = try await store.refreshDiagnoses()
            #expect(try await Self.sessionIds(store, diagnosedAs: .noBotRecord) == ["c0d1a7a0-0004-4f00-9a00-000000000004"])
            _ = try await Self.importExamples(store)
            #expect(try await store.refreshDiagnoses() == 6)
            #expect(try await Self.sessionIds(store, diagnosedAs: .noBotRecord).isEmpty)
            #expect(try await Self.sessionIds(store, diagnosedAs: .transferFailed) == ["c0d1a7a0-0004-4f00-9a00-000000000004"])
            #expect(try await store.refreshDiagnoses() == 0)
        }
    }

    @Test(arguments: TestBackend.available) func eraseAndPurgeRemoveCognigyRecordsToo(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            _ = try await Self.importExamples(store)
            let erased = try await store.erase(matching: "c0d1a7a0-0001-4f00-9a00-000000000001")
            #expect(erased.cognigyRecords == 5 && erased.contacts == 2)
            #expect(try await storedValue(store, "SELECT count(*) FROM cognigy_message WHERE session_id LIKE '%0001'") == "0")
            let purged = try await store.purge(olderThan: Timestamps.parseISO8601("2026-11-25T10:00:00Z")!)
            #expect(purged.cognigyRecords == 2 + 4, "sessions 2 and 3 with their messages and inputs")
            #expect(try await storedValue(store, "SELECT count(*) FROM cognigy_session") == "3")
        }
    }
}
