import Foundation
import HTTPTypes
import HandoverCore
import HandoverServer
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceLifecycle
import Testing

@testable import HandoverSQLite
@testable import HandoverStore

@Suite("Auth, errors, health and metrics")
struct OperationsTests {
    static let key = "k-0123456789abcdef"
    static let rotatedKey = "k-fedcba9876543210"

    @Test(arguments: [
        ("X-API-Key", key), ("Authorization", "Bearer \(key)"), ("Authorization", "ApiKey \(rotatedKey)"), ("authorization", "bearer \(key)"),
    ])
    func acceptedKeyForms(_ header: String, _ value: String) async throws {
        try await withTestApp({ $0.apiKeys = [Self.key, Self.rotatedKey] }) { client, _, _ in
            let response = try await client.post("/v1/snapshots", json: #"{"sessionId":"a"}"#, headers: [HTTPField.Name(header)!: value])
            #expect(response.status == .created)
        }
    }

    @Test(arguments: [nil, "wrong-key-000000000", "k-0123456789abcde", "k-0123456789abcdef0", "Basic \(key)"])
    func missingOrWrongKeysAre401AndStoreNothing(_ value: String?) async throws {
        try await withTestApp({ $0.apiKeys = [Self.key] }) { client, store, _ in
            let headers: HTTPFields = value.map { [.authorization: $0.hasPrefix("Basic") ? $0 : "Bearer \($0)"] } ?? [:]
            let response = try await client.post("/v1/snapshots", json: #"{"sessionId":"a"}"#, headers: headers)
            #expect(response.status == .unauthorized)
            #expect(response.errorCode == "UNAUTHORIZED")
            #expect(try await store.snapshots(sessionId: "a", limit: 1).isEmpty)
            #expect(try await client.get("/health").status == .unauthorized)
        }
    }

    @Test func publicMetricsOpensOnlyHealthAndMetrics() async throws {
        try await withTestApp({
            $0.apiKeys = [Self.key]; $0.publicMetrics = true
        }) { client, _, _ in
            let health = try await client.get("/health")
            let metrics = try await client.get("/metrics")
            let data = try await client.get("/v1/snapshots?sessionId=a")
            #expect(health.status == .ok)
            #expect(metrics.status == .ok)
            #expect(data.status == .unauthorized)
        }
    }

    @Test func unknownPathsAndMethodsAnswerJSON() async throws {
        try await withTestApp { client, _, _ in
            let missing = try await client.get("/v2/nothing")
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "NOT_FOUND")
            let wrongMethod = try await client.execute(uri: "/v1/validate", method: .get)
            #expect(wrongMethod.status == .methodNotAllowed)
            #expect(wrongMethod.errorCode == "METHOD_NOT_ALLOWED")
            #expect(wrongMethod.headers[.allow] == "POST")
        }
    }

    @Test func healthAndMetricsReportTheStore() async throws {
        try await withTestApp { client, _, _ in
            #expect(try await client.get("/health").json["status"] as? String == "ok")
            try await client.post("/v1/snapshots", json: #"{"sessionId":"m"}"#)
            let metrics = try await client.get("/metrics")
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(metrics.text.contains(#"handover_trace_ingest_duration_seconds_count{route="/v1/snapshots"} 1"#))
            #expect(metrics.text.contains("handover_trace_rows_stored_total 1"))
            #expect(metrics.text.contains("handover_trace_commit_batch_size_count 1"))
        }
    }

    @Test func storageFailureIs503WithRetryAfterNever2xx() async throws {
        let app = try buildApplication(ServerConfiguration(), store: UnavailableStore(), telemetry: Telemetry(), logger: Logger(label: "test"))
        try await app.test(.router) { client in
            let snapshot = try await client.post("/v1/snapshots", json: #"{"sessionId":"a"}"#)
            #expect(snapshot.status == .serviceUnavailable)
            #expect(snapshot.errorCode == "STORE_UNAVAILABLE")
            #expect(snapshot.headers[.retryAfter] == "2")
            let handover = try await client.post("/v1/handovers", json: HandoverEndpointTests.valid)
            #expect(handover.status == .serviceUnavailable)
            #expect(try await client.get("/health").status == .serviceUnavailable)
        }
    }

    @Test func liveServerOnLoopbackCommitsAndRefusesStreamedOversizeBodies() async throws {
        try await withTestApp({ $0.maxBodyBytes = 4_096 }, setup: .live) { client, store, _ in
            #expect(client.port != nil)
            let created = try await client.post("/v1/snapshots", json: #"{"sessionId":"live"}"#)
            #expect(created.status == .created)
            #expect(try await store.snapshots(sessionId: "live", limit: 1).count == 1)
            let big = try await client.post("/v1/snapshots", json: #"{"sessionId":"big","text":"\#(String(repeating: "y", count: 10_000))"}"#)
            #expect(big.status == .contentTooLarge)
            let after = try await client.post("/v1/snapshots", json: #"{"sessionId":"live"}"#)
            #expect(after.status == .created)
        }
    }
}

/// A store whose disk is gone: every call fails the way SQLite does when the disk is full or read-only.
struct UnavailableStore: TraceStore {
    func record(_ snapshot: Snapshot, _ envelope: IngestEnvelope) async throws -> InsertOutcome { throw StoreUnavailable("database or disk is full") }
    func record(_ attempt: HandoverAttempt, verdict: HandoverVerdict, _ envelope: IngestEnvelope) async throws -> InsertOutcome {
        throw StoreUnavailable("database or disk is full")
    }
    func snapshots(sessionId: String, limit: Int) async throws -> [SnapshotRecord] { throw StoreUnavailable("disk I/O error") }
    func handoverAttempts(sessionId: String, limit: Int) async throws -> [HandoverAttemptRecord] { throw StoreUnavailable("disk I/O error") }
    func checkHealth() async throws { throw StoreUnavailable("disk I/O error") }
    var backgroundServices: [any Service] { [] }
    func close() async throws {}
    func importCXone(_ batch: CXoneBatch, importedAt: Date) async throws -> ImportCounts { throw StoreUnavailable("database or disk is full") }
    func importCognigy(_ batch: CognigyBatch, importedAt: Date) async throws -> Int { throw StoreUnavailable("database or disk is full") }
    func importGenesys(_ batch: GenesysBatch, importedAt: Date) async throws -> Int { throw StoreUnavailable("database or disk is full") }
    func importCXone(_ document: BatchStream<CXoneDocumentStream>, importedAt: Date) async throws -> ImportCounts {
        throw StoreUnavailable("database or disk is full")
    }
    func importCognigy(_ document: BatchStream<CognigyDocumentStream>, importedAt: Date) async throws -> Int {
        throw StoreUnavailable("database or disk is full")
    }
    var settle: TimeInterval { Settlement.defaultSettle }
    func sourceStatuses() async throws -> [SourceStatus] { throw StoreUnavailable("disk I/O error") }
    func recordRead(_ source: HistorySource, coveredUntil: Date, records: Int, at: Date) async throws {
        throw StoreUnavailable("database or disk is full")
    }
    func recordFailure(_ source: HistorySource, error: String, at: Date) async throws { throw StoreUnavailable("database or disk is full") }
    func claimLease(_ name: String, holder: String, now: Date, until: Date) async throws -> Bool { throw StoreUnavailable("disk I/O error") }
    func sessionKeys(_ filter: SessionFilter) async throws -> [SessionKey] { throw StoreUnavailable("disk I/O error") }
    func sessions(_ ids: [String]) async throws -> [CorrelatedSession] { throw StoreUnavailable("disk I/O error") }
    func session(_ id: String, page: Int) async throws -> CorrelatedSession? { throw StoreUnavailable("disk I/O error") }
    func sessionId(matching id: String) async throws -> String? { throw StoreUnavailable("disk I/O error") }
    func crowdedSessions(over threshold: Int, limit: Int) async throws -> [SessionSize] { throw StoreUnavailable("disk I/O error") }
    func activity() async throws -> Activity { throw StoreUnavailable("disk I/O error") }
    func refreshDiagnoses() async throws -> Int { throw StoreUnavailable("disk I/O error") }
    func diagnosedSessionKeys(_ page: DiagnosedPage) async throws -> [SessionKey] { throw StoreUnavailable("disk I/O error") }
    func diagnosisOverview(since: Date, recent: Int) async throws -> DiagnosisOverview { throw StoreUnavailable("disk I/O error") }
}
