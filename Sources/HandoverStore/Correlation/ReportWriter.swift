import Foundation
import HandoverCore

/// Streams a report out of a store: sessions are diagnosed a chunk at a time and rendered into a temporary file
/// (memory holds one chunk), then the head, which needs the counts, is sent first and the sessions after it.
public struct ReportWriter: Sendable {
    public let format: ReportFormat
    public let diagnoses: DiagnosisFilter

    public init(format: ReportFormat, diagnoses: DiagnosisFilter = DiagnosisFilter()) {
        self.format = format
        self.diagnoses = diagnoses
    }

    /// Sends the report to `output` in pieces of at most 1 MiB, and returns its counts.
    public func write(
        from store: some CorrelationStore, filter: SessionFilter, generatedAt: Date = Date(),
        to output: (Data) async throws -> Void
    ) async throws -> ReportSummary {
        let spool = FileManager.default.temporaryDirectory.appendingPathComponent("handover-trace-report-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: spool.path, contents: nil) else {
            throw StoreUnavailable("cannot create a temporary file in \(FileManager.default.temporaryDirectory.path)")
        }
        defer { try? FileManager.default.removeItem(at: spool) }
        let summary = try await render(from: store, filter: filter, into: spool)
        try await output(Data(format.head(generatedAt: generatedAt, summary: summary).utf8))
        let reader = try FileHandle(forReadingFrom: spool)
        defer { try? reader.close() }
        while let chunk = try reader.read(upToCount: 1 << 20), !chunk.isEmpty { try await output(chunk) }
        try await output(Data(format.tail(sessions: summary.total).utf8))
        return summary
    }

    private func render(from store: some CorrelationStore, filter: SessionFilter, into spool: URL) async throws -> ReportSummary {
        let sessions = try FileHandle(forWritingTo: spool)
        defer { try? sessions.close() }
        var summary = ReportSummary()
        var buffer = Data()
        let settlement = try await store.settlement()
        try await store.correlate(filter) { session in
            let diagnosis = Diagnoser.diagnose(session, settlement)
            guard diagnoses.keeps(diagnosis.code) else { return }
            let report = SessionReport(session, settlement: settlement, diagnosis: diagnosis)
            buffer.append(contentsOf: format.session(report, index: summary.total))
            summary.add(report.diagnosis)
            if buffer.count > 1 << 20 { try sessions.write(contentsOf: buffer); buffer.removeAll(keepingCapacity: true) }
        }
        try sessions.write(contentsOf: buffer)
        return summary
    }
}
