import Foundation
import HandoverStore
import HummingbirdTesting
import Testing

@testable import HandoverServer

/// Yes-or-no and choice parameters are read strictly: a typo is refused with the parameter named, never read as
/// "no", and a refused handover is not stored (found by schemathesis against the OpenAPI document).
@Suite("Query parameters: flags and choices refuse what they do not know")
struct QueryParameterTests {
    @Test func aStrictFlagThatIsNotABooleanIsRefusedBeforeAnythingIsStored() async throws {
        try await withTestApp { client, store, _ in
            let refused = try await client.post("/v1/handovers?strict=maybe", json: #"{"sessionId":"q-1","payload":{}}"#)
            #expect(refused.status == .badRequest && refused.errorCode == "INVALID_FIELD")
            #expect((refused.json["error"] as? [String: Any])?["message"] as? String == "strict=maybe is not true or false.")
            #expect(try await store.handoverAttempts(sessionId: "q-1", limit: 10).isEmpty, "nothing stored")
            let strict = try await client.post("/v1/handovers?strict=TRUE", json: #"{"sessionId":"q-1","payload":{}}"#)
            #expect(strict.status == .unprocessableContent)
            #expect(try await client.post("/v1/validate?strict=no", json: #"{"payload":{}}"#).status == .ok)
        }
    }

    @Test(arguments: ["failuresOnly=perhaps", "order=up"])
    func sessionListChoicesRefuseUnknownValues(_ query: String) async throws {
        try await withTestApp { client, _, _ in
            let answer = try await client.get("/v1/sessions?\(query)")
            #expect(answer.status == .badRequest && answer.errorCode == "INVALID_FIELD")
            #expect(try await client.get("/v1/sessions?failuresOnly=1&order=ASC").status == .ok)
        }
    }
}
