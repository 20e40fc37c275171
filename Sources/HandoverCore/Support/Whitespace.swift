/// Trimming without Foundation's `trimmingCharacters(in:)`, which bridges through NSString and was the largest
/// single cost of reading a webhook body. The same characters as Foundation's sets: `.whitespaces` is the tab and
/// Unicode's space separators (Zs) and, on Linux, the zero-width space; `.whitespacesAndNewlines` adds line feed
/// to carriage return, next line and the line and paragraph separators. WhitespaceTests compares both with
/// Foundation on every such character.
extension StringProtocol {
    /// As `trimmingCharacters(in: .whitespaces)`.
    public func trimmingWhitespace() -> String { trimming(Whitespace.isSpace) }

    /// As `trimmingCharacters(in: .whitespacesAndNewlines)`.
    public func trimmingWhitespaceAndNewlines() -> String { trimming(Whitespace.isSpaceOrNewline) }

    private func trimming(_ isTrimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }) else { return "" }
        guard let last = scalars.lastIndex(where: { !isTrimmed($0) }) else { return "" }
        if first == startIndex && scalars.index(after: last) == endIndex { return String(self) }
        return String(self[first...last])
    }
}

enum Whitespace {
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || scalar == "\t" }
        return scalar.properties.generalCategory == .spaceSeparator || scalar.value == 0x200B
    }

    static func isSpaceOrNewline(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || scalar == "\t" || (0x0A...0x0D).contains(scalar.value) }
        switch scalar.properties.generalCategory {
        case .spaceSeparator, .lineSeparator, .paragraphSeparator: return true
        default: return scalar.value == 0x85 || scalar.value == 0x200B
        }
    }
}
