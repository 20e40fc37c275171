import Foundation
import HTTPTypes
import HandoverCore
import HandoverServer
import HandoverTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HandoverSQLite
@testable import HandoverStore

@Suite("GET /v1/sessions, /v1/sessions/{id}, /v1/report and /v1/codes")
struct SessionsEndpointTests {
    static let sessionCount = 2 * DiagnosisCode.allCases.count

    func withDemoApp(_ backend: TestBackend, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await withTestApp(backend: backend) { client, store, _ in
            let generator = DemoGenerator(sessions: Self.sessionCount)
            try await store.writeBulk(try BulkRecords(demo: (0..<generator.sessions).map(generator.session)))
            _ = try await store.refreshDiagnoses()  // pages wait for a refresh only briefly; a loaded machine needs longer
            try await body(client)
        }
    }

    func ids(_ response: TestResponse) -> [String] {
        (response.json["sessions"] as? [[String: Any]])?.compactMap { $0["sessionId"] as? String } ?? []
    }

    @Test(arguments: TestBackend.available) func pagesWalkEverySessionNewestFirstExactlyOnce(_ backend: TestBackend) async throws {
        try await withDemoApp(backend) { client in
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await client.get("/v1/sessions?limit=5" + (cursor.map { "&cursor=\($0)" } ?? ""))
                #expect(page.status == .ok)
                seen += ids(page)
                cursor = page.json["nextCursor"] as? String
            } while cursor != nil
            #expect(seen.count == Self.sessionCount)
            #expect(Set(seen).count == Self.sessionCount)
            #expect(seen == seen.sorted(by: >), "demo session ids grow with time, so newest first is descending")
        }
    }

    /// A refresh still under way (here one the test holds) does not hold up a page: the API and the console answer
    /// from the diagnoses stored so far and say so; once it ends, pages are current again. (A page that waits for it
    /// fails after 30 s instead of hanging the run.)
    @Test func aLongRefreshDoesNotHoldUpAPage() async throws {
        try await withTestApp { client, store, _ in
            let sqlite = try #require(store as? SQLiteStore)
            #expect(try await client.post("/v1/snapshots", json: #"{"sessionId":"stored-before"}"#).status == .created)
            _ = try await store.refreshDiagnoses()
            let (gate, open) = AsyncStream<Void>.makeStream()
            let held = Task {
                try await sqlite.refreshes.run {
                    for await _ in gate {}; return 0
                }
            }
            defer { open.finish() }
            let get = { (uri: String) in
                try await firstOutcome(of: { try await client.get(uri) }, within: .seconds(30), cancellingLate: false) {
                    .failure(HeldUp())
                }
            }
            #expect(try await client.post("/v1/snapshots", json: #"{"sessionId":"arrived-meanwhile"}"#).status == .created)
            let pending = try await get("/v1/sessions")
            #expect(pending.status == .ok)
            #expect(pending.json["diagnosesPending"] as? Bool == true)
            #expect(ids(pending) == ["stored-before"])
            #expect(try await get("/sessions").text.contains(#"id="pending""#))
            #expect(try await get("/").text.contains(#"id="pending""#))
            open.finish()
            _ = try await held.value
            let current = try await client.get("/v1/sessions")
            #expect(current.json["diagnosesPending"] as? Bool == false)
            #expect(Set(ids(current)) == ["stored-before", "arrived-meanwhile"])
            #expect(try await client.get("/sessions").text.contains(#"id="pending""#) == false)
        }
    }

    struct HeldUp: Error, CustomStringConvertible {
        var description: String { "the page waited for the refresh the test holds" }
    }

    @Test(arguments: TestBackend.available) func codeAndTextFiltersNarrowTheList(_ backend: TestBackend) async throws {
        try await withDemoApp(backend) { client in
            let queued = try await client.get("/v1/sessions?code=ABANDONED_IN_QUEUE,LEFT_QUEUE_UNANSWERED")
            let codes = (queued.json["sessions"] as? [[String: Any]])?.compactMap { ($0["diagnosis"] as? [String: Any])?["code"] as? String }
            #expect(codes?.count == 4)
            #expect(Set(codes ?? []) == ["ABANDONED_IN_QUEUE", "LEFT_QUEUE_UNANSWERED"])
            let failures = try await client.get("/v1/sessions?failuresOnly=true&limit=500")
            #expect(ids(failures).count == Self.sessionCount - 4)
            let byContact = try await client.get("/v1/sessions?q=700000000001")
            #expect(ids(byContact) == [DemoGenerator.sessionId(0)])
        }
    }

    @Test(arguments: TestBackend.available) func oneSessionByBotSessionIdOrContactId(_ backend: TestBackend) async throws {
        try await withDemoApp(backend) { client in
            let bySession = try await client.get("/v1/sessions/\(DemoGenerator.sessionId(10))")
            #expect(bySession.status == .ok)
            #expect((bySession.json["diagnosis"] as? [String: Any])?["code"] as? String == "NOT_QUEUED")
            #expect(((bySession.json["timeline"] as? [Any])?.count ?? 0) > 3)
            let byContact = try await client.get("/v1/sessions/700000000021")
            #expect(byContact.json["sessionId"] as? String == DemoGenerator.sessionId(10))
            let missing = try await client.get("/v1/sessions/nope")
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "SESSION_NOT_FOUND")
        }
    }

    @Test(arguments: TestBackend.available) func reportStreamsInEachFormat(_ backend: TestBackend) async throws {
        try await withDemoApp(backend) { client in
            let json = try await client.get("/v1/report?code=NO_BOT_RECORD")
            #expect(json.headers[.contentType] == "application/json; charset=utf-8")
            #expect((json.json["summary"] as? [String: Int]) == ["NO_BOT_RECORD": 2])
            let csv = try await client.get("/v1/report?format=csv")
            #expect(csv.text.split(separator: "\n").count == Self.sessionCount + 1)
            let bad = try await client.get("/v1/report?format=pdf")
            #expect(bad.errorCode == "INVALID_FIELD")
        }
    }

    @Test(arguments: [
        "/v1/sessions?code=BROKEN", "/v1/report?code=", "/v1/sessions?code=NOT_QUEUED,", "/v1/sessions?since=yesterday",
        "/v1/sessions?limit=0", "/v1/sessions?cursor=%%%", "/v1/sessions?cursor=0", "/v1/sessions?since=2023-02-29",
        "/v1/sessions?since=%2B24h", "/v1/sessions?since=2026-11-24T24:00:00Z",
    ])
    func badQueriesAreInvalidFields(_ uri: String) async throws {
        try await withTestApp { client, _, _ in
            let response = try await client.get(uri)
            #expect(response.status == .badRequest)
            #expect(response.errorCode == "INVALID_FIELD")
        }
    }

    /// A query is read as a form, as browsers and HTTP clients write it: `+` is a space (`%2B` a plus sign), and any
    /// cursor of the documented form is a position in the list.
    @Test func aPlusInTheQueryIsASpaceAndAnyCursorOfTheDocumentedFormIsAPosition() async throws {
        try await withTestApp { client, _, _ in
            #expect(try await client.get("/v1/sessions?since=+24h+").status == .ok)
            #expect(try await client.get("/v1/report?q=two+words").status == .ok)
            let madeUp = try await client.get("/v1/sessions?cursor=" + SessionCursor.encode(SessionKey(sessionId: "any", firstAt: nil)))
            #expect(madeUp.status == .ok)
            #expect(SessionCursor.decode(".e29c93") == SessionKey(sessionId: "✓", firstAt: nil))
            #expect(SessionCursor.decode("5.ff")?.sessionId == "\u{FFFD}", "bytes that are not UTF-8 still name a position")
        }
    }

    @Test(arguments: TestBackend.available) func codesListTheCatalogue(_ backend: TestBackend) async throws {
        try await withTestApp(backend: backend) { client, _, _ in
            let response = try await client.get("/v1/codes")
            let entries = response.json["codes"] as? [[String: Any]] ?? []
            #expect(entries.compactMap { $0["code"] as? String } == DiagnosisCode.allCases.map(\.rawValue))
            let failures = entries.map { $0["failure"] as? Bool }
            #expect(failures == DiagnosisCode.allCases.map(\.entry.isFailure), "failure is a JSON boolean, not a string")
        }
    }
}
