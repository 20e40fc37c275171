import Foundation
import HandoverCore
import Testing

@Suite("Cognigy's OData history: collections by content, CXone ids, Voice Gateway events, caller keys, redaction")
struct CognigyReaderTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Examples/cognigy/odata")

    func read(_ json: String, hash: (@Sendable (String) -> String)? = nil) throws -> CognigyBatch {
        try CognigyDocumentReader(hash: hash).read(Array(json.utf8))
    }

    @Test func theSavedExamplesOfEachCollectionAndVersionAreRead() throws {
        let reader = CognigyDocumentReader()
        let load = { (name: String) in try reader.read(Array(try Data(contentsOf: Self.examples.appendingPathComponent(name)))) }
        let sessions = try load("sessions-v2.3.json")
        #expect(sessions.sessions.count == 6 && sessions.messages.isEmpty)
        #expect(sessions.sessions[0].handoverEscalations == 1 && sessions.sessions[0].callerKey == "111111111")
        let conversations = try load("conversations-v2.4.json")
        #expect(conversations.messages.allSatisfy { $0.collection == .conversations } && conversations.messages.count == 10)
        #expect(conversations.messages[0].recordId == "67a0c0d1e2f3a4b5c6d7e801", "v2.4 names the record id `id`")
        #expect(conversations.messages[0].contactId == "700000101" && conversations.messages[0].spawnedContactId == "700000102")
        let analytics = try load("analytics-v2.3.json")
        #expect(analytics.messages.allSatisfy { $0.collection == .analytics } && analytics.messages[0].recordId == "6790b0c1d2e3f4a5b6c7d801")
        #expect(analytics.messages[1].contactId == "700000112", "custom1 holds a CXone contact id")
    }

    @Test func olderVersionsAreRecognisedByTheirFieldsNotTheirNames() throws {
        // v2.0-2.2: "Conversations" held sessions, "ChatHistory" messages, "Inputs" analytics; none has _id or id.
        let legacy = try read(
            """
            [{"sessionId": "s-1", "userId": "+4930999999999", "startedAt": "2026-11-25T09:00:00Z", "stepsCount": 2},
             {"sessionId": "s-1", "inputText": "hi", "type": "input", "source": "user", "timestamp": "2026-11-25T09:00:01Z"},
             {"sessionId": "s-1", "inputId": "i-1", "intent": "greeting", "intentScore": "0.7", "timestamp": "2026-11-25T09:00:01Z"}]
            """)
        #expect(legacy.sessions.map(\.sessionId) == ["s-1"])
        #expect(legacy.messages.map(\.collection) == [.conversations, .analytics])
        #expect(legacy.messages[1].intentScore == 0.7)
        #expect(Set(legacy.messages.map(\.recordId)).count == 2, "records without an id get a stable derived one")
        let again = try read(#"[{"sessionId": "s-1", "inputText": "hi", "type": "input", "source": "user", "timestamp": "2026-11-25T09:00:01Z"}]"#)
        #expect(again.messages[0].recordId == legacy.messages[0].recordId)
    }

    @Test(arguments: [
        ("not json", "{\"value\": [", "not valid JSON"),
        ("not odata", #"{"completedContacts": []}"#, "not an OData response"),
        ("no session id", #"{"value": [{"_id": "1", "startedAt": "2026-11-25T09:00:00Z"}]}"#, "record 0: no sessionId"),
        ("unknown record", #"{"value": [{"sessionId": "s", "foo": 1}]}"#, "not a Sessions, Conversations or Analytics record"),
        ("record not an object", #"[{"sessionId": "s", "stepsCount": 1}, 7]"#, "record 1 is a number"),
    ])
    func unreadableDocumentsSayWhy(_ name: String, _ json: String, _ expected: String) {
        #expect {
            try read(json)
        } throws: { error in
            (error as? CognigyDocumentError)?.message.contains(expected) == true
        }
    }

    @Test func contactIdsComeFromContextInitFieldsSipHeadersOrCustomFields() throws {
        let batch = try read(
            #"""
            [{"_id": "a", "sessionId": "s", "source": "user", "inputData": "{\"contactId\": \"100000000000\", \"spawnedContactId\": 100000000000}"},
             {"_id": "b", "sessionId": "s", "source": "user",
              "inputData": {"payload": {"sip": {"headers": {"x-incontact-masterid": "700000201", "X-InContact-ContactId": "700000202"}}}}},
             {"_id": "c", "sessionId": "s", "intent": "x", "custom3": "not an id", "custom4": "700000203"},
             {"_id": "d", "sessionId": "s", "intent": "x", "contactId": "5551234567", "custom1": "12"}]
            """#)
        #expect(batch.messages.map(\.contactIds) == [["100000000000", "100000000000"], ["700000201", "700000202"], ["700000203"], []])
    }

    @Test(arguments: [
        (#"{"event": "TRANSFER_DIAL_ERROR", "payload": {"sip_status": 486, "sip_reason": "Busy Here"}}"#, "TRANSFER_DIAL_ERROR", 486, true),
        (#"{"event": "TRANSFER_REFER_ERROR", "payload": {"sip_status": 200, "refer_status": "500"}}"#, "TRANSFER_REFER_ERROR", 500, true),
        (#"{"event": "NO_ANSWER", "payload": {"sip_status": 487}}"#, "NO_ANSWER", 487, true),
        (#"{"event": "USER_BUSY", "payload": {"sip_status": 486}}"#, "USER_BUSY", 486, true),
        (#"{"event": "TRANSFER_DIAL_SUCCESS", "payload": {"sip_status": 200}}"#, "TRANSFER_DIAL_SUCCESS", 200, false),
    ])
    func voiceGatewayEventsAreReadWithTheStatusThatTellsTheOutcome(_ data: String, _ name: String, _ status: Int, _ failure: Bool) throws {
        let event = try #require(TransferEvent.read(try BodyDecoder().decodeJSON(Array(data.utf8))))
        #expect(event.name == name && event.sipStatus == status && event.isFailure == failure)
    }

    @Test func otherEventsAreNotTransfers() throws {
        #expect(TransferEvent.read(try BodyDecoder().decodeJSON(Array(#"{"event": "USER_INPUT_TIMEOUT"}"#.utf8))) == nil)
        #expect(TransferEvent.read(.string(#"{"event": "NO_ANSWER"}"#))?.name == "NO_ANSWER", "inputData may arrive as JSON text")
    }

    @Test(arguments: [
        ("+44 20 7946 0958", "207946095" + "8"), ("0044 20 7946 0958", "207946095" + "8"), ("020 7946 0958", "207946095" + "8"),
        ("sip:+4930123456789@sbc.example.com", "123456789"), ("tel:+1 (555) 123-4567", "555123456" + "7"),
    ])
    func callerNumbersAgreeWhateverPrefixEachSideWrote(_ address: String, _ key: String) {
        #expect(CallerKey.key(address) == String(key.suffix(9)))
    }

    @Test func textThatIsNotANumberHasNoCallerKey() {
        for text in ["webchat-user-7f3a", "3f2a6b8c-1d2e-4f50-9a1b-2c3d4e5f6a7b", "12345", ""] { #expect(CallerKey.key(text) == nil) }
    }

    @Test func redactionHashesWhatCallersSaidAndWhoTheyAreButKeepsIdsAndTheCallerKeyComparable() throws {
        let hash: @Sendable (String) -> String = { "h\($0.count)" }
        let batch = try read(
            #"""
            [{"_id": "1", "sessionId": "s", "userId": "+4930111111111", "startedAt": "2026-11-25T09:00:00Z"},
             {"_id": "2", "sessionId": "s", "source": "user", "inputText": "my number is 0301111", "contactId": "+4930111111111",
              "inputData": {"contactId": "700000301"}}]
            """#, hash: hash)
        #expect(batch.sessions[0].userId == "redacted:h14" && batch.sessions[0].callerKey == "redacted:h9")
        #expect(!batch.sessions[0].rawJSON.contains("4930111111111"))
        let message = batch.messages[0]
        #expect(message.text == "redacted:h20" && message.contactId == "700000301")
        #expect(!message.rawJSON.contains("0301111") && !message.rawJSON.contains("4930111111111") && !message.rawJSON.contains("700000301"))
    }
}
