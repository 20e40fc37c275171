/// Help written as paragraphs in the source, wrapped by the terminal: lines of a paragraph are joined, while
/// indented lines (examples) and "Examples:" headings keep their own line.
enum HelpText {
    static func reflow(_ text: String) -> String {
        text.components(separatedBy: "\n\n").map { paragraph in
            var lines: [String] = []
            for line in paragraph.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
                let keepsItsLine =
                    line.hasPrefix("  ") || line.hasSuffix(":") || lines.last?.hasSuffix(":") == true
                    || lines.last?.hasPrefix("  ") == true
                if keepsItsLine || lines.isEmpty { lines.append(line) } else { lines[lines.count - 1] += " " + line }
            }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n\n")
    }
}
