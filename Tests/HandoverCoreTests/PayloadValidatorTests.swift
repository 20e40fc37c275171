import Testing

@testable import HandoverCore

@Suite("Handover payload validation: every code, both shapes")
struct PayloadValidatorTests {
    func verdict(_ json: String) throws -> HandoverVerdict {
        PayloadValidator.validate(try HandoverAttempt.parse(BodyDecoder().decodeObject(Array(json.utf8), as: .json)))
    }

    func codes(_ json: String) throws -> [ValidationIssue.Code] {
        try verdict(json).errors.map(\.code)
    }

    static let valid =
        #"{"externalContactId":"700000001","queueId":"4301","transferType":"blind","metadata":{"botSessionId":"s-1","intent":"billing","confidence":0.91}}"#

    @Test func validPayloadHasNoIssuesAndIsNormalised() throws {
        let result = try verdict(Self.valid)
        #expect(result.valid)
        #expect(result.warnings.isEmpty)
        #expect(result.shape == .handover)
        #expect(
            result.normalisedPayload
                == .object([
                    "externalContactId": .string("700000001"), "queueId": .string("4301"), "transferType": .string("blind"),
                    "metadata": .object(["botSessionId": .string("s-1"), "intent": .string("billing"), "confidence": .double(0.91)]),
                ]))
    }

    @Test func wrapperTimestampIsTheAttemptsOwnTime() throws {
        func attempt(_ timestamp: String) throws -> HandoverAttempt {
            try HandoverAttempt.parse(
                BodyDecoder().decodeObject(Array(#"{"sessionId":"s","timestamp":\#(timestamp),"payload":\#(Self.valid)}"#.utf8), as: .json))
        }
        #expect(try attempt(#""2026-11-24T10:15:00Z""#).occurredAt == Timestamps.parseISO8601("2026-11-24T10:15:00Z"))
        #expect(try attempt("1764000000000").occurredAt?.timeIntervalSince1970 == 1_764_000_000)
        #expect(try attempt(#""{{input.timestamp}}""#).occurredAt == nil)
        #expect(throws: InputError.self) { try attempt(#""yesterday""#) }
    }

    @Test func aliasesAndTopLevelMetadataAreAccepted() throws {
        let result = try verdict(
            #"{"contactId":700000001,"skillId":4301,"transferType":"consult","botSessionId":"s","intent":"x","confidence":"0.5"}"#)
        #expect(result.valid)
        #expect(result.contactId == "700000001")
        #expect(result.queueId == "4301")
        #expect(result.confidence == 0.5)
    }

    @Test func missingFieldsAreAllReportedAtOnce() throws {
        let result = try verdict(#"{"metadata":{"botSessionId":"s"}}"#)
        #expect(result.errors.map(\.code) == [.missingField, .missingField, .missingField])
        #expect(result.errors.map(\.field) == ["externalContactId", "queueId", "transferType"])
    }

    @Test func emptyQueueUsesTheSeedWording() throws {
        let result = try verdict(#"{"externalContactId":"1","queueId":"  ","transferType":"blind","botSessionId":"s"}"#)
        #expect(result.errors.map(\.code) == [.emptyField])
        #expect(result.errors[0].message.contains("Ensure the Queue ID is passed from Cognigy variables"))
    }

    @Test(arguments: ["Blind", "warm", "BLIND ", "transfer"])
    func transferTypeMustBeExact(_ value: String) throws {
        let codes = try codes(#"{"externalContactId":"1","queueId":"2","transferType":"\#(value)","botSessionId":"s"}"#)
        #expect(codes == [.invalidTransferType])
    }

    @Test func transferTypeSuggestsTheIntendedValue() throws {
        let result = try verdict(#"{"externalContactId":"1","queueId":"2","transferType":"Consult","botSessionId":"s"}"#)
        #expect(result.errors[0].message.contains("did you mean consult?"))
    }

    @Test(arguments: ["100000000000", "\"100000000000\""])
    func placeholderContactIdInBothForms(_ value: String) throws {
        #expect(try codes(#"{"externalContactId":\#(value),"queueId":"2","transferType":"blind","botSessionId":"s"}"#) == [.placeholderContactId])
    }

    @Test(arguments: ["\"abc\"", "\"12-34\"", "\"1.5\"", "1.5"])
    func contactIdMustBeDigits(_ value: String) throws {
        #expect(try codes(#"{"externalContactId":\#(value),"queueId":"2","transferType":"blind","botSessionId":"s"}"#) == [.invalidContactId])
    }

    @Test(arguments: ["{{context.queueId}}", "undefined", "null", "NaN", "[object Object]", "{{ input.data.queue }}"])
    func unresolvedTemplatesAreFoundAndNotDoubleReported(_ value: String) throws {
        let result = try verdict(#"{"externalContactId":"1","queueId":"\#(value)","transferType":"blind","botSessionId":"s"}"#)
        #expect(result.errors.map(\.code) == [.unresolvedTemplate])
        #expect(result.errors[0].field == "queueId")
    }

    @Test func unresolvedTemplatesAnywhereInThePayload() throws {
        let result = try verdict(
            #"{"externalContactId":"1","queueId":"2","transferType":"blind","botSessionId":"s","metadata":{"extra":["ok","{{input.x}}"]}}"#)
        #expect(result.errors.map(\.field) == ["metadata.extra[1]"])
    }

    @Test(arguments: ["1.5", "-0.1", "87", "\"high\"", "\"\""])
    func confidenceMustBeBetweenZeroAndOne(_ value: String) throws {
        #expect(
            try codes(#"{"externalContactId":"1","queueId":"2","transferType":"blind","botSessionId":"s","confidence":\#(value)}"#) == [
                .invalidConfidence
            ])
    }

    @Test func confidenceAsPercentSuggestsAFraction() throws {
        let result = try verdict(#"{"externalContactId":"1","queueId":"2","transferType":"blind","metadata":{"botSessionId":"s","confidence":87}}"#)
        #expect(result.errors[0].field == "metadata.confidence")
        #expect(result.errors[0].message.contains("send 0.87"))
    }

    @Test func missingBotSessionIdIsAWarningOnly() throws {
        let result = try verdict(#"{"externalContactId":"1","queueId":"2","transferType":"blind"}"#)
        #expect(result.valid)
        #expect(result.warnings.map(\.code) == [.missingBotSessionId])
    }

    @Test func unresolvedBotSessionIdCannotCorrelate() throws {
        let result = try verdict(#"{"externalContactId":"1","queueId":"2","transferType":"blind","metadata":{"botSessionId":"{{input.sessionId}}"}}"#)
        #expect(result.errors.map(\.code) == [.unresolvedTemplate])
        #expect(result.warnings.map(\.code) == [.missingBotSessionId])
    }

    static func escalation(intent: String, action: String) -> String {
        #"{"sessionId":"s","contactId":"700000001","payload":{"_cognigy":{"_niceCXOne":{"json":{"text":"","uiComponent":{},"data":{"Intent":"\#(intent)","Params":"a|b"},"action":"\#(action)"}}}}}"#
    }

    @Test(arguments: [("Escalate", "AGENT_TRANSFER"), ("End", "END_CONVERSATION")])
    func consistentEscalationsAreValid(_ intent: String, _ action: String) throws {
        let result = try verdict(Self.escalation(intent: intent, action: action))
        #expect(result.shape == .cxoneEscalation)
        #expect(result.valid)
        #expect(result.intent == intent)
        #expect(result.contactId == "700000001")
    }

    @Test(arguments: [("Escalate", "END_CONVERSATION"), ("End", "AGENT_TRANSFER"), ("Transfer", "AGENT_TRANSFER")])
    func inconsistentEscalations(_ intent: String, _ action: String) throws {
        #expect(try codes(Self.escalation(intent: intent, action: action)) == [.inconsistentAction])
    }

    @Test func escalationToThePlaceholderContact() throws {
        let json = Self.escalation(intent: "Escalate", action: "AGENT_TRANSFER").replacingOccurrences(of: "700000001", with: "100000000000")
        #expect(try codes(json) == [.placeholderContactId])
    }

    @Test func everyProblemAtOnce() throws {
        let result = try verdict(
            #"{"externalContactId":"100000000000","queueId":"","transferType":"Blind","metadata":{"intent":"{{input.intent}}","confidence":2}}"#)
        #expect(
            Set(result.errors.map(\.code)) == [.placeholderContactId, .emptyField, .invalidTransferType, .unresolvedTemplate, .invalidConfidence])
        #expect(result.warnings.map(\.code) == [.missingBotSessionId])
    }

    @Test func wrapperCarriesSessionAndOutcome() throws {
        let fields = try BodyDecoder().decodeObject(
            Array(#"{"sessionId":"s-9","payload":\#(Self.valid),"outcome":{"success":false,"stage":"validation","error":"boom"}}"#.utf8), as: .json)
        let attempt = try HandoverAttempt.parse(fields)
        #expect(attempt.sessionId == "s-9")
        #expect(HandoverOutcome.read(attempt.outcome) == .failed)
    }

    @Test func payloadThatIsNotAnObjectIsAnInputError() {
        let error = #expect(throws: InputError.self) {
            try HandoverAttempt.parse(["payload": .array([])])
        }
        #expect(error?.code == .invalidField)
    }

    @Test(arguments: [
        (#"{"success":true}"#, HandoverOutcome.succeeded), (#"{"CXoneHandover":{"success":false,"error":"401"}}"#, .failed),
        (#"{"handover":{"status":"error","error":{"reason":"error"}}}"#, .failed), (#"{"handover":{"status":"cancelled"}}"#, .cancelled),
        (#"{"handover":{"status":"completed"}}"#, .succeeded),
    ])
    func outcomesInEveryShape(_ json: String, _ expected: HandoverOutcome) throws {
        #expect(HandoverOutcome.read(try BodyDecoder().decodeJSON(Array(json.utf8))) == expected)
    }

    @Test(arguments: [
        (#"{"success":false,"stage":"validation","error":"boom"}"#, HandoverOutcome.Detail(stage: "validation", error: "boom")),
        (#"{"CXoneHandover":{"success":false,"stage":"signal","error":{"status":404}}}"#, .init(stage: "signal", error: #"{"status":404}"#)),
        (#"{"handover":{"status":"error","error":{"message":"queue closed"}}}"#, .init(error: "queue closed")),
        (#"{"success":true,"stage":null}"#, .init()), (#"[1]"#, .init()),
    ])
    func theOutcomesStageAndErrorInEveryShape(_ json: String, _ expected: HandoverOutcome.Detail) throws {
        #expect(HandoverOutcome.detail(try BodyDecoder().decodeJSON(Array(json.utf8))) == expected)
    }
}
