import ArgumentParser
import Foundation
import HandoverCore
import HandoverStore

extension ReportFormat: ExpressibleByArgument {}
extension DiagnosisCode: ExpressibleByArgument {}

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Diagnose every bot session: what the bot recorded, what the contact centre did, the code and the action.",
        discussion: HelpText.reflow(
            """
            Joins the recorded snapshots and handover attempts with the CXone contacts imported by import-cxone or
            fetch-cxone (by contact id, master contact id, or custom data naming the bot session) and the Genesys
            conversations of import-genesys or fetch-genesys (by the recorded conversation id or a participant
            attribute naming the session), or by caller and time, and applies the
            diagnosis rules (see `handover-trace codes`). Counts per code come first, then one line per session,
            oldest first. Output streams, so a large database does not need a large memory.

            Formats: text (default), json ({"generatedAt", "summary", "sessions": [{"sessionId", "contactIds",
            "diagnosis": {"code", "summary", "action", "evidence"}, "timeline"}]}), csv, md, html.

            Examples:
              handover-trace report --since 24h
              handover-trace report --failures-only --format md --out failures.md
              handover-trace report --code NOT_QUEUED --code ABANDONED_IN_QUEUE --format json
            """)
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var matching: MatchWindowOption
    @OptionGroup var settling: SettleOption
    @OptionGroup var window: WindowOptions

    @Option(name: .customLong("code"), help: ArgumentHelp("Only sessions with this diagnosis code; repeat for several.", valueName: "CODE"))
    var codes: [DiagnosisCode] = []

    @Flag(help: "Leave out sessions that are not failures (HANDED_OVER, CALLER_HUNG_UP_IN_BOT).")
    var failuresOnly = false

    @Option(help: "text, json, csv, md or html.")
    var format: ReportFormat = .text

    @Option(help: "Write to this file instead of standard output.")
    var out: String?

    func run() async throws {
        let filter = try window.filter()
        let output = try Self.open(out)
        let writer = ReportWriter(format: format, diagnoses: DiagnosisFilter(codes: Set(codes), failuresOnly: failuresOnly))
        let summary = try await store.with(callerMatchWindow: matching.window, settle: try settling.seconds) { database in
            try await writer.write(from: database, filter: filter) { try output.write(contentsOf: $0) }
        }
        if let out {
            try output.close()
            FileHandle.standardError.write(Data("wrote \(summary.total) sessions (\(summary.failures) failures) to \(out)\n".utf8))
        }
    }

    static func open(_ path: String?) throws -> FileHandle {
        guard let path else { return FileHandle.standardOutput }
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw CommandFailure("cannot write \(path): check the folder exists and is writable.")
        }
        return handle
    }
}
