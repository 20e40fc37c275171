import Foundation
import HandoverCore
import ZIPFoundation

/// The zip an engineer attaches to a support case: the session for a person (summary.md), as the report shows it,
/// and every record as it arrived. Built for `handover-trace packet` and the console's download button.
public enum IncidentPacket {
    /// Reads what the packet needs for the session `id` names; nil when nothing matches.
    public static func files(for id: String, store: any TraceStore) async throws -> (sessionId: String, files: [(String, Data)])? {
        guard let session = try await store.session(matching: id) else { return nil }
        let snapshots = try await store.snapshots(sessionId: session.sessionId, limit: 10_000).map(SnapshotView.init)
        let attempts = try await store.handoverAttempts(sessionId: session.sessionId, limit: 10_000).map(HandoverAttemptView.init)
        let report = SessionReport(session, settlement: try await store.settlement())
        return (session.sessionId, try files(report, session: session, snapshots: snapshots, attempts: attempts))
    }

    static func files(
        _ report: SessionReport, session: CorrelatedSession, snapshots: [SnapshotView],
        attempts: [HandoverAttemptView]
    ) throws -> [(String, Data)] {
        let pretty = JSONEncoder()
        pretty.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let compact = JSONEncoder()
        compact.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func ndjson(_ items: [some Encodable]) throws -> Data {
            Data(try items.map { String(decoding: try compact.encode($0), as: UTF8.self) + "\n" }.joined().utf8)
        }
        func lines(_ items: [String]) -> Data { Data(items.map { $0 + "\n" }.joined().utf8) }
        return [
            ("summary.md", Data(SessionMarkdown.render(report, generatedAt: Date()).utf8)),
            ("session.json", try pretty.encode(report)),
            ("timeline.json", try pretty.encode(report.timeline)),
            ("snapshots.ndjson", try ndjson(snapshots)),
            ("handover-attempts.ndjson", try ndjson(attempts)),
            ("cxone-contacts.ndjson", lines(session.contacts.map(\.rawJSON))),
            ("cxone-states.ndjson", lines(session.states.map(\.rawJSON))),
        ] + (session.conversations.isEmpty ? [] : [("genesys-conversations.ndjson", lines(session.conversations.map(\.rawJSON)))])
    }

    /// The files as a deflated zip, in memory.
    public static func zip(_ files: [(String, Data)]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (name, data) in files {
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Data.Index(position)..<Data.Index(position) + size)
            }
        }
        guard let data = archive.data else { throw StoreUnavailable("the zip could not be assembled in memory") }
        return data
    }
}
