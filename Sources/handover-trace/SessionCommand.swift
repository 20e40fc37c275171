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

            A session with more than 1000 snapshots or handover attempts (a flow sending one fixed session id
            gathers every call under it) is diagnosed from its first 50 and newest 950 of each, and its evidence
            says so; --page N shows its whole timeline, 1000 snapshots and 1000 attempts a page.

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

    @Option(help: "Show page N (from 1) of the timeline's snapshots and attempts instead of what the diagnosis read.")
    var page: Int?

    func run() async throws {
        if let page, page < 1 { throw CommandFailure("--page counts from 1; got \(page).") }
        let found = try await store.with(callerMatchWindow: matching.window, settle: try settling.seconds) { database in
            let session = try await database.session(matching: id)
            var paged: CorrelatedSession?
            if let page, let session { paged = try await database.session(session.sessionId, page: page) }
            return (session: session, page: paged, settlement: try await database.settlement())
        }
        guard let session = found.session else {
            throw CommandFailure("no session or contact \(id) in \(store.location): check the id, or import CXone data and record the flow first.")
        }
        if let page, let read = found.page?.eventsRead, page > read.pages {
            let pages = read.pages == 1 ? "1 timeline page" : "\(read.pages) timeline pages"
            throw CommandFailure("session \(session.sessionId) has \(pages); --page 1 through \(read.pages).")
        }
        let report = SessionReport(session, settlement: found.settlement, timelinePage: found.page)
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        case .text:
            print(Self.text(report, read: (found.page ?? session).eventsRead))
        }
    }

    /// Which events the timeline holds, when not all of them.
    static func timelineHeading(_ read: EventsRead?) -> String {
        guard let read else { return "Timeline:" }
        let stored = "of \(read.storedSnapshots) snapshots and \(read.storedAttempts) attempts"
        guard let page = read.page else {
            return "Timeline (the first \(EventsRead.first) and newest \(EventsRead.newest) \(stored); --page 1 to \(read.pages) for all):"
        }
        return "Timeline (page \(page) of \(read.pages): up to \(EventsRead.pageSize) each \(stored)):"
    }

    static func text(_ report: SessionReport, read: EventsRead? = nil) -> String {
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
        lines += ["", timelineHeading(read)]
        lines += report.timeline.map { entry in
            "  \((entry.at.map(Timestamps.format) ?? "(no time)").rightPadded(25)) "
                + "\(entry.side.rawValue.rightPadded(7)) \(entry.summary)"
        }
        return VisibleText.escapingBidiControls(lines.joined(separator: "\n"))
    }
}
