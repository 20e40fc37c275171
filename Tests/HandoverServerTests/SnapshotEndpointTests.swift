import Foundation
import HTTPTypes
import HandoverServer
import HandoverTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HandoverSQLite
@testable import HandoverStore

@Suite("POST /v1/snapshots and GET /v1/snapshots")
struct SnapshotEndpointTests {
    static let cognigyJSON =
        #"{"sessionId":"b7a4e1c2-5d1f-4c1e-9d8a-2f0c1e6b7a11","userId":"caller-1","inputId":"in-1","channel":"voiceGateway2","label":"Collect reason","intent":"billing","confidence":0.82,"text":"I have a question about my bill","timestamp":"2026-11-24T10:15:00.120Z","context":{"data":{"contactId":"700000001","spawnedContactId":"700000002"}},"data":{"lang":"en"}}"#

    @Test(arguments: TestBackend.available) func jsonSnapshotIsCommittedAndReadable(_ backend: TestBackend) async throws {
        try await withTestApp(backend: backend) { client, store, _ in
            let response = try await client.post("/v1/snapshots", json: Self.cognigyJSON)
            #expect(response.status == .created)
            let id = response.json["id"] as? Int
            #expect(id != nil)
            #expect(response.json["sessionId"] as? String == "b7a4e1c2-5d1f-4c1e-9d8a-2f0c1e6b7a11")
            #expect(response.json["receivedAt"] is String)

            let rows = try await store.snapshots(sessionId: "b7a4e1c2-5d1f-4c1e-9d8a-2f0c1e6b7a11", limit: 10)
            #expect(rows.map { $0.id.map(Int.init) } == [id])
            #expect(rows.first?.contactId == "700000001")
            #expect(rows.first?.spawnedContactId == "700000002")
            #expect(rows.first?.intent == "billing")

            let listed = try await client.get("/v1/snapshots?sessionId=b7a4e1c2-5d1f-4c1e-9d8a-2f0c1e6b7a11")
            let snapshots = listed.json["snapshots"] as? [[String: Any]]
            #expect(snapshots?.count == 1)
            #expect(snapshots?.first?["rawBody"] as? String == Self.cognigyJSON)
        }
    }

    @Test func aJSONBodyWithAByteOrderMarkIsAccepted() async throws {
        try await withTestApp { client, store, _ in
            var body = ByteBuffer(bytes: [0xEF, 0xBB, 0xBF])
            body.writeString(#"{"sessionId":"s-bom","label":"Greeting"}"#)
            for contentType in ["application/json", "application/json; charset=utf-8"] {
                let response = try await client.execute(uri: "/v1/snapshots", method: .post, headers: [.contentType: contentType], body: body)
                #expect(response.status == .created, "\(contentType): \(response.text)")
            }
            #expect(try await store.snapshots(sessionId: "s-bom", limit: 10).map(\.label) == ["Greeting", "Greeting"])
        }
    }

    @Test(arguments: TestBackend.available) func formSnapshotWithJSONContextIsCommitted(_ backend: TestBackend) async throws {
        try await withTestApp(backend: backend) { client, store, _ in
            let context = #"{"data":{"contactId":"700000009"}}"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let response = try await client.post("/v1/snapshots", form: "sessionId=form-1&label=Start&confidence=0.5&context=\(context)")
            #expect(response.status == .created)
            let row = try await store.snapshots(sessionId: "form-1", limit: 1).first
            #expect(row?.contactId == "700000009")
            #expect(row?.confidence == 0.5)
            #expect(row?.contentType == "application/x-www-form-urlencoded")
        }
    }

    @Test(arguments: TestBackend.available) func snapshotWarningsAreAnsweredButTheRecordIsKept(_ backend: TestBackend) async throws {
        try await withTestApp(backend: backend) { client, store, _ in
            let response = try await client.post("/v1/snapshots", json: #"{"sessionId":"w","contactId":"100000000000"}"#)
            #expect(response.status == .created)
            let warnings = response.json["warnings"] as? [[String: Any]]
            #expect(warnings?.first?["code"] as? String == "PLACEHOLDER_CONTACT_ID")
            #expect(try await store.snapshots(sessionId: "w", limit: 1).count == 1)
        }
    }

    @Test(arguments: [
        (#"{"sessionId":"#, "MALFORMED_BODY"), (#"[1,2]"#, "MALFORMED_BODY"), ("", "MALFORMED_BODY"),
        (#"{"label":"x"}"#, "MISSING_SESSION_ID"), (#"{"sessionId":""}"#, "MISSING_SESSION_ID"),
        (#"{"sessionId":42}"#, "INVALID_FIELD"), (#"{"sessionId":"s","confidence":"high"}"#, "INVALID_FIELD"),
        (#"{"sessionId":"s","contactId":{"x":1}}"#, "INVALID_FIELD"), (#"{"sessionId":"s","contactId":5906.5}"#, "INVALID_FIELD"),
    ])
    func badBodiesAreRefusedWithTheirCodeAndNothingIsStored(_ body: String, _ code: String) async throws {
        try await withTestApp { client, store, _ in
            let response = try await client.post("/v1/snapshots", json: body)
            #expect(response.status == .badRequest)
            #expect(response.errorCode == code)
            #expect(try await storedValue(store, "SELECT count(*) FROM snapshot") == "0")
        }
    }

    /// JSON Schema counts 5906.0 as the integer 5906, and so does the server.
    @Test func aContactIdWrittenWithAZeroFractionIsThatInteger() async throws {
        try await withTestApp { client, store, _ in
            let response = try await client.post("/v1/snapshots", json: #"{"sessionId":"zero-fraction","contactId":5906.0}"#)
            #expect(response.status == .created)
            #expect(try await store.snapshots(sessionId: "zero-fraction", limit: 1).first?.contactId == "5906")
        }
    }

    @Test(arguments: TestBackend.available) func brokenFormEncodingIsMalformed(_ backend: TestBackend) async throws {
        try await withTestApp(backend: backend) { client, _, _ in
            let response = try await client.post("/v1/snapshots", form: "sessionId=s&text=%E2%82")
            #expect(response.errorCode == "MALFORMED_BODY")
        }
    }

    @Test(arguments: [nil, "text/plain", "multipart/form-data; boundary=x"])
    func otherContentTypesAre415(_ contentType: String?) async throws {
        try await withTestApp { client, _, _ in
            var headers: HTTPFields = [:]
            if let contentType { headers[.contentType] = contentType }
            let response = try await client.execute(uri: "/v1/snapshots", method: .post, headers: headers, body: ByteBuffer(string: "{}"))
            #expect(response.status == .unsupportedMediaType)
            #expect(response.errorCode == "UNSUPPORTED_MEDIA_TYPE")
        }
    }

    @Test(arguments: TestBackend.available) func oversizedBodyIs413(_ backend: TestBackend) async throws {
        try await withTestApp({ $0.maxBodyBytes = 2_048 }, backend: backend) { client, _, _ in
            let big = #"{"sessionId":"s","text":"\#(String(repeating: "x", count: 4_000))"}"#
            let response = try await client.post("/v1/snapshots", json: big)
            #expect(response.status == .contentTooLarge)
            #expect(response.errorCode == "BODY_TOO_LARGE")
        }
    }

    @Test(arguments: TestBackend.available) func idempotentRetriesAnswerTheFirstRecord(_ backend: TestBackend) async throws {
        try await withTestApp(backend: backend) { client, store, _ in
            let body = #"{"sessionId":"idem"}"#
            let first = try await client.post("/v1/snapshots", json: body, headers: [HTTPField.Name("Idempotency-Key")!: "call-1-step-1"])
            let retry = try await client.post("/v1/snapshots", json: body, headers: [HTTPField.Name("Idempotency-Key")!: "call-1-step-1"])
            let other = try await client.post(
                "/v1/snapshots", json: #"{"sessionId":"idem","x":1}"#, headers: [HTTPField.Name("Idempotency-Key")!: "call-1-step-1"])
            let webhook = try await client.post("/v1/snapshots", json: body, headers: [HTTPField.Name("webhook-id")!: "msg_1"])
            let webhookRetry = try await client.post("/v1/snapshots", json: body, headers: [HTTPField.Name("webhook-id")!: "msg_1"])
            #expect(first.status == .created)
            #expect(retry.status == .ok)
            #expect(retry.json["duplicate"] as? Bool == true)
            #expect(retry.json["id"] as? Int == first.json["id"] as? Int)
            #expect(other.status == .conflict)
            #expect(other.errorCode == "IDEMPOTENCY_CONFLICT")
            #expect(webhookRetry.json["id"] as? Int == webhook.json["id"] as? Int)
            #expect(try await store.snapshots(sessionId: "idem", limit: 10).count == 2)
        }
    }

    @Test(arguments: TestBackend.available) func listingNeedsASessionId(_ backend: TestBackend) async throws {
        try await withTestApp(backend: backend) { client, _, _ in
            let withoutSession = try await client.get("/v1/snapshots")
            let badLimit = try await client.get("/v1/snapshots?sessionId=s&limit=0")
            #expect(withoutSession.errorCode == "MISSING_SESSION_ID")
            #expect(badLimit.errorCode == "INVALID_FIELD")
            for path in ["/v1/snapshots", "/v1/handovers"] {
                let controlCharacter = try await client.get("\(path)?sessionId=a%0Fb")
                #expect(controlCharacter.status == .badRequest && controlCharacter.text.contains("control character"), "\(path)")
            }
        }
    }
}
