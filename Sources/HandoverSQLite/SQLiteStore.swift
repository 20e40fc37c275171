import Foundation
import GRDB
import HandoverCore
import HandoverSchema
import HandoverStore
import ServiceLifecycle

/// The embedded default: one SQLite file in WAL mode, readers in parallel, writes grouped into shared commits.
public final class SQLiteStore: IngestStore {
    public enum Durability: String, Sendable, CaseIterable {
        /// `synchronous=NORMAL`: a commit survives a crash of the process, not a power loss. The default.
        case normal
        /// `synchronous=FULL`: a commit survives a power loss too, at the price of an fsync per commit.
        case full
    }

    package let pool: DatabasePool
    private let writer: GroupCommitWriter
    private let path: String
    package let callerMatchWindow: TimeInterval
    public let settle: TimeInterval
    package let refreshes = SerialRefresh()

    /// Opens (creating it when absent) the database at `path` and applies every migration in `Schema/sqlite`.
    /// `busyTimeout`: how long a write waits for a lock another process holds before it fails (and the request
    /// is answered 503).
    public init(
        path: String, durability: Durability = .normal, metrics: StoreMetrics = StoreMetrics(),
        busyTimeout: TimeInterval = 5, callerMatchWindow: TimeInterval = CallerJoinDefaults.window,
        settle: TimeInterval = Settlement.defaultSettle,
        announcingUpgrade: @escaping UpgradeAnnouncer = { _ in }
    ) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(durability == .full ? "FULL" : "NORMAL")")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")  // WALCheckpointer does it, off the write path
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            let announcing = try Self.migrator(announcing: announcingUpgrade)
            // On the writer: a reader opened before the migrations would keep the old schema it cached.
            let upgrading = try pool.writeWithoutTransaction { try !announcing.appliedIdentifiers($0).isEmpty }
            try (upgrading ? announcing : Self.migrator()).migrate(pool)
        } catch let error as DatabaseError {
            throw StoreUnavailable("cannot open the database at \(path): \(error.message ?? "\(error.resultCode)")")
        }
        writer = GroupCommitWriter(writer: pool, metrics: metrics)
        self.path = path
        self.callerMatchWindow = callerMatchWindow
        self.settle = settle
    }

    public var backgroundServices: [any Service] { [WALCheckpointer(path: path)] }

    /// Fills the columns a migration added to rows stored before it (ColumnBackfill).
    static func backfill(_ backfill: ColumnBackfill, _ db: Database) throws {
        let update = backfill.update(SQLiteDialect())
        for row in try Row.fetchAll(db, sql: backfill.selectAll) {
            guard let values = backfill.values(row[1]) else { continue }
            try db.execute(sql: update, arguments: StatementArguments(values.map(\.databaseValue) + [row[0] as Int64]))
        }
    }

    static func migrator(announcing announce: @escaping UpgradeAnnouncer = { _ in }) throws -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in try SchemaMigrations.sqlite() {
            migrator.registerMigration(migration.identifier) { db in
                announce(migration.identifier)
                try db.execute(sql: migration.sql)
                if let backfill = ColumnBackfill.after(migration.identifier) { try Self.backfill(backfill, db) }
            }
        }
        return migrator
    }

    /// The migrations recorded as applied, in order.
    public func appliedMigrations() async throws -> [String] {
        try await pool.read { db in try Self.migrator().appliedIdentifiers(db).sorted() }
    }

    public func record(_ snapshot: Snapshot, _ envelope: IngestEnvelope) async throws -> InsertOutcome {
        let record = SnapshotRecord(snapshot, envelope)
        return try await writer.submit { db in
            try IdempotentInsert(route: "snapshots", table: SnapshotRecord.databaseTableName, envelope: envelope)
                .run(db) { try record.insertReturningId(db) }
        }
    }

    public func record(_ attempt: HandoverAttempt, verdict: HandoverVerdict, _ envelope: IngestEnvelope) async throws -> InsertOutcome {
        let record = HandoverAttemptRecord(attempt, verdict, envelope)
        return try await writer.submit { db in
            try IdempotentInsert(route: "handovers", table: HandoverAttemptRecord.databaseTableName, envelope: envelope)
                .run(db) { try record.insertReturningId(db) }
        }
    }

    public func snapshots(sessionId: String, limit: Int) async throws -> [SnapshotRecord] {
        try await read { db in
            try SnapshotRecord.filter(Column("session_id") == sessionId)
                .order(Column("received_at_ms"), Column("id")).limit(limit).fetchAll(db)
        }
    }

    public func handoverAttempts(sessionId: String, limit: Int) async throws -> [HandoverAttemptRecord] {
        try await read { db in
            try HandoverAttemptRecord.filter(Column("session_id") == sessionId)
                .order(Column("received_at_ms"), Column("id")).limit(limit).fetchAll(db)
        }
    }

    public func checkHealth() async throws {
        _ = try await read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM grdb_migrations") }
    }

    public func close() async throws {
        try pool.close()
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw Self.classify(error)
        }
    }

    /// Storage conditions that clear by themselves (disk full, locked, read-only, I/O, and the rollback they cause)
    /// become `StoreUnavailable`.
    static func classify(_ error: any Error) -> any Error {
        guard let databaseError = error as? DatabaseError else { return error }
        switch databaseError.resultCode {
        case .SQLITE_FULL, .SQLITE_READONLY, .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_IOERR, .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_ABORT:
            return StoreUnavailable(databaseError.message ?? "\(databaseError.resultCode)")
        default:
            return error
        }
    }
}

/// Inserts a record once per idempotency key, as `IdempotencyKeys` decides.
struct IdempotentInsert {
    let route: String
    let table: String
    let envelope: IngestEnvelope

    func run(_ db: Database, insert: () throws -> Int64) throws -> InsertOutcome {
        guard let key = envelope.idempotencyKey else {
            return .created(id: try insert(), receivedAt: envelope.receivedAt)
        }
        let claimed = try Row.fetchOne(db, sql: IdempotencyKeys.claimedRecord(in: table, route: "?", key: "?"), arguments: [route, key]).map {
            IdempotencyKeys.ClaimedRecord(id: $0["id"], body: $0["raw_body"], receivedAtMs: $0["received_at_ms"])
        }
        if let answer = IdempotencyKeys.answer(envelope.rawBody, claimed: claimed) { return answer }
        // No record, or a stale key: store afresh and claim (or reclaim) the key.
        let id = try insert()
        try db.execute(
            sql: "INSERT OR REPLACE INTO idempotency_key (route, key, record_id, created_at_ms) VALUES (?, ?, ?, ?)",
            arguments: [route, key, id, Timestamps.milliseconds(envelope.receivedAt)])
        return .created(id: id, receivedAt: envelope.receivedAt)
    }
}
