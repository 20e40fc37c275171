import Foundation
import Testing

@testable import HandoverCore

/// The native trims must take off exactly what Foundation's character sets do, or a session id, key or contact id
/// would read differently than before.
@Suite("Trimming whitespace without Foundation")
struct WhitespaceTests {
    /// Every space, line and paragraph separator Unicode has lies below U+3001; U+FEFF and a letter check the rest.
    static let scalars = (0...0x3100).compactMap(Unicode.Scalar.init) + ["\u{FEFF}", "\u{1F600}", "é"]

    @Test func trimsWhatFoundationTrimsForEveryCandidateCharacter() {
        var disagreements: [String] = []
        for scalar in Self.scalars {
            let text = "\(scalar)\(scalar)a b\(scalar)"
            if text.trimmingWhitespace() != text.trimmingCharacters(in: .whitespaces) {
                disagreements.append("whitespaces U+\(String(scalar.value, radix: 16))")
            }
            if text.trimmingWhitespaceAndNewlines() != text.trimmingCharacters(in: .whitespacesAndNewlines) {
                disagreements.append("whitespacesAndNewlines U+\(String(scalar.value, radix: 16))")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20))")
    }

    @Test(arguments: ["", "   ", "\t\n", "x", " x ", "\u{00A0}id-1\u{3000}", "a\u{0301} ", " 👩‍👩‍👧 "])
    func edgesAgreeWithFoundation(_ text: String) {
        #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespaces))
        #expect(text.trimmingWhitespaceAndNewlines() == text.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(text[...].trimmingWhitespace() == text.trimmingCharacters(in: .whitespaces), "a Substring too")
    }
}
