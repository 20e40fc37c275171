import Foundation
import Testing

@testable import HandoverCore

@Suite("JSON parser and serialiser")
struct JSONParserTests {
    func parse(_ text: String) throws -> JSONValue {
        try BodyDecoder().decodeJSON(Array(text.utf8))
    }

    func failure(_ text: String) -> String? {
        #expect(throws: InputError.self) { try parse(text) }?.message
    }

    @Test func scalarsAndNesting() throws {
        let value = try parse(#" {"a": [1, -2, 3.5e2, true, false, null, "x"], "b": {"c": {}} , "d": []} "#)
        #expect(
            value
                == .object([
                    "a": .array([.integer(1), .integer(-2), .double(350), .bool(true), .bool(false), .null, .string("x")]),
                    "b": .object(["c": .object([:])]), "d": .array([]),
                ]))
    }

    @Test func escapesAndSurrogatePairs() throws {
        let value = try parse(#"{"s": "a\"b\\c\/d\n\t\r\b\f\u00e9\ud83d\ude00 end"}"#)
        #expect(value["s"] == .string("a\"b\\c/d\n\t\r\u{8}\u{C}é😀 end"))
    }

    @Test func rawUTF8IsKept() throws {
        #expect(try parse(#"{"s": "Grüße, 你好"}"#)["s"] == .string("Grüße, 你好"))
    }

    @Test func integersBeyondInt64BecomeDoubles() throws {
        #expect(try parse("[9223372036854775807]") == .array([.integer(.max)]))
        #expect(try parse("[9223372036854775808]") == .array([.double(9_223_372_036_854_775_808)]))
    }

    @Test(arguments: [
        (#"{"a": 1,}"#, "line 1, column 9"), ("{\n  \"a\": x\n}", "line 2, column 8"), (#"{"a" 1}"#, "expected ':'"),
        (#"{"a": 01}"#, "may not start with 0"), (#"{"a": 1.}"#, "after '.'"), (#"{"a": 1e}"#, "exponent"),
        (#"{"a": "x"} extra"#, "after the end"), (#"{"a": "unterminated}"#, "never closed"), (#"{"a": tru}"#, "unexpected character"),
        (#"{"a": "\x"}"#, "unknown escape"), (#"{"a": "\ud83d"}"#, "surrogate"), (#"{"a": "\u12"}"#, "four hex digits"),
        (#"{"a": 1, "a": 2}"#, "appears twice"), (#"{"a": 1e999}"#, "too large"), (#"{"a": NaN}"#, "unexpected character"),
        ("{\"a\": \"tab\there\"}", "control character"), ("{\"a\": \"nul\u{0}\"}", "control character"), (#"{"a": "\u+123"}"#, "four hex digits"),
    ])
    func errorsSayWhatAndWhere(_ text: String, _ expected: String) {
        let message = failure(text)
        #expect(message?.contains(expected) == true, "\(message ?? "no error")")
        #expect(message?.hasPrefix("Invalid JSON at line") == true)
    }

    @Test func invalidUTF8IsRefused() {
        let bytes: [UInt8] = Array(#"{"a": ""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        let error = #expect(throws: InputError.self) { try BodyDecoder().decodeJSON(bytes) }
        #expect(error?.message.contains("not valid UTF-8") == true)
    }

    @Test func nestingLimitIsExact() throws {
        var decoder = BodyDecoder()
        decoder.maxDepth = 3
        #expect(throws: Never.self) { try decoder.decodeJSON(Array("[[[1]]]".utf8)) }
        #expect(throws: InputError.self) { try decoder.decodeJSON(Array("[[[[1]]]]".utf8)) }
    }

    @Test func serialisedTextParsesBackToTheSameValue() throws {
        let original = try parse(#"{"z": [1, 2.5, "q\"uote\n\u0001", null], "a": {"é": true}}"#)
        #expect(original.jsonText == #"{"a":{"é":true},"z":[1,2.5,"q\"uote\n\u0001",null]}"#)
        #expect(try parse(original.jsonText) == original)
    }
}

@Suite("Timestamps")
struct TimestampTests {
    @Test(arguments: ["2026-11-24T10:15:00.120Z", "2026-11-24T10:15:00.999Z", "2026-11-24T10:15:00.000Z", "2026-11-24T10:15:00.001Z"])
    func millisecondsSurviveAStoreRoundTrip(_ text: String) throws {
        let date = try #require(Timestamps.parseISO8601(text))
        #expect(Timestamps.format(Timestamps.date(milliseconds: Timestamps.milliseconds(date))) == text)
    }
}

@Suite("Timestamp formatting")
struct TimestampFormatTests {
    @Test(arguments: [0.0, 1_764_000_000.5, 1_764_000_000.1199, -1.5, 4_102_444_800.25, 951_782_400])
    func handWrittenFormatMatchesFoundation(_ seconds: Double) {
        let rounded = Date(timeIntervalSince1970: (seconds * 1000).rounded() / 1000 + 0.000_000_5)
        #expect(
            Timestamps.format(Date(timeIntervalSince1970: seconds)) == rounded.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
    }
}
