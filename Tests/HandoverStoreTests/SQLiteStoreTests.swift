import Foundation
import GRDB
import HandoverCore
import HandoverTestSupport
import MetricsTestKit
import Testing

@testable import HandoverSQLite
@testable import HandoverStore

@Suite("SQLite store: migrations, durability, idempotency, group commit")
struct SQLiteStoreTests {
    func envelope(_ body: String, key: String? = nil) -> IngestEnvelope {
        IngestEnvelope(contentType: "application/json", rawBody: Array(body.utf8), idempotencyKey: key)
    }

    func snapshot(_ sessionId: String, contactId: String? = nil) -> Snapshot {
        var snapshot = Snapshot(sessionId: sessionId)
        snapshot.contactId = contactId
        snapshot.label = "step"
        snapshot.context = .object(["data": .object(["contactId": .string(contactId ?? "")])])
        return snapshot
    }

    @Test func migrationsFromSchemaFolderAreAppliedInOrderAndRecorded() async throws {
        try await TemporaryDatabase.with { store, _ in
            let applied = try await store.appliedMigrations()
            #expect(applied == SchemaMigrationNames.expected)
            let tables = try await store.pool.read { db in
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'grdb%' ORDER BY name")
            }
            #expect(
                tables == [
                    "cognigy_message", "cognigy_session", "cxone_contact", "cxone_contact_state", "cxone_custom_data", "diagnosis_watermark",
                    "genesys_conversation", "handover_attempt", "idempotency_key", "lease", "notification_state", "search_term", "session_diagnosis",
                    "session_term",
                    "snapshot", "source_position",
                ])
        }
    }

    /// A database last migrated before 0007 gets the report columns filled from the stored contexts, through the
    /// rule ingest applies, when a newer server opens it.
    @Test func snapshotsStoredBeforeTheReportColumnsAreBackFilled() async throws {
        let database = try TemporaryDatabase()
        defer { database.remove() }
        let pool = try DatabasePool(path: database.path)
        try SQLiteStore.migrator().migrate(pool, upTo: "0006_session_diagnosis")
        try await pool.write { db in
            for (id, context) in [
                (1, #"{"CXoneHandover":{"success":false,"error":"Contact not found"}}"#), (2, #"{"handover":{"status":"done"}}"#),
                (3, #"{"data":{"contactId":"1"}}"#),
            ] {
                try db.execute(
                    sql: """
                        INSERT INTO snapshot (id, session_id, received_at_ms, context_json, content_type, raw_body) VALUES (?, 's', 1, ?, 'application/json', x'7b7d')
                        """, arguments: [id, context])
            }
        }
        try pool.close()
        let store = try SQLiteStore(path: database.path)
        try await store.running {
            let records = try await store.snapshots(sessionId: "s", limit: 10)
            #expect(records.map(\.handoverReport) == ["CXoneHandover", "handover", nil])
            #expect(records.map(\.handoverFailed) == [true, false, nil])
            #expect(records[0].handoverError == "Contact not found")
            let session = try #require(try await store.session(matching: "s"))
            #expect(session.snapshots.compactMap(\.reportedFailure) == ["CXoneHandover.success false: Contact not found"])
        }
    }

    /// A database last migrated before 0014 gets the transfer columns filled from the stored data, through
    /// `TransferEvent.read`: a REFER's refer_status wins over its sip_status, and data sent as a JSON string counts.
    @Test func snapshotsStoredBeforeTheTransferColumnsAreBackFilled() async throws {
        let database = try TemporaryDatabase()
        defer { database.remove() }
        let pool = try DatabasePool(path: database.path)
        try SQLiteStore.migrator().migrate(pool, upTo: "0013_source_positions")
        try await pool.write { db in
            for (id, data) in [
                (1, #"{"event":"TRANSFER_REFER_ERROR","payload":{"sip_status":"200","refer_status":"503","sip_reason":"Service Unavailable"}}"#),
                (2, #""{\"event\":\"USER_BUSY\",\"payload\":{\"sip_status\":486}}""#), (3, #"{"event":"SOMETHING_ELSE"}"#),
            ] {
                try db.execute(
                    sql: """
                        INSERT INTO snapshot (id, session_id, received_at_ms, data_json, content_type, raw_body) VALUES (?, 's', ?, ?, 'application/json', x'7b7d')
                        """, arguments: [id, id, data])
            }
        }
        try pool.close()
        let store = try SQLiteStore(path: database.path)
        try await store.running {
            let records = try await store.snapshots(sessionId: "s", limit: 10)
            #expect(records.map(\.transferEvent) == ["TRANSFER_REFER_ERROR", "USER_BUSY", nil])
            #expect(records.map(\.transferSipStatus) == [503, 486, nil])
            let session = try #require(try await store.session(matching: "s"))
            #expect(session.snapshots.compactMap(\.transfer?.summary) == ["TRANSFER_REFER_ERROR, SIP 503 Service Unavailable", "USER_BUSY, SIP 486"])
        }
    }

    /// A database last migrated before 0015 gets each attempt's outcome stage and error filled from its stored
    /// outcome, through `HandoverOutcome.detail`, and the session's timeline shows them.
    @Test func attemptsStoredBeforeTheOutcomeColumnsAreBackFilled() async throws {
        let database = try TemporaryDatabase()
        defer { database.remove() }
        let pool = try DatabasePool(path: database.path)
        try SQLiteStore.migrator().migrate(pool, upTo: "0014_snapshot_transfer_event")
        try await pool.write { db in
            for (id, outcome) in [
                (1, #"{"CXoneHandover":{"success":false,"stage":"signal","error":"Contact not found"}}"#),
                (2, #"{"handover":{"status":"error","error":{"message":"queue closed"}}}"#), (3, #"{"success":true}"#),
            ] {
                try db.execute(
                    sql: """
                        INSERT INTO handover_attempt (id, session_id, shape, valid, errors_json, warnings_json, payload_json, outcome,
                            outcome_json, received_at_ms, content_type, raw_body)
                        VALUES (?, 'a', 'handover', 1, '[]', '[]', '{}', 'failed', ?, ?, 'application/json', x'7b7d')
                        """, arguments: [id, outcome, id])
            }
        }
        try pool.close()
        let store = try SQLiteStore(path: database.path)
        try await store.running {
            let records = try await store.handoverAttempts(sessionId: "a", limit: 10)
            #expect(records.map(\.outcomeStage) == ["signal", nil, nil])
            #expect(records.map(\.outcomeError) == ["Contact not found", "queue closed", nil])
            let session = try #require(try await store.session(matching: "a"))
            #expect(session.attempts.map(\.outcomeDetail) == ["stage signal, Contact not found", "queue closed", nil])
        }
    }

    @Test func databaseIsInWALMode() async throws {
        try await TemporaryDatabase.with { store, _ in
            let mode = try await store.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
            #expect(mode == "wal")
        }
    }

    @Test func walIsCheckpointedOffTheWritePath() async throws {
        try await TemporaryDatabase.with { store, database in
            let autocheckpoint = try await store.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") }
            #expect(autocheckpoint == 0, "the writer must not checkpoint inside a commit")
            let fileSize = { (try? FileManager.default.attributesOfItem(atPath: database.path)[.size] as? Int) ?? 0 }
            let before = fileSize()
            for index in 0..<200 { _ = try await store.record(snapshot("s-\(index)"), envelope(String(repeating: "x", count: 2_000))) }
            // The background checkpointer copies the WAL into the file within a few of its 250 ms rounds.
            var waited = 0
            while fileSize() <= before, waited < 40 {
                try await Task.sleep(for: .milliseconds(100))
                waited += 1
            }
            #expect(fileSize() > before)
        }
    }

    @Test func committedRowsSurviveARestartVerbatim() async throws {
        let database = try TemporaryDatabase()
        defer { database.remove() }
        let body = #"{"sessionId":"s-1","label":"step","unknownField":{"kept":true}}"#
        let first = try SQLiteStore(path: database.path)
        let outcome = try await first.record(snapshot("s-1", contactId: "700000001"), envelope(body))
        try await first.close()

        let reopened = try SQLiteStore(path: database.path)
        let rows = try await reopened.snapshots(sessionId: "s-1", limit: 10)
        try await reopened.close()
        guard case .created(let id, _) = outcome else { Issue.record("expected a created record"); return }
        #expect(rows.map(\.id) == [id])
        #expect(rows.first?.contactId == "700000001")
        #expect(rows.first.map { String(decoding: $0.rawBody, as: UTF8.self) } == body)
    }

    /// The decision both backends take once a key is claimed; a stale key (its record gone) means store afresh.
    @Test func aClaimedKeyAnswersARetryRefusesAnotherBodyAndAStaleKeyStoresAfresh() {
        let claimed = IdempotencyKeys.ClaimedRecord(id: 7, body: Data("{}".utf8), receivedAtMs: 1_000)
        #expect(IdempotencyKeys.answer(Array("{}".utf8), claimed: claimed) == .duplicate(id: 7, receivedAt: Date(timeIntervalSince1970: 1)))
        #expect(IdempotencyKeys.answer(Array("{ }".utf8), claimed: claimed) == .conflict(id: 7))
        #expect(IdempotencyKeys.answer(Array("{}".utf8), claimed: nil) == nil)
    }

    @Test(arguments: TestBackend.available) func idempotencyKeyAnswersRetriesAndRefusesOtherBodies(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            let created = try await store.record(snapshot("s"), envelope(#"{"sessionId":"s"}"#, key: "k-1"))
            let retried = try await store.record(snapshot("s"), envelope(#"{"sessionId":"s"}"#, key: "k-1"))
            let conflicting = try await store.record(snapshot("s"), envelope(#"{"sessionId":"s","x":1}"#, key: "k-1"))
            guard case .created(let id, let receivedAt) = created else { Issue.record("expected created"); return }
            #expect(
                retried == .duplicate(id: id, receivedAt: Date(timeIntervalSince1970: (receivedAt.timeIntervalSince1970 * 1000).rounded() / 1000)))
            #expect(conflicting == .conflict(id: id))
            #expect(try await store.snapshots(sessionId: "s", limit: 10).count == 1)
        }
    }

    @Test(arguments: TestBackend.available) func idempotencyKeysAreScopedPerRoute(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            let attempt = HandoverAttempt(sessionId: "s", payload: ["externalContactId": .string("1")])
            let verdict = PayloadValidator.validate(attempt)
            let first = try await store.record(snapshot("s"), envelope("{}", key: "same"))
            let second = try await store.record(attempt, verdict: verdict, envelope("{}", key: "same"))
            guard case .created = first, case .created = second else { Issue.record("both should be created"); return }
        }
    }

    @Test(arguments: TestBackend.available) func handoverAttemptsAreStoredWithTheirVerdict(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            let attempt = HandoverAttempt(
                sessionId: "s", payload: ["externalContactId": .string("100000000000"), "queueId": .string(""), "transferType": .string("blind")],
                outcome: .object(["success": .bool(false), "stage": .string("validation")]))
            _ = try await store.record(attempt, verdict: PayloadValidator.validate(attempt), envelope("{}"))
            let rows = try await store.handoverAttempts(sessionId: "s", limit: 10)
            #expect(rows.count == 1)
            #expect(rows.first?.valid == false)
            #expect(rows.first?.outcome == "failed")
            #expect(rows.first?.errorsJson.contains("PLACEHOLDER_CONTACT_ID") == true)
            #expect(rows.first?.errorsJson.contains("EMPTY_FIELD") == true)
        }
    }

    @Test(arguments: TestBackend.available) func concurrentWritesShareCommits(_ backend: TestBackend) async throws {
        let metrics = TestMetrics()
        let count = 400
        try await backend.withStore(metrics: StoreMetrics(factory: metrics)) { store in
            let ids = try await withThrowingTaskGroup(of: Int64.self) { group in
                for index in 0..<count {
                    group.addTask {
                        let outcome = try await store.record(snapshot("s-\(index % 7)"), envelope(#"{"n":\#(index)}"#))
                        guard case .created(let id, _) = outcome else { throw StoreUnavailable("not created") }
                        return id
                    }
                }
                return try await group.reduce(into: Set<Int64>()) { $0.insert($1) }
            }
            #expect(ids.count == count)
            #expect(try await storedValue(store, "SELECT count(*) FROM snapshot") == "\(count)")
        }
        let batches = try metrics.expectRecorder("handover_trace_commit_batch_size").values
        #expect(batches.reduce(0, +) == Double(count))
        #expect(batches.count < count, "\(batches.count) commits for \(count) writes: writes were not grouped")
        #expect(metrics.counterTotal(label: "handover_trace_rows_stored_total") == Int64(count))
    }

    @Test func aFailingWriteInABatchFailsAloneAndLeavesNothing() async throws {
        struct Refused: Error {}
        let metrics = TestMetrics()
        let database = try DatabaseQueue()
        try await database.write { db in try db.execute(sql: "CREATE TABLE t (n INTEGER NOT NULL)") }
        let writer = GroupCommitWriter(writer: database, metrics: StoreMetrics(factory: metrics))
        let created = InsertOutcome.created(id: 0, receivedAt: Date())
        // The first write holds the writer until the other five have queued behind it, so those five commit as one batch.
        let (started, signalStarted) = AsyncStream<Void>.makeStream()
        let release = DispatchSemaphore(value: 0)
        async let first = writer.submit { _ in
            signalStarted.yield()
            release.wait()
            return created
        }
        for await _ in started { break }
        let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
            for n in 1...5 {
                group.addTask {
                    let result = try? await writer.submit { db in
                        try db.execute(sql: "INSERT INTO t (n) VALUES (?)", arguments: [n])
                        if n == 3 { throw Refused() }
                        return created
                    }
                    return (n, result != nil)
                }
            }
            let queued = ContinuousClock.now + .seconds(10)
            while writer.waiting < 5, ContinuousClock.now < queued { try? await Task.sleep(for: .milliseconds(1)) }
            release.signal()
            return await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
        }
        _ = try await first
        #expect(outcomes == [1: true, 2: true, 3: false, 4: true, 5: true])
        #expect(try await database.read { db in try Int.fetchAll(db, sql: "SELECT n FROM t ORDER BY n") } == [1, 2, 4, 5])
        #expect(try metrics.expectRecorder("handover_trace_commit_batch_size").values == [1, 5])
    }

    @Test func unopenableDatabaseIsAClearError() {
        let error = #expect(throws: StoreUnavailable.self) { try SQLiteStore(path: "/proc/no-such-dir/x.sqlite") }
        #expect(error?.description.contains("/proc/no-such-dir/x.sqlite") == true)
    }
}

enum SchemaMigrationNames {
    /// The files in Schema/sqlite and Schema/postgres, listed here so that a renamed or reordered migration is noticed.
    static let expected = [
        "0001_snapshots", "0002_handover_attempts", "0003_idempotency_keys", "0004_cxone_contacts",
        "0005_handover_occurred_at", "0006_session_diagnosis", "0007_snapshot_handover_report", "0008_cognigy_history",
        "0009_notifications", "0010_session_pages", "0011_search_index", "0012_snapshot_caller_key", "0013_source_positions",
        "0014_snapshot_transfer_event", "0015_attempt_outcome_detail", "0016_genesys_conversations",
    ]
}
