import Foundation
import HTTPTypes
import HandoverTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HandoverSQLite
@testable import HandoverStore

@Suite("POST /v1/handovers and POST /v1/validate")
struct HandoverEndpointTests {
    static let valid =
        #"{"externalContactId":"700000001","queueId":"4301","transferType":"blind","metadata":{"botSessionId":"s-1","intent":"billing","confidence":0.91}}"#
    static let invalid = #"{"externalContactId":"100000000000","queueId":"","transferType":"Blind","metadata":{"botSessionId":"s-1"}}"#

    func attemptCount(_ store: any ManagedStore) async throws -> Int? {
        Int(try await storedValue(store, "SELECT count(*) FROM handover_attempt") ?? "")
    }

    @Test(arguments: TestBackend.available) func validPayloadIsStoredAndJudged(_ backend: TestBackend) async throws {
        try await withTestApp(backend: backend) { client, store, _ in
            let response = try await client.post("/v1/handovers", json: Self.valid)
            #expect(response.status == .created)
            #expect(response.json["valid"] as? Bool == true)
            #expect(response.json["sessionId"] as? String == "s-1")
            #expect((response.json["payload"] as? [String: Any])?["queueId"] as? String == "4301")
            #expect(try await store.handoverAttempts(sessionId: "s-1", limit: 5).first?.valid == true)
        }
    }

    @Test(arguments: TestBackend.available) func invalidPayloadIsStoredWithEveryError(_ backend: TestBackend) async throws {
        try await withTestApp(backend: backend) { client, store, _ in
            let response = try await client.post("/v1/handovers", json: Self.invalid)
            #expect(response.status == .created)
            #expect(response.json["valid"] as? Bool == false)
            let codes = (response.json["errors"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
            #expect(codes == ["PLACEHOLDER_CONTACT_ID", "EMPTY_FIELD", "INVALID_TRANSFER_TYPE"])
            #expect(try await attemptCount(store) == 1)
        }
    }

    @Test(arguments: TestBackend.available) func strictModeAnswers422ButStillStores(_ backend: TestBackend) async throws {
        try await withTestApp(backend: backend) { client, store, _ in
            let invalid = try await client.post("/v1/handovers?strict=true", json: Self.invalid)
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.json["id"] is Int)
            let valid = try await client.post("/v1/handovers?strict=true", json: Self.valid)
            #expect(valid.status == .created)
            #expect(try await attemptCount(store) == 2)
        }
    }

    @Test(arguments: TestBackend.available) func wrappedEscalationWithOutcomeIsRecorded(_ backend: TestBackend) async throws {
        try await withTestApp(backend: backend) { client, store, _ in
            let body =
                #"{"sessionId":"esc-1","contactId":"700000001","payload":{"_cognigy":{"_niceCXOne":{"json":{"text":"","uiComponent":{},"data":{"Intent":"Escalate","Params":"billing|en"},"action":"AGENT_TRANSFER"}}}},"outcome":{"success":false,"stage":"signal","error":"Error getting bearer token: 401"}}"#
            let response = try await client.post("/v1/handovers", json: body)
            #expect(response.status == .created)
            #expect(response.json["shape"] as? String == "cxoneEscalation")
            #expect(response.json["valid"] as? Bool == true)
            let row = try await store.handoverAttempts(sessionId: "esc-1", limit: 1).first
            #expect(row?.outcome == "failed")
            #expect(row?.contactId == "700000001")
            #expect(row?.intent == "Escalate")
        }
    }

    @Test(arguments: TestBackend.available) func formEncodedHandoverIsJudged(_ backend: TestBackend) async throws {
        try await withTestApp(backend: backend) { client, _, _ in
            let response = try await client.post(
                "/v1/handovers",
                form: "externalContactId=700000001&queueId=4301&transferType=consult&metadata[botSessionId]=s-2&metadata[confidence]=0.7")
            #expect(response.status == .created)
            #expect(response.json["valid"] as? Bool == true)
            #expect(response.json["sessionId"] as? String == "s-2")
        }
    }

    @Test(arguments: TestBackend.available) func validateJudgesWithoutStoring(_ backend: TestBackend) async throws {
        try await withTestApp(backend: backend) { client, store, _ in
            let response = try await client.post("/v1/validate", json: Self.invalid)
            #expect(response.status == .ok)
            #expect(response.json["valid"] as? Bool == false)
            #expect(response.json["id"] == nil)
            let strict = try await client.post("/v1/validate?strict=true", json: Self.invalid)
            #expect(strict.status == .unprocessableContent)
            #expect(try await attemptCount(store) == 0)
        }
    }

    @Test(arguments: TestBackend.available) func handoverIdempotencyUsesItsOwnKeys(_ backend: TestBackend) async throws {
        try await withTestApp(backend: backend) { client, store, _ in
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "h-1"]
            let first = try await client.post("/v1/handovers", json: Self.valid, headers: key)
            let retry = try await client.post("/v1/handovers", json: Self.valid, headers: key)
            #expect(retry.status == .ok)
            #expect(retry.json["id"] as? Int == first.json["id"] as? Int)
            #expect(retry.json["valid"] as? Bool == true)
            #expect(try await attemptCount(store) == 1)
        }
    }

    @Test(arguments: TestBackend.available) func listingReturnsAttemptsWithErrors(_ backend: TestBackend) async throws {
        try await withTestApp(backend: backend) { client, _, _ in
            try await client.post("/v1/handovers", json: Self.invalid)
            let listed = try await client.get("/v1/handovers?sessionId=s-1")
            let attempts = listed.json["handovers"] as? [[String: Any]]
            #expect(attempts?.count == 1)
            #expect((attempts?.first?["errors"] as? [[String: Any]])?.count == 3)
        }
    }
}
