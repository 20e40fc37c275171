import ArgumentParser
import Foundation
import HandoverCore
import HandoverServer
import HandoverStore
import ZIPFoundation

struct PacketCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "packet",
        abstract: "Write an incident packet for one session: a zip to attach to a support case.",
        discussion: """
            The zip holds summary.md (diagnosis, evidence, action and timeline for a person), session.json and
            timeline.json, snapshots.ndjson and handover-attempts.ndjson (every request as it arrived, raw body
            included, with its verdict), and cxone-contacts.ndjson and cxone-states.ndjson (CXone's records as
            fetched). ID is a bot session id or any contact id.

            Example:
              handover-trace packet 700000014 --out incident-700000014.zip
            """
    )

    @OptionGroup var store: StoreOptions

    @Argument(help: "A bot session id or a contact id.")
    var id: String

    @Option(help: "The zip file to write.")
    var out: String

    func run() async throws {
        let files = try await withStore(try store.open()) { database -> [(String, Data)] in
            guard let session = try await database.session(matching: id) else {
                throw CommandFailure("no session or contact \(id) in \(store.path).")
            }
            let snapshots = try await database.snapshots(sessionId: session.sessionId, limit: 10_000).map(SnapshotView.init)
            let attempts = try await database.handoverAttempts(sessionId: session.sessionId, limit: 10_000).map(HandoverAttemptView.init)
            return try Self.files(SessionReport(session), session: session, snapshots: snapshots, attempts: attempts)
        }
        try Self.zip(files, to: out)
        print("wrote \(out): \(files.map(\.0).joined(separator: ", "))")
    }

    static func files(_ report: SessionReport, session: CorrelatedSession, snapshots: [SnapshotView],
                      attempts: [HandoverAttemptView]) throws -> [(String, Data)] {
        let pretty = JSONEncoder()
        pretty.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let compact = JSONEncoder()
        compact.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func ndjson(_ items: [some Encodable]) throws -> Data {
            Data(try items.map { String(decoding: try compact.encode($0), as: UTF8.self) + "\n" }.joined().utf8)
        }
        func rawLines(_ items: [String]) -> Data { Data(items.map { $0 + "\n" }.joined().utf8) }
        return [
            ("summary.md", Data(SessionMarkdown.render(report, generatedAt: Date()).utf8)),
            ("session.json", try pretty.encode(report)),
            ("timeline.json", try pretty.encode(report.timeline)),
            ("snapshots.ndjson", try ndjson(snapshots)),
            ("handover-attempts.ndjson", try ndjson(attempts)),
            ("cxone-contacts.ndjson", rawLines(session.contacts.map(\.rawJSON))),
            ("cxone-states.ndjson", rawLines(session.states.map(\.rawJSON))),
        ]
    }

    static func zip(_ files: [(String, Data)], to path: String) throws {
        let destination = URL(fileURLWithPath: path)
        try? FileManager.default.removeItem(at: destination)
        do {
            let archive = try Archive(url: destination, accessMode: .create)
            for (name, data) in files {
                try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                    data.subdata(in: Data.Index(position)..<Data.Index(position) + size)
                }
            }
        } catch {
            throw CommandFailure("cannot write \(path): \(error).")
        }
    }
}
