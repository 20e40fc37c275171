import Foundation
import HandoverCore
import HandoverServer
import HandoverStore
import HandoverTestSupport
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import handover_trace

/// `doctor` against a real server on loopback and its database: the webhook's checks pass or fail for the right
/// reason, the test records are erased, and unset or broken CXone and Cognigy settings say what to fix.
@Suite("doctor: one line per check, failures that say what to fix")
struct DoctorTests {
    static let key = "doctor-test-key-0123456789"

    /// A server requiring `key` on a loopback port, with the doctor's own store opened on the same file.
    func withServer(_ body: @escaping @Sendable (String, any ManagedStore, StoreLocation) async throws -> Void) async throws {
        var configuration = ServerConfiguration()
        configuration.apiKeys = [Self.key]
        try await TemporaryDatabase.with { store, database in
            let app = try buildApplication(configuration, store: store, telemetry: Telemetry(), logger: Logger(label: "doctor-test"))
            try await app.test(.live) { client in
                let location = StoreLocation(database.path)
                let own = try await location.open()
                try await own.running { try await body("http://127.0.0.1:\(client.port ?? 0)", own, location) }
            }
        }
    }

    @Test func aServerThatRequiresItsKeyPassesAndTheTestSnapshotsAreErased() async throws {
        try await withServer { server, store, location in
            let (checks, sessions) = await WebhookChecks(server: server, apiKey: Self.key, signingSecret: nil).run()
            #expect(checks.map(\.outcome) == [.ok, .ok, .ok], "\(checks.map(\.line))")
            #expect(checks.last?.detail == "refused (401), as it should be")
            #expect(sessions.count == 1 && sessions[0].hasPrefix("handover-trace-doctor-"))
            let erased = await StoreChecks.erase(sessions, from: store, location: location)
            #expect(erased.outcome == .ok)
            let left = try await store.sessionId(matching: sessions[0])
            #expect(left == nil, "nothing of the test is left")
            let storeChecks = await StoreChecks.run(store, location: location)
            #expect(storeChecks.filter { $0.area == "store" }.allSatisfy { $0.outcome == .ok })
            #expect(
                storeChecks.map(\.name) == [
                    "health", "free disk", "freshness", "session sizes", "schedule", "cxone lag", "cognigy lag", "genesys lag",
                ])
            #expect(storeChecks.filter { $0.area == "history" }.allSatisfy { $0.outcome == .skipped }, "nothing fetched, nothing scheduled")
        }
    }

    @Test func aWrongKeyIsNamedAndNothingIsPosted() async throws {
        try await withServer { server, _, _ in
            let (checks, sessions) = await WebhookChecks(server: server, apiKey: "not-the-key-0123456789", signingSecret: nil).run()
            #expect(checks.map(\.outcome) == [.failed] && checks.first?.detail.contains("answered 401") == true)
            #expect(checks.first?.fix?.contains("--api-key") == true && sessions.isEmpty)
        }
    }

    @Test func aSignedTestSnapshotIsAcceptedByAServerThatChecksSignatures() async throws {
        let secret = "whsec_" + Data("doctor-signing-secret-0123".utf8).base64EncodedString()
        var configuration = ServerConfiguration()
        configuration.signingSecrets = [secret]
        try await TemporaryDatabase.with { store, _ in
            let app = try buildApplication(configuration, store: store, telemetry: Telemetry(), logger: Logger(label: "doctor-test"))
            try await app.test(.live) { client in
                let server = "http://127.0.0.1:\(client.port ?? 0)"
                let (checks, _) = await WebhookChecks(server: server, apiKey: nil, signingSecret: secret).run()
                #expect(checks.map(\.outcome) == [.skipped, .ok, .ok], "\(checks.map(\.line))")
                #expect(checks.last?.detail == "refused (401), as it should be", "unsigned is refused")
            }
        }
    }

    @Test func aServerThatIsNotRunningIsNamed() async throws {
        let (checks, _) = await WebhookChecks(server: "http://127.0.0.1:1", apiKey: nil, signingSecret: nil, connectTimeout: .milliseconds(300)).run()
        #expect(checks.count == 1 && checks[0].outcome == .failed)
        #expect(checks[0].detail.hasPrefix("cannot reach http://127.0.0.1:1/health") && checks[0].fix?.contains("--server URL") == true)
    }

    /// A session past the threshold is named with its count and what to fix; at the threshold it passes.
    @Test(arguments: TestBackend.available)
    func aSessionHoldingTooManySnapshotsIsNamed(backend: TestBackend) async throws {
        try await backend.withStore { store in
            for (sessionId, count) in [("fixed-id", 6), ("call-1", 2), ("call-2", 1)] {
                for step in 0..<count {
                    var snapshot = Snapshot(sessionId: sessionId)
                    snapshot.label = "step \(step)"
                    _ = try await store.record(
                        snapshot, IngestEnvelope(receivedAt: Date(), contentType: "application/json", rawBody: Array("{\"step\":\(step)}".utf8)))
                }
            }
            #expect(
                try await store.crowdedSessions(over: 1, limit: 3) == [
                    .init(sessionId: "fixed-id", snapshots: 6), .init(sessionId: "call-1", snapshots: 2),
                ])
            let crowded = await StoreChecks.crowdedSessions(store, over: 5)
            #expect(crowded.outcome == .failed)
            #expect(crowded.detail.contains("fixed-id (6)") && crowded.fix?.contains("erase --session fixed-id") == true, "\(crowded.line)")
            let fine = await StoreChecks.crowdedSessions(store, over: 6)
            #expect(fine.outcome == .ok && fine.detail == "no session holds more than 6 snapshots")
        }
    }

    @Test func aTestSnapshotMissingFromTheGivenDatabaseIsReported() async throws {
        try await TemporaryDatabase.with { store, database in
            let check = await StoreChecks.erase(["handover-trace-doctor-x"], from: store, location: StoreLocation(database.path))
            #expect(check.outcome == .failed && check.detail.contains("the server writes elsewhere"))
        }
    }

    @Test func unsetIntegrationsAreSkippedAndBrokenOnesSayWhatToFix() async throws {
        #expect(await ExternalChecks.cxone(environment: [:]).map(\.outcome) == [.skipped])
        let partial = await ExternalChecks.cxone(environment: ["CXONE_CLIENT_ID": "x"])
        #expect(partial.map(\.outcome) == [.failed] && partial[0].detail.contains("CXONE_CLIENT_SECRET"))
        #expect(await ExternalChecks.cognigy(environment: [:], version: "v2.3").map(\.outcome) == [.skipped])
        let environment = ["COGNIGY_ODATA_URL": "http://127.0.0.1:1", "COGNIGY_API_KEY": "doctor-secret-key"]
        let unreachable = await ExternalChecks.cognigy(environment: environment, version: "v2.3")
        #expect(unreachable.map(\.outcome) == [.failed] && !unreachable[0].detail.contains("doctor-secret-key"))
    }

    /// `doctor --json`: an object per check with its status spelled out, and the fix apart (null when there is none).
    @Test func checksAsJSONKeepTheFixApart() async throws {
        let failed = await DoctorCheck.run("webhook", "health") { throw DoctorFailure("answered 500", fix: "restart serve") }
        let passed = await DoctorCheck.run("store", "health") { "answers" }
        #expect(failed.line == "FAIL webhook health: answered 500; restart serve")
        let data = try JSONEncoder().encode([failed, passed, .skipped("cxone", "credentials", "CXONE_CLIENT_ID is not set")])
        let objects = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(objects.map { $0["status"] as? String } == ["failed", "ok", "skipped"])
        #expect(objects[0]["detail"] as? String == "answered 500" && objects[0]["fix"] as? String == "restart serve")
        #expect(objects[1]["fix"] is NSNull && objects.allSatisfy { Set($0.keys) == ["area", "name", "status", "detail", "fix"] })
        let command = try #require(try HandoverTrace.parseAsRoot(["doctor", "--json"]) as? DoctorCommand)
        #expect(command.json)
    }

    /// Against a fake Genesys Cloud: the token, the details query and the jobs API answer; a wrong secret fails the
    /// first check naming the variable, never the secret, and the others are not tried.
    @Test func genesysChecksAskEachAPIAndAWrongSecretSaysWhichVariable() async throws {
        #expect(await GenesysChecks.run(environment: [:]).map(\.outcome) == [.skipped])
        let fake = FakeGenesys(conversations: [], dataAvailabilityDate: Date(timeIntervalSince1970: 1_796_000_000))
        let (good, bad) = try await fake.serve { base in
            let environment = [
                "GENESYS_CLIENT_ID": "genesys-client", "GENESYS_CLIENT_SECRET": "genesys-secret-do-not-print", "GENESYS_LOGIN_URL": base,
                "GENESYS_API_URL": base,
            ]
            var wrong = environment
            wrong["GENESYS_CLIENT_SECRET"] = "not-the-secret-4321"
            return (await GenesysChecks.run(environment: environment), await GenesysChecks.run(environment: wrong))
        }
        #expect(good.map(\.name) == ["token", "conversation details", "conversation attributes", "jobs"], "\(good.map(\.line))")
        #expect(good.map(\.outcome) == [.ok, .ok, .skipped, .ok], "no conversation in the fake's last day: \(good.map(\.line))")
        #expect(good[3].detail.contains("2026-11-30T00:53:20"), "the data lake's date: \(good[3].detail)")
        #expect(bad.map(\.outcome) == [.failed] && bad[0].detail.contains("GENESYS_CLIENT_SECRET") && !bad[0].detail.contains("not-the-secret-4321"))
    }
}
