import ArgumentParser
import Foundation
import HandoverCore

struct SessionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "session",
        abstract: "Show one session: its diagnosis, evidence and action, and both sides' merged timeline.",
        discussion: HelpText.reflow(
            """
            ID is a bot session id (Cognigy's input.sessionId) or any contact id either side recorded (CXone's
            contact id, master contact id or spawned contact id). Exit status 1 when nothing matches.

            Examples:
              handover-trace session b7a4e1c2-5d1f-4c1e-9d8a-2f0c1e6b7a11
              handover-trace session 700000002 --format json
            """)
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var store: StoreOptions
    @OptionGroup var matching: MatchWindowOption
    @OptionGroup var settling: SettleOption

    @Argument(help: "A bot session id or a contact id.")
    var id: String

    @Option(help: "text or json (the same object as one entry of report --format json).")
    var format: Format = .text

    func run() async throws {
        let found = try await store.with(callerMatchWindow: matching.window, settle: try settling.seconds) { database in
            (try await database.session(matching: id), try await database.settlement())
        }
        guard let session = found.0 else {
            throw CommandFailure("no session or contact \(id) in \(store.location): check the id, or import CXone data and record the flow first.")
        }
        let report = SessionReport(session, settlement: found.1)
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        case .text:
            print(Self.text(report))
        }
    }

    static func text(_ report: SessionReport) -> String {
        var lines = [
            "Session \(report.sessionId)",
            "Contacts: CXone \(report.contactIds.isEmpty ? "none matched" : report.contactIds.joined(separator: ", "));"
                + " recorded by the bot \(report.botContactIds.isEmpty ? "none" : report.botContactIds.joined(separator: ", "))",
        ]
        if !report.conversationIds.isEmpty || !report.botConversationIds.isEmpty {
            let (joined, recorded) = (report.conversationIds.joined(separator: ", "), report.botConversationIds.joined(separator: ", "))
            lines.append(
                "Conversations: Genesys \(joined.isEmpty ? "none matched" : joined); recorded by the bot \(recorded.isEmpty ? "none" : recorded)")
        }
        lines += ["", "\(report.diagnosis.code.rawValue): \(report.diagnosis.shownSummary)", "Action: \(report.diagnosis.action)", "Evidence:"]
        lines += report.diagnosis.evidence.map { "  - \($0)" }
        lines += ["", "Timeline:"]
        lines += report.timeline.map { entry in
            "  \((entry.at.map(Timestamps.format) ?? "(no time)").rightPadded(25)) "
                + "\(entry.side.rawValue.rightPadded(7)) \(entry.summary)"
        }
        return VisibleText.escapingBidiControls(lines.joined(separator: "\n"))
    }
}
