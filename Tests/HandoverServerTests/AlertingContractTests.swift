import Foundation
import HTTPTypes
import HandoverCore
import HandoverStore
import HandoverTestSupport
import Hummingbird
import HummingbirdTesting
import Metrics
import Testing

@testable import HandoverServer

/// The Prometheus rules and the Grafana dashboard in Examples/ read only metrics the server exposes, the rules pass
/// promtool's own checks and unit tests, and the alerting figures come from the stored diagnoses.
@Suite("Alerting: rules, dashboard and the metrics they read")
struct AlertingContractTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Examples").standardized
    static let rules = examples.appendingPathComponent("prometheus/handover-trace.rules.yml")
    static let rulesTests = examples.appendingPathComponent("prometheus/handover-trace.rules.test.yml")
    static let dashboard = examples.appendingPathComponent("grafana/handover-trace.json")
    static let key = "alerting-test-key-0123456789"
    static let telemetry = Telemetry()

    /// A real /metrics answer after a snapshot, a refused post and a refresh of the stored diagnoses.
    static func scrape() async throws -> String {
        try await withTestApp({ $0.apiKeys = [key] }, telemetry: telemetry) { client, store, telemetry in
            let headers = HTTPFields(["X-API-Key": key, "Content-Type": "application/json"])
            let posted = try await client.execute(
                uri: "/v1/snapshots", method: .post, headers: headers, body: ByteBuffer(string: #"{"sessionId":"alert-1","contactId":"700000001"}"#))
            #expect(posted.status == .created)
            #expect(try await client.post("/v1/snapshots", json: #"{"sessionId":"x"}"#).status == .unauthorized)
            _ = try await store.importCognigy(CognigyBatch(sessions: [CognigySession(sessionId: "alert-2", rawJSON: "{}")]), importedAt: Date())
            _ = try await store.refreshDiagnoses()
            try await telemetry.alerting.update(from: store)
            return try await client.get("/metrics", headers: HTTPFields(["X-API-Key": key])).text
        }
    }

    /// Every sample name in a Prometheus text answer (histograms give their _bucket, _sum and _count).
    static func sampleNames(_ metrics: String) -> Set<String> {
        Set(
            metrics.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
                line.split(whereSeparator: { $0 == "{" || $0 == " " }).first.map(String.init)
            })
    }

    static func namesRead(by file: URL) throws -> Set<String> {
        let text = try String(contentsOf: file, encoding: .utf8)
        let pattern = try Regex(#"\b(handover_trace|hb|http_server)_[a-z0-9_]+"#)
        return Set(text.matches(of: pattern).map { String(text[$0.range]) })
    }

    @Test func rulesAndDashboardReadOnlyExposedMetrics() async throws {
        let exposed = Self.sampleNames(try await Self.scrape())
        for file in [Self.rules, Self.dashboard] {
            let read = try Self.namesRead(by: file)
            #expect(!read.isEmpty)
            #expect(
                read.subtracting(exposed).isEmpty, "\(file.lastPathComponent) reads metrics /metrics lacks: \(read.subtracting(exposed).sorted())")
        }
    }

    @Test func sessionsAreCountedByCodeFromTheStoredDiagnoses() async throws {
        let metrics = try await Self.scrape()
        // A seconds-old session with no CXone data read yet is pending, not failed.
        #expect(metrics.contains(#"handover_trace_sessions{code="NO_CXONE_RECORD",failure="true",window="15m"} 0.0"#))
        #expect(metrics.contains(#"handover_trace_sessions_pending{window="15m"} 1.0"#))
        #expect(metrics.contains(#"handover_trace_source_covered_until_timestamp_seconds{source="cxone"} 0.0"#))
        #expect(metrics.contains(#"handover_trace_sessions{code="HANDED_OVER",failure="false",window="1h"} 0.0"#), "every code is present")
        for name in ["handover_trace_last_record_timestamp_seconds", "handover_trace_last_cognigy_import_timestamp_seconds"] {
            let line = metrics.split(separator: "\n").first { $0.hasPrefix(name + " ") }
            let seconds = line.flatMap { Double($0.split(separator: " ")[1]) } ?? 0
            #expect(abs(seconds - Date().timeIntervalSince1970) < 120, "\(name): \(line ?? "missing")")
        }
        #expect(!metrics.contains("alert-1") && !metrics.contains("700000001"), "no session or contact id in a label")
    }

    @Test(.enabled(if: Promtool.path != nil, "needs promtool (Debian's prometheus package)"))
    func promtoolChecksAndUnitTestsTheRules() async throws {
        let check = try await Promtool.run(["check", "rules", Self.rules.path])
        #expect(check.status == 0, "\(check.output)")
        let unitTests = try await Promtool.run(["test", "rules", Self.rulesTests.path])
        #expect(unitTests.status == 0 && unitTests.output.contains("SUCCESS"), "\(unitTests.output)")
    }

    @Test(.enabled(if: Promtool.path != nil, "needs promtool (Debian's prometheus package)"))
    func promtoolFindsNothingInAnyFamily() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: file) }
        let metrics = try await Self.scrape()
        try Data(metrics.utf8).write(to: file)
        let lint = try await Promtool.run(["check", "metrics"], input: file)
        #expect(lint.status == 0 && lint.output.isEmpty, "\(lint.output)")
        for family in ["hb_requests_total", "http_server_request_duration_seconds", "handover_trace_ingest_duration_seconds"] {
            #expect(metrics.contains("# HELP \(family) "), "\(family) is described")
        }
    }
}

/// Debian's promtool, when installed.
enum Promtool {
    static let path = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func run(_ arguments: [String], input: URL? = nil) async throws -> ExternalProgram.Run {
        try await ExternalProgram.run(URL(fileURLWithPath: path!), arguments, input: input)
    }
}
