import Foundation
import Testing

@testable import HandoverCore

/// Answers are written by `JSONValue`'s own writer, not Foundation's encoder: what it writes must read back the same
/// in Foundation's parser, and match Foundation's encoder byte for byte wherever both have one spelling.
@Suite("JSON writer: the project's own against Foundation's")
struct JSONWriterTests {
    static func foundationText(_ value: JSONValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Every ASCII character, alone and between letters, and characters beyond ASCII that writers often mishandle.
    static let strings: [String] =
        (0..<0x80).flatMap { code -> [String] in
            let character = String(UnicodeScalar(UInt8(code)))
            return [character, "a\(character)b"]
        } + ["é", "中文", "😀", "\u{2028}\u{2029}", "\u{FEFF}", "/path/to", "\"quoted\" \\ back", ""]

    @Test(arguments: strings)
    func aStringReadsBackTheSameInFoundationsParser(_ text: String) throws {
        let written = JSONValue.array([.string(text)]).jsonBytes
        // JSONDecoder, not JSONSerialization: the latter drops a U+FEFF that opens a string, even from its own encoder.
        #expect(try JSONDecoder().decode([String].self, from: Data(written)) == [text])
        // Foundation spells backspace and form feed \b and \f, this writer \u0008 and \u000c: the same JSON.
        if !text.contains("\u{08}"), !text.contains("\u{0C}") {
            #expect(String(decoding: written, as: UTF8.self) == (try Self.foundationText(.array([.string(text)]))))
        }
    }

    /// Foundation writes a whole double as an integer (`1`, `-0`), this writer keeps the fraction (`1.0`, `-0.0`), as a
    /// flow sent it: the same number to every parser.
    @Test func doublesReadBackTheSame() throws {
        let numbers = [100.0, 1.0, -0.0, 0.82, 1e21, 1e-7, 123_456_789.125, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
        let written = JSONValue.array(numbers.map(JSONValue.double)).jsonBytes
        #expect(try JSONDecoder().decode([Double].self, from: Data(written)) == numbers)
        #expect(String(decoding: written, as: UTF8.self).hasPrefix("[100.0,1.0,-0.0,0.82,1e+21,1e-07,"))
    }

    @Test func anAnswersShapeIsFoundationsByteForByte() throws {
        let issue = ValidationIssue(.emptyField, field: "payload.queueId")
        let answer = JSONValue.object([
            "id": .integer(9_007_199_254_740_993), "valid": .bool(false), "duplicate": .bool(true), "errors": .array([issue.json]),
            "payload": .object(["queueId": .string(""), "metadata": .object(["n": .integer(-4), "none": .null, "list": .array([])])]),
            "receivedAt": .string("2026-12-01T10:05:53.621Z"), "confidence": .double(0.82),
        ])
        #expect(answer.jsonText == (try Self.foundationText(answer)))
    }
}
