import ArgumentParser
import HandoverCore

struct CodesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codes",
        abstract: "Print the diagnosis catalogue: every code, what it means, its evidence and the action to take.",
        discussion: HelpText.reflow(
            """
            Codes are stable identifiers: match on them in scripts and alerts. Rules apply in the order listed;
            the first that holds for a session is its diagnosis. HANDED_OVER and CALLER_HUNG_UP_IN_BOT are not failures.

            Examples:
              handover-trace codes
              handover-trace codes --format md > codes.md
            """)
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, md }

    @Option(help: "text or md (a Markdown table).")
    var format: Format = .text

    func run() {
        print(format == .md ? Self.markdown() : Self.text(), terminator: "")
    }

    static func text() -> String {
        DiagnosisCatalogue.all.enumerated().map { position, entry in
            """
            \(position + 1). \(entry.code.rawValue)\(entry.isFailure ? "" : " (not a failure)")
               Meaning:  \(entry.meaning)
               Final:    \(Self.finality(entry))
               Evidence: \(entry.evidence)
               Action:   \(entry.action)\n\n
            """
        }.joined()
    }

    /// When a diagnosis with this code can no longer change (HandoverCore's Settlement).
    static func finality(_ entry: DiagnosisCatalogue.Entry) -> String {
        switch entry.waitsFor {
        case nil: "at once"
        case .contactCentre?: "once the contact centre (CXone or Genesys) is read past the last event plus --settle"
        case .bot?: "once the bot's side is read past the last event plus --settle"
        }
    }

    static func markdown() -> String {
        "| # | Code | Failure | Final | Meaning | Evidence | Action |\n|---|---|---|---|---|---|---|\n"
            + DiagnosisCatalogue.all.enumerated().map { position, entry in
                """
                | \(position + 1) | `\(entry.code.rawValue)` | \(entry.isFailure ? "yes" : "no") | \(Self.finality(entry)) | \(entry.meaning) | \
                \(entry.evidence) | \
                \(entry.action) |\n
                """
            }.joined()
    }
}
