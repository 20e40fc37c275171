import Foundation
import GRDB
import HandoverCore
import HandoverSchema
import HandoverTestSupport
import Testing

@testable import HandoverPostgres
@testable import HandoverSQLite
@testable import HandoverStore

@Suite(
    "PostgreSQL store: schema parity, replicas, partitions, identical reports, migrate-db",
    .enabled(if: TestPostgres.isAvailable, Comment(rawValue: TestPostgres.unavailableReason)))
struct PostgresStoreTests {
    func envelope(_ body: String, key: String? = nil, at: Date = Date()) -> IngestEnvelope {
        IngestEnvelope(receivedAt: at, contentType: "application/json", rawBody: Array(body.utf8), idempotencyKey: key)
    }

    /// From an empty database: every other store test starts from a copy of one migrated already.
    @Test func migrationsApplyOnceAndRecordsRoundTrip() async throws {
        try await TestPostgres.withDatabase { url in
            let store = try await PostgresStore(url: url)
            try await store.running {
                #expect(try await store.appliedMigrations() == SchemaMigrationNames.expected)
                var snapshot = Snapshot(sessionId: "pg-1")
                snapshot.contactId = "700"
                snapshot.text = "nul \u{0} inside"
                let outcome = try await store.record(snapshot, envelope("{\"sessionId\":\"pg-1\"}"))
                guard case .created(let id, _) = outcome else { Issue.record("expected created, got \(outcome)"); return }
                let stored = try await store.snapshots(sessionId: "pg-1", limit: 10)
                #expect(stored.map(\.id) == [id])
                #expect(stored.first?.contactId == "700")
                #expect(stored.first?.text == "nul \u{FFFD} inside", "PostgreSQL text cannot hold NUL")
                #expect(stored.first?.rawBody == Data("{\"sessionId\":\"pg-1\"}".utf8))
                let second = try await PostgresStore(url: url)
                let applied = try await second.running { try await second.appliedMigrations() }
                #expect(applied == SchemaMigrationNames.expected, "a second process finds nothing to do")
            }
        }
    }

    /// Rows stored before migrations 0007, 0012, 0014 and 0015 (here: written without their columns) are filled in by the
    /// back-fills the migrations run, through the rules ingest applies.
    @Test func snapshotsStoredBeforeTheDecidedColumnsAreBackFilled() async throws {
        try await TestPostgres.withStore { store, _ in
            let rows = [
                (1, #"{"handover":{"status":"error","error":{"message":"queue closed"}}}"#, "+44 20 7946 0958", #"{"x":1}"#),
                (2, #"{"x":1}"#, "web-user", #"{"event":"TRANSFER_REFER_ERROR","payload":{"sip_status":"200","refer_status":"503"}}"#),
            ]
            for (id, context, user, data) in rows {
                try await store.execute(
                    """
                    INSERT INTO snapshot (id, session_id, received_at_ms, context_json, user_id, data_json, content_type, raw_body)
                    VALUES ($1, 'pg-old', $2, $3, $4, $5, 'application/json', '\\x7b7d')
                    """, [Int64(id), Timestamps.milliseconds(Date()), context, user, data])
            }
            try await store.execute(
                """
                INSERT INTO handover_attempt (id, session_id, shape, valid, errors_json, warnings_json, payload_json, outcome_json,
                    received_at_ms, content_type, raw_body)
                VALUES (1, 'pg-old', 'handover', 1, '[]', '[]', '{}', $1, $2, 'application/json', '\\x7b7d')
                """, [#"{"CXoneHandover":{"success":false,"stage":"signal","error":"Contact not found"}}"#, Timestamps.milliseconds(Date())])
            try await store.client.withConnection { connection in
                let migrator = PostgresMigrator(database: store.client, logger: store.logger)
                for backfill in ColumnBackfill.all { try await migrator.backfill(backfill, connection) }
            }
            let records = try await store.snapshots(sessionId: "pg-old", limit: 10)
            #expect(records.map(\.handoverReport) == ["handover", nil])
            #expect(records.first?.handoverFailed == true && records.first?.handoverError == "queue closed")
            #expect(records.map(\.callerKey) == ["079460958", nil], "a number has a caller key, a web user id none")
            #expect(records.map(\.transferEvent) == [nil, "TRANSFER_REFER_ERROR"] && records.map(\.transferSipStatus) == [nil, 503])
            let session = try #require(try await store.session(matching: "pg-old"))
            #expect(session.snapshots.compactMap(\.reportedFailure) == ["handover.status error: queue closed"])
            #expect(session.attempts.map(\.outcomeDetail) == ["stage signal, Contact not found"], "0015: the attempt's outcome detail")
        }
    }

    @Test func bothSchemaFoldersDefineTheSameTablesAndColumns() async throws {
        let sqlite = try await TemporaryDatabase.with { store, _ in
            try await store.pool.read { db in
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'grdb%'").reduce(
                    into: [String: [String]]()
                ) {
                    $0[$1] = try db.columns(in: $1).map { "\($0.name)\($0.isNotNull || $0.primaryKeyIndex > 0 ? " NOT NULL" : "")" }.sorted()
                }
            }
        }
        let postgres = try await TestPostgres.withStore { store, _ in
            try await store.rows(
                """
                SELECT c.table_name, c.column_name, c.is_nullable FROM information_schema.columns c
                JOIN pg_class t ON t.relname = c.table_name AND NOT t.relispartition
                WHERE c.table_schema = current_schema() AND c.table_name <> 'schema_migration'
                """
            ).reduce(into: [String: [String]]()) { tables, row in
                let (table, column, nullable) = try row.decode((String, String, String).self)
                tables[table, default: []].append(column + (nullable == "NO" ? " NOT NULL" : ""))
            }.mapValues { $0.sorted() }
        }
        #expect(sqlite.count == 16)
        #expect(postgres == sqlite)
    }

    /// Exactly-once under a race, not speed: the commit deadline is generous, since a loaded CI machine running the
    /// whole suite at once can take longer than the product's 5 s to commit a batch that waits on the other replica.
    @Test func replicasRacingWithOneKeyStoreOneRecord() async throws {
        try await TestPostgres.withStore(writeDeadline: .seconds(120)) { first, url in
            let second = try await PostgresStore(url: url, writeDeadline: .seconds(120))
            let outcomes = try await second.running {
                try await withThrowingTaskGroup(of: InsertOutcome.self) { group in
                    for index in 0..<200 {
                        let store = index % 2 == 0 ? first : second
                        let key = "retry-\(index / 2)"  // each key sent once by each replica, at the same moment
                        group.addTask {
                            try await store.record(Snapshot(sessionId: "race"), envelope("{\"n\":\"\(key)\"}", key: key))
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
            }
            let created = outcomes.filter { if case .created = $0 { true } else { false } }
            let duplicates = outcomes.filter { if case .duplicate = $0 { true } else { false } }
            #expect(created.count == 100 && duplicates.count == 100)
            #expect(try await first.snapshots(sessionId: "race", limit: 1_000).count == 100)
        }
    }

    @Test func retentionDropsWholeWeeklyPartitions() async throws {
        try await TestPostgres.withStore { store, _ in
            let now = Date()
            let old = now.addingTimeInterval(-60 * 86_400)
            for index in 0..<20 { _ = try await store.record(Snapshot(sessionId: "old-\(index)"), envelope("{}", at: old)) }
            _ = try await store.record(Snapshot(sessionId: "new"), envelope("{}", at: now))
            let oldMs = Timestamps.milliseconds(old)
            try await store.partitions.ensure(from: oldMs, through: oldMs)
            let oldWeek = PostgresPartitions.name(weekStart: PostgresPartitions.weekStart(oldMs))
            #expect(try await storedValue(store, "SELECT count(*) FROM \(oldWeek)") == "20", "the backlog moved out of the default partition")
            #expect(try await storedValue(store, "SELECT count(*) FROM snapshot_default") == "0")

            let removed = try await store.purge(olderThan: now.addingTimeInterval(-30 * 86_400))
            #expect(removed.snapshots == 20)
            #expect(try await storedValue(store, "SELECT to_regclass('\(oldWeek)')") == nil, "dropped, not emptied row by row")
            #expect(try await store.sessionKeys(SessionFilter()).map(\.sessionId) == ["new"])
        }
    }

    @Test func eraseRemovesOneCaller() async throws {
        try await TestPostgres.withStore { store, _ in
            var caller = Snapshot(sessionId: "caller")
            caller.contactId = "700000001"
            _ = try await store.record(caller, envelope("{}"))
            _ = try await store.record(Snapshot(sessionId: "someone-else"), envelope("{}"))
            _ = try await store.importCXone(
                try CXoneDocumentReader.read(
                    Array(
                        """
                        [{"completedContacts": [{"contactId": 700000001, "contactStartDate": "2026-11-24T10:00:00Z"}]},
                         {"contactId": 700000001, "contactCustomData": [{"name": "CallerNumber", "value": "+4915112345678"}]}]
                        """.utf8)), importedAt: Date())
            let removed = try await store.erase(matching: "700000001")
            #expect(removed.snapshots == 1 && removed.contacts == 1 && removed.customData == 1)
            #expect(try await store.sessionKeys(SessionFilter()).map(\.sessionId) == ["someone-else"])
        }
    }

    /// The demo data set on both backends, every report format, byte for byte.
    @Test func reportsAreIdenticalOnBothBackends() async throws {
        let generator = DemoGenerator(sessions: 3 * DiagnosisCode.allCases.count, snapshotsPerSession: 4)
        let records = try BulkRecords(demo: (0..<generator.sessions).map(generator.session))
        let importedAt = Date(timeIntervalSince1970: 1_790_000_000)
        func reports(_ store: any ManagedStore) async throws -> [ReportFormat: Data] {
            try await store.writeBulk(records, importedAt: importedAt)
            var outputs: [ReportFormat: Data] = [:]
            for format in ReportFormat.allCases {
                var output = Data()
                _ = try await ReportWriter(format: format, diagnoses: DiagnosisFilter())
                    .write(from: store, filter: SessionFilter(), generatedAt: importedAt) { output.append($0) }
                outputs[format] = output
            }
            return outputs
        }
        let sqlite = try await TemporaryDatabase.with { store, _ in try await reports(store) }
        let postgres = try await TestPostgres.withStore { store, _ in try await reports(store) }
        for format in ReportFormat.allCases {
            #expect((sqlite[format]?.count ?? 0) > 1_000, "\(format)")
            #expect(sqlite[format] == postgres[format], "\(format) differs between SQLite and PostgreSQL")
        }
    }

    /// migrate-db: every table arrives whole (counts and checksums), ids keep counting on, and the report is the same.
    @Test func migrateDbMovesEveryRowAndTheChecksumsMatch() async throws {
        try await TemporaryDatabase.with { source, _ in
            let generator = DemoGenerator(sessions: DiagnosisCode.allCases.count)
            try await source.writeBulk(try BulkRecords(demo: (0..<generator.sessions).map(generator.session)))
            _ = try await source.record(Snapshot(sessionId: "keyed"), envelope("{\"k\":1}", key: "key-1"))
            try await source.recordRead(.cxone, coveredUntil: Date(), records: 3, at: Date())
            for file in ["sessions-v2.3.json", "conversations-v2.4.json"] {
                let data = try Data(contentsOf: CorrelationStoreTests.odataExamples.appendingPathComponent(file))
                _ = try await source.importCognigy(try CognigyDocumentReader().read(Array(data)), importedAt: Date())
            }
            try await source.recordRead(.cognigy, coveredUntil: Date(), records: 6, at: Date())
            _ = try await source.refreshDiagnoses()
            let sent = Date(timeIntervalSince1970: 1_800_000_000)
            try await source.recordNotification(.notQueued, .init(firing: true, count: 6, firedAt: sent, changedAt: sent))
            try await TestPostgres.withStore { target, _ in
                let results = try await SQLiteToPostgres(source: source, target: target, batchSize: 7).run()
                #expect(results.count == 14)
                for result in results {
                    #expect(result.matches, "\(result.table): \(result.sourceRows) -> \(result.targetRows) rows")
                }
                #expect(results.first { $0.table == "snapshot" }.map { $0.targetRows > 30 } == true)
                #expect(results.allSatisfy { $0.sourceRows > 0 }, "every table had something to move")
                let retry = try await target.record(Snapshot(sessionId: "keyed"), envelope("{\"k\":1}", key: "key-1"))
                guard case .duplicate = retry else { Issue.record("the moved idempotency key should answer the retry: \(retry)"); return }
                let next = try await target.record(Snapshot(sessionId: "after"), envelope("{}"))
                guard case .created(let id, _) = next else { Issue.record("expected created"); return }
                let highest = Int64(try await storedValue(source, "SELECT MAX(id) FROM snapshot") ?? "") ?? .max
                #expect(id > highest, "the sequence carries on after the moved ids")
                #expect(try await target.notificationStates()[.notQueued]?.firedAt == sent, "an open notification is not sent again")
                await #expect(throws: SQLiteToPostgres.NotEmpty.self) { _ = try await SQLiteToPostgres(source: source, target: target).run() }
            }
        }
    }

    @Test func anUnreachableServerIsUnavailableAndNamesTheAddress() async throws {
        let error = await #expect(throws: StoreUnavailable.self) {
            _ = try await PostgresStore(url: "postgres://nobody:secret@127.0.0.1:1/none?sslmode=disable")
        }
        #expect(error?.description.contains("127.0.0.1:1/none") == true)
        #expect(error?.description.contains("secret") == false, "the password stays out of messages")
        #expect(throws: PostgresAddress.Invalid.self) { try PostgresAddress("postgres://localhost/db") }
    }
}

/// The deadline of every PostgreSQL operation holds even when the operation ignores cancellation, as a pool lease
/// did after an immediate restart of PostgreSQL: the caller hears StoreUnavailable on time.
@Suite("PostgreSQL: the operation deadline")
struct DeadlineTests {
    /// No clock is read: the operation cannot end before the test lets it, so reaching the line after the call
    /// shows the deadline did not wait for it (before the fix this test hung until its time limit).
    @Test(.timeLimit(.minutes(1))) func anOperationThatIgnoresCancellationStillAnswersAtTheDeadline() async throws {
        let latch = Latch()
        await #expect(throws: StoreUnavailable.self) {
            try await withDeadline(.milliseconds(100), "test") {
                await latch.wait()
                return 1
            }
        }
        #expect(!latch.isOpen, "the operation was still waiting when the caller heard StoreUnavailable")
        latch.open()
    }

    @Test func anOperationWithinItsDeadlineGivesItsValueOrItsError() async throws {
        #expect(try await withDeadline(.seconds(5), "test") { 42 } == 42)
        await #expect(throws: CancellationError.self) { try await withDeadline(.seconds(5), "test") { throw CancellationError() } }
    }
}

/// A wait that ignores cancellation, as a pool lease did, until `open`.
final class Latch: @unchecked Sendable {
    private let lock = NSLock()
    private var waiter: CheckedContinuation<Void, Never>?
    private var opened = false

    var isOpen: Bool { lock.withLock { opened } }

    func wait() async {
        await withCheckedContinuation { continuation in
            let now = lock.withLock { () -> Bool in
                if opened { return true }
                waiter = continuation
                return false
            }
            if now { continuation.resume() }
        }
    }

    func open() {
        lock.withLock { () -> CheckedContinuation<Void, Never>? in
            opened = true
            defer { waiter = nil }
            return waiter
        }?.resume()
    }
}
