import Foundation
import Testing

@testable import HandoverCore

@Suite("Snapshot fields, with the aliases real flows use")
struct SnapshotParsingTests {
    func parse(_ json: String) throws -> Snapshot {
        try Snapshot.parse(BodyDecoder().decodeObject(Array(json.utf8), as: .json))
    }

    @Test(arguments: ["sessionId", "botSessionId", "session_id"])
    func sessionIdAliases(_ name: String) throws {
        #expect(try parse(#"{"\#(name)": " abc "}"#).sessionId == "abc")
    }

    @Test func contactIdsFallBackToContextData() throws {
        let snapshot = try parse(#"{"sessionId":"s","context":{"data":{"contactId":700000001,"spawnedContactId":"700000002"}}}"#)
        #expect(snapshot.contactId == "700000001")
        #expect(snapshot.spawnedContactId == "700000002")
    }

    @Test func topLevelContactIdWinsOverContext() throws {
        let snapshot = try parse(#"{"sessionId":"s","contactId":"1","context":{"data":{"contactId":"2"}}}"#)
        #expect(snapshot.contactId == "1")
    }

    @Test func formBodiesCarryJSONAsStrings() throws {
        let body =
            "sessionId=s&confidence=0.75&timestamp=1764000000000&context=" + #"{"data":{"contactId":"42"}}"#.addingPercentEncoding(
                withAllowedCharacters: .alphanumerics)!
        let snapshot = try Snapshot.parse(BodyDecoder().decodeObject(Array(body.utf8), as: .form))
        #expect(snapshot.contactId == "42")
        #expect(snapshot.confidence == 0.75)
        #expect(snapshot.occurredAt == Date(timeIntervalSince1970: 1_764_000_000))
    }

    @Test(arguments: ["2026-11-24T10:15:00Z", "2026-11-24T10:15:00.000Z", "2026-11-24T11:15:00+01:00"])
    func timestampsInISO8601(_ text: String) throws {
        let snapshot = try parse(#"{"sessionId":"s","timestamp":"\#(text)"}"#)
        #expect(snapshot.occurredAt == Timestamps.parseISO8601("2026-11-24T10:15:00Z"))
    }

    @Test func missingSessionIdHasItsOwnCode() {
        let error = #expect(throws: InputError.self) { try parse(#"{"contactId":"1"}"#) }
        #expect(error?.code == .missingSessionId)
        #expect(throws: InputError(.missingSessionId, "sessionId is empty; send {{input.sessionId}} from the flow.")) {
            try parse(#"{"sessionId":"  "}"#)
        }
    }

    @Test(arguments: [
        #"{"sessionId": 12}"#, #"{"sessionId": "s", "contactId": {"a":1}}"#, #"{"sessionId": "s", "contactId": 1.5}"#,
        #"{"sessionId": "s", "confidence": "high"}"#, #"{"sessionId": "s", "confidence": [1]}"#,
        #"{"sessionId": "s", "timestamp": "yesterday"}"#, #"{"sessionId": "s", "label": {"x": 1}}"#,
        #"{"sessionId": "s", "intent": true}"#,
    ])
    func wrongTypesAreInvalidFields(_ json: String) {
        let error = #expect(throws: InputError.self) { try parse(json) }
        #expect(error?.code == .invalidField)
    }

    @Test func overLongValuesAreRefused() {
        let long = String(repeating: "x", count: 257)
        #expect(throws: InputError.self) { try parse(#"{"sessionId":"\#(long)"}"#) }
        #expect(throws: InputError.self) { try parse(#"{"sessionId":"s","label":"\#(long)"}"#) }
        #expect(throws: InputError.self) { try parse(#"{"sessionId":"s","contactId":"\#(String(repeating: "1", count: 65))"}"#) }
    }

    @Test func unresolvedSessionIdAndPlaceholderAreWarned() throws {
        let snapshot = try parse(#"{"sessionId":"{{input.sessionId}}","context":{"data":{"contactId":"100000000000"}}}"#)
        #expect(snapshot.warnings.map(\.code) == [.unresolvedTemplate, .placeholderContactId])
    }

    @Test(arguments: ["{{input.intentMapperResults.finalIntentScore}}", "undefined", "NaN"])
    func unresolvedTypedFieldsAreWarnedNotRefused(_ token: String) throws {
        let snapshot = try parse(#"{"sessionId":"s","confidence":"\#(token)","timestamp":"\#(token)"}"#)
        #expect(snapshot.confidence == nil)
        #expect(snapshot.occurredAt == nil)
        #expect(snapshot.warnings.map(\.field) == ["confidence", "timestamp"])
        #expect(snapshot.warnings.allSatisfy { $0.code == .unresolvedTemplate })
    }
}
