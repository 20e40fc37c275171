/// Bidirectional-control characters reorder the text around them on screen, so an id holding U+202E can pass for
/// another. Wherever a person reads ids, labels and texts (the console, the text and Markdown reports, `session`),
/// each is written out as `<U+202E>` instead of being obeyed.
public enum VisibleText {
    /// U+202A-U+202E (embeddings, overrides) and U+2066-U+2069 (isolates).
    public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    /// `text` with each such character replaced by `written(name)`, where name is `U+202E`; by default `<U+202E>`.
    public static func escapingBidiControls(_ text: String, written: (String) -> String = { "<\($0)>" }) -> String {
        guard text.unicodeScalars.contains(where: isBidiControl) else { return text }
        var escaped = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isBidiControl(scalar) {
                escaped.append(contentsOf: written("U+" + String(scalar.value, radix: 16, uppercase: true)).unicodeScalars)
            } else {
                escaped.append(scalar)
            }
        }
        return String(escaped)
    }
}
