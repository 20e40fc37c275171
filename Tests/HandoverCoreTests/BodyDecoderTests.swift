import Testing

@testable import HandoverCore

@Suite("Request bodies: JSON and form-encoded")
struct BodyDecoderTests {
    let decoder = BodyDecoder()

    func decodeForm(_ text: String) throws -> [String: JSONValue] {
        try decoder.decodeObject(Array(text.utf8), as: .form)
    }

    @Test func jsonObjectKeepsLargeIntegersExact() throws {
        let fields = try decoder.decodeObject(Array(#"{"contactId": 9007199254740993, "n": 1.5, "ok": true}"#.utf8), as: .json)
        #expect(fields["contactId"] == .integer(9_007_199_254_740_993))
        #expect(fields["n"] == .double(1.5))
        #expect(fields["ok"] == .bool(true))
    }

    @Test(arguments: ["[1, 2]", "\"text\"", "42"])
    func nonObjectJSONIsRefused(_ body: String) {
        #expect(throws: InputError.self) { try decoder.decodeObject(Array(body.utf8), as: .json) }
    }

    @Test func aLeadingByteOrderMarkIsIgnored() throws {
        let body = [0xEF, 0xBB, 0xBF] + Array(#"{"sessionId": "s-bom"}"#.utf8)
        #expect(try decoder.decodeObject(body, as: .json)["sessionId"] == .string("s-bom"))
        #expect(BodyDecoder.guessedMediaType(of: body) == .json)
        let inside = Array(#"{"a": 1}"#.utf8) + [0xEF, 0xBB, 0xBF]
        #expect(throws: InputError.self, "only a leading mark is ignored") { try decoder.decodeObject(inside, as: .json) }
    }

    @Test func invalidJSONSaysWhere() {
        let error = #expect(throws: InputError.self) { try decoder.decodeObject(Array(#"{"a": x}"#.utf8), as: .json) }
        #expect(error?.code == .malformedBody)
        #expect(error?.message.contains("character") == true)
    }

    @Test func emptyBodyIsRefused() {
        let error = #expect(throws: InputError.self) { try decoder.decodeObject(Array("  \n".utf8), as: .json) }
        #expect(error?.message.contains("empty") == true)
    }

    @Test func deepNestingIsRefusedBeforeParsing() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let error = #expect(throws: InputError.self) { try decoder.decodeObject(Array("{\"a\":\(deep)}".utf8), as: .json) }
        #expect(error?.message.contains("deeper than 64") == true)
    }

    @Test func bracketsInsideStringsDoNotCountAsNesting() throws {
        let text = String(repeating: "[", count: 200)
        let fields = try decoder.decodeObject(Array("{\"a\":\"\(text)\"}".utf8), as: .json)
        #expect(fields["a"] == .string(text))
    }

    @Test func formDecodesPlusAndPercent() throws {
        let fields = try decodeForm("sessionId=abc-1&text=I+want+an+agent%21&empty=")
        #expect(fields["sessionId"] == .string("abc-1"))
        #expect(fields["text"] == .string("I want an agent!"))
        #expect(fields["empty"] == .string(""))
    }

    @Test func formBracketKeysBuildObjects() throws {
        let fields = try decodeForm("sessionId=s&context%5Bdata%5D%5BcontactId%5D=123&context[data][spawnedContactId]=456")
        #expect(fields["context"]?.value(atPath: "data.contactId") == .string("123"))
        #expect(fields["context"]?.value(atPath: "data.spawnedContactId") == .string("456"))
    }

    @Test(arguments: ["a=%zz", "a=%4", "a=b%", "=value", "a=%FF%FE", "a=1&a[b]=2"])
    func brokenFormsAreRefused(_ body: String) {
        let error = #expect(throws: InputError.self) { try decodeForm(body) }
        #expect(error?.code == .malformedBody)
    }

    @Test func formFieldCountIsBounded() {
        let body = (0..<1_001).map { "f\($0)=1" }.joined(separator: "&")
        #expect(throws: InputError.self) { try decodeForm(body) }
    }

    @Test(arguments: [
        ("application/json", BodyDecoder.MediaType.json), ("Application/JSON; charset=utf-8", .json),
        ("application/vnd.cognigy+json", .json), ("application/x-www-form-urlencoded;charset=UTF-8", .form),
    ])
    func mediaTypesAreReadLeniently(_ header: String, _ expected: BodyDecoder.MediaType) {
        #expect(BodyDecoder.mediaType(of: header) == expected)
    }

    @Test func unknownMediaTypesAreNotAccepted() {
        #expect(BodyDecoder.mediaType(of: "text/plain") == nil)
        #expect(BodyDecoder.mediaType(of: "multipart/form-data; boundary=x") == nil)
        #expect(BodyDecoder.mediaType(of: nil) == nil)
    }
}
