import Foundation
import HandoverTestSupport
import HummingbirdTesting
import Testing

@testable import HandoverServer

/// `scripts/conformance` against real servers on loopback: schemathesis with the served OpenAPI document, the
/// Standard Webhooks reference library with rotating secrets, promtool over /metrics. Skipped, saying why, where
/// the Python tools are not installed (`.ci/run` installs them).
@Suite("Conformance: tools nobody here wrote, against real servers")
struct ConformanceTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized
    static let venv = ProcessInfo.processInfo.environment["CONFORMANCE_VENV"] ?? root.appendingPathComponent(".build/conformance-venv").path
    static let available = FileManager.default.isExecutableFile(atPath: venv + "/bin/schemathesis")
    static let reason = "needs schemathesis and standardwebhooks in \(venv) (scripts/conformance makes it; .ci/run does)"

    /// Runs the script against the server the test started; returns its exit status and output.
    static func conformance(_ arguments: [String]) async throws -> ExternalProgram.Run {
        try await ExternalProgram.run(
            root.appendingPathComponent("scripts/conformance"), arguments, directory: root, environment: ["CONFORMANCE_VENV": venv])
    }

    static func casesRun(_ output: String) -> Int {
        let line = output.split(separator: "\n").first { $0.hasPrefix("schemathesis (") } ?? ""
        return Int(line.split(separator: ":").last?.split(separator: " ").first ?? "") ?? 0
    }

    @Test(.enabled(if: available, "\(reason)"))
    func aServerWithoutAKeyMeetsItsContract() async throws {
        try await withTestApp(setup: .live, telemetry: AlertingContractTests.telemetry) { client, _, _ in
            let run = try await Self.conformance(["--url", "http://127.0.0.1:\(client.port ?? 0)"])
            #expect(run.status == 0 && run.output.contains("conformance: passed"), "\(run.output)")
            #expect(Self.casesRun(run.output) >= 1_000, "\(run.output)")
        }
    }

    @Test(.enabled(if: available, "\(reason)"))
    func aServerWithAKeyAndRotatingSigningSecretsMeetsItsContract() async throws {
        let key = "conformance-test-key-0123456789"
        let secrets = [
            "whsec_" + Data("first-conformance-secret".utf8).base64EncodedString(), "whsec_" + Data("second-secret-0123".utf8).base64EncodedString(),
        ]
        let configure = { (configuration: inout ServerConfiguration) in
            configuration.apiKeys = [key]
            configuration.signingSecrets = secrets
            configuration.authFailureLimit = 100_000  // schemathesis tries many requests without the key on purpose
        }
        try await withTestApp(configure, setup: .live, telemetry: AlertingContractTests.telemetry) { client, _, _ in
            let run = try await Self.conformance(
                ["--url", "http://127.0.0.1:\(client.port ?? 0)", "--api-key", key] + secrets.flatMap { ["--signing-secret", $0] })
            #expect(run.status == 0 && run.output.contains("conformance: passed"), "\(run.output)")
            #expect(run.output.contains("webhooks: 7 cases, 0 failures"), "\(run.output)")
            #expect(Self.casesRun(run.output) >= 1_000, "\(run.output)")
        }
    }
}
