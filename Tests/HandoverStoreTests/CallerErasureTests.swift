import Foundation
import HandoverCore
import HandoverTestSupport
import Testing

@testable import HandoverSQLite
@testable import HandoverStore

/// A data-subject request names a phone number: every session and contact of that caller goes, on every day, from
/// every source, and nobody else's.
@Suite("Erasing a caller: by number, and a session's contact matched by caller and time")
struct CallerErasureTests {
    static let number = "+44 20 7946 0958"
    static let start = Date(timeIntervalSince1970: 1_795_000_000)
    /// The caller's sessions: one the webhook alone knows (placeholder contact id, matched by caller and time), one
    /// another day with a recorded contact id, and one only Cognigy's history knows.
    static let webhookSession = "caller-webhook-0001", recordedSession = "caller-recorded-0002", cognigySession = "caller-cognigy-0003"
    static let matchedContact = "800000001", recordedContact = "800000002", unlinkedContact = "800000003"
    static let otherSession = "other-caller-0009", otherContact = "800000009"

    static func snapshot(_ sessionId: String, userId: String, contactId: String, at: Date) -> (Snapshot, IngestEnvelope) {
        var snapshot = Snapshot(sessionId: sessionId)
        (snapshot.userId, snapshot.contactId, snapshot.occurredAt) = (userId, contactId, at)
        let body = #"{"sessionId":"\#(sessionId)","userId":"\#(userId)","contactId":"\#(contactId)"}"#
        return (snapshot, IngestEnvelope(receivedAt: at, contentType: "application/json", rawBody: Array(body.utf8)))
    }

    static func contact(_ id: String, from address: String, at: Date) -> String {
        #"{"contactId": \#(id), "contactStartDate": "\#(Timestamps.format(at))", "fromAddress": "\#(address)", "skillId": 7, "agentId": 42}"#
    }

    /// Both callers' records, through the same readers the imports use.
    static func seed(_ store: any ManagedStore) async throws {
        let day = 86_400.0
        for (sessionId, userId, contactId, at) in [
            (webhookSession, "+442079460958", ContactIds.placeholder, start),
            (recordedSession, "020 7946 0958", recordedContact, start.addingTimeInterval(day)),
            (otherSession, "+4915112345678", otherContact, start),
        ] {
            let (snapshot, envelope) = Self.snapshot(sessionId, userId: userId, contactId: contactId, at: at)
            _ = try await store.record(snapshot, envelope)
        }
        let contacts = [
            contact(matchedContact, from: "442079460958", at: start.addingTimeInterval(-4)),
            contact(recordedContact, from: "+442079460958", at: start.addingTimeInterval(day - 3)),
            contact(unlinkedContact, from: "tel:+442079460958", at: start.addingTimeInterval(3 * day)),
            contact(otherContact, from: "+4915112345678", at: start.addingTimeInterval(-2)),
        ]
        let document = #"{"completedContacts": [\#(contacts.joined(separator: ", "))]}"#
        _ = try await store.importCXone(try CXoneDocumentReader.read(Array(document.utf8)), importedAt: start)
        let odata = #"""
            {"value": [{"sessionId": "\#(cognigySession)", "userId": "00442079460958", "startedAt": "\#(Timestamps.format(start.addingTimeInterval(2 * 86_400)))",
                        "handoverEscalations": 1}]}
            """#
        _ = try await store.importCognigy(try CognigyDocumentReader().read(Array(odata.utf8)), importedAt: start)
    }

    @Test(arguments: TestBackend.available) func aWebhookOnlySessionIsMatchedByTheCallerItPosted(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await Self.seed(store)
            let session = try #require(try await store.session(matching: Self.webhookSession))
            #expect(session.callerMatch == .matched(contactId: Self.matchedContact, offsetSeconds: -4), "the snapshot's userId is a caller")
            #expect(session.contactIds == [Self.matchedContact])
            #expect(try await store.sessionId(matching: Self.matchedContact) == Self.webhookSession, "a match is a link: lookup finds it")
            #expect(try await store.sessionId(matching: Self.unlinkedContact) == nil, "a contact of the caller outside every window")
            let removed = try await store.erase(.id(Self.webhookSession))
            #expect(removed.snapshots == 1 && removed.contacts == 1, "the contact matched by caller and time goes with its session")
            #expect(try await storedValue(store, "SELECT count(*) FROM cxone_contact WHERE contact_id = '\(Self.matchedContact)'") == "0")
        }
    }

    /// Erasing the contact matched by caller and time takes its session too, as erasing a recorded contact does.
    @Test(arguments: TestBackend.available) func erasingAMatchedContactTakesItsSession(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await Self.seed(store)
            let removed = try await store.erase(.id(Self.matchedContact))
            #expect(removed.snapshots == 1 && removed.contacts == 1)
            #expect(try await store.sessionId(matching: Self.webhookSession) == nil)
            #expect(try await store.sessionId(matching: Self.recordedSession) == Self.recordedSession, "the caller's other sessions stay")
        }
    }

    @Test(arguments: TestBackend.available) func erasingACallerRemovesEverySessionAndContactOfThatNumber(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await Self.seed(store)
            let otherBefore = try #require(try await store.session(matching: Self.otherSession))
            #expect(otherBefore.contactIds == [Self.otherContact])

            let removed = try await store.erase(.caller(Self.number))
            #expect(removed.snapshots == 2 && removed.contacts == 3 && removed.cognigyRecords == 1, "\(removed)")
            for id in [
                Self.webhookSession, Self.recordedSession, Self.cognigySession, Self.matchedContact, Self.recordedContact, Self.unlinkedContact,
            ] {
                #expect(try await store.sessionId(matching: id) == nil, "\(id) is gone")
            }
            for (table, column) in [("snapshot", "user_id"), ("cognigy_session", "user_id"), ("cxone_contact", "raw_json")] {
                let left = try await storedValue(store, "SELECT count(*) FROM \(table) WHERE \(column) LIKE '%7946%0958%'")
                #expect(left == "0", "no \(table) row holds the number")
            }
            let otherAfter = try #require(try await store.session(matching: Self.otherSession))
            #expect(Diagnoser.diagnose(otherAfter).code == Diagnoser.diagnose(otherBefore).code, "another caller keeps its diagnosis")
            #expect(otherAfter.contactIds == [Self.otherContact])
        }
    }

    @Test func noCopyOfTheCallerIsLeftInTheFileOrItsWAL() async throws {
        try await TemporaryDatabase.with { store, database in
            try await Self.seed(store)
            let traces = [
                "442079460958", "020 7946 0958", Self.webhookSession, Self.recordedSession, Self.cognigySession, Self.matchedContact,
                Self.recordedContact, Self.unlinkedContact,
            ]
            #expect(traces.allSatisfy(database.filesHold), "the seed wrote every one")
            _ = try await store.erase(.caller(Self.number))
            for trace in traces { #expect(!database.filesHold(trace), "\(trace) is still on disk") }
            for kept in ["4915112345678", Self.otherSession, Self.otherContact] { #expect(database.filesHold(kept), "\(kept) is kept") }
        }
    }

    @Test func aCallerThatIsNotANumberIsRefused() async throws {
        try await TemporaryDatabase.with { store, _ in
            await #expect(throws: InputError.self) { try await store.erase(.caller("web-user-17")) }
        }
    }
}
