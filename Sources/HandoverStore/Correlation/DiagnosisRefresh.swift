import Foundation
import HandoverCore

/// Keeps `session_diagnosis` current: sessions touched since the watermark (new snapshots or attempts, CXone
/// records imported since) and pending ones whose other side may have settled are diagnosed again, a chunk at a
/// time, then the watermark moves on. Written once for both backends.
package struct DiagnosisRefresh: Sendable {
    struct Watermark: Equatable {
        var snapshotId: Int64 = 0, attemptId: Int64 = 0, importedMs: Int64 = 0, cognigyImportedMs: Int64 = 0

        subscript(mark: Mark) -> Int64 {
            switch mark {
            case .snapshotId: snapshotId
            case .attemptId: attemptId
            case .cognigyImported: cognigyImportedMs
            }
        }

        func isPast(_ other: Watermark) -> Bool {
            snapshotId > other.snapshotId || attemptId > other.attemptId || importedMs > other.importedMs
                || cognigyImportedMs > other.cognigyImportedMs
        }
    }

    /// The parts of the watermark that a session's own rows move (CXone's contacts move `importedMs`).
    package enum Mark: CaseIterable, Sendable { case snapshotId, attemptId, cognigyImported }

    let database: any SQLDatabase
    /// Several PostgreSQL replicas draw ids from one sequence but commit in their own order, so a fresh id can commit
    /// after a higher one. The watermark only moves past records received this long ago, which have long committed;
    /// newer ones are diagnosed on every refresh until it does. Zero where one process commits in id order (SQLite).
    let settlingMilliseconds: Int64
    /// Smaller than a report's chunk: the refresh runs inside the server beside ingest, where its peak memory is the
    /// server's, and fewer sessions at a time cost it next to no time on either backend.
    static let chunkSize = 100

    package init(_ database: any SQLDatabase, settlingMilliseconds: Int64) {
        self.database = database
        self.settlingMilliseconds = settlingMilliseconds
    }

    /// Returns how many sessions were diagnosed again. Cheap when little changed.
    package func run(now: Date = Date()) async throws -> Int {
        let stored = try await storedWatermark()
        let (current, newest) = try await currentWatermarks(now: now)
        let settlement = try await SourceLedger(database).statuses().settlement(settle: database.settle, now: now)
        var changed = Set(try await settledPending(settlement))
        // Records newer than the settling time count too: they are diagnosed now, and again until the mark passes them.
        if newest.isPast(stored) { changed.formUnion(try await changedSessions(since: stored)) }
        let moved = current.isPast(stored)
        // Sorted: replicas refreshing at once upsert in one order, so none waits on another in a circle.
        let sessionIds = changed.sorted()
        let join = SessionJoin(database)
        for start in stride(from: 0, to: sessionIds.count, by: Self.chunkSize) {
            let sessions = try await join.sessions(Array(sessionIds[start..<min(start + Self.chunkSize, sessionIds.count)]))
            try await store(sessions, settlement, at: Timestamps.milliseconds(Date()))
            try await SearchIndex(database: database).replace(sessions)
        }
        if moved { try await save(current) }
        return sessionIds.count
    }

    private func storedWatermark() async throws -> Watermark {
        try await database.rows(
            SQLQuery(database.dialect),
            sql: "SELECT snapshot_id, attempt_id, contacts_imported_ms, cognigy_imported_ms FROM diagnosis_watermark WHERE id = 1",
            Self.watermark
        ).first ?? Watermark()
    }

    /// The watermark as far as records have settled, and as far as any record goes.
    private func currentWatermarks(now: Date) async throws -> (settled: Watermark, newest: Watermark) {
        var query = SQLQuery(database.dialect)
        let settled = query.bind(Timestamps.milliseconds(now) - settlingMilliseconds)
        return try await database.rows(
            query,
            sql: """
                SELECT COALESCE((SELECT MAX(id) FROM snapshot WHERE received_at_ms < \(settled)), 0),
                       COALESCE((SELECT MAX(id) FROM handover_attempt WHERE received_at_ms < \(settled)), 0),
                       \(Self.contactCentreImportedSQL(database.dialect)),
                       \(CognigyImport.lastImportedSQL(database.dialect)),
                       COALESCE((SELECT MAX(id) FROM snapshot), 0), COALESCE((SELECT MAX(id) FROM handover_attempt), 0)
                """
        ) { row in
            let settled = try Self.watermark(row)
            var newest = settled
            (newest.snapshotId, newest.attemptId) = (try row.integer(4) ?? 0, try row.integer(5) ?? 0)
            return (settled, newest)
        }.first ?? (Watermark(), Watermark())
    }

    private func save(_ current: Watermark) async throws {
        var save = SQLQuery(database.dialect)
        let values = [current.snapshotId, current.attemptId, current.importedMs, current.cognigyImportedMs].map { save.bind($0) }
        try await database.write(
            save,
            sql: """
                INSERT INTO diagnosis_watermark (id, snapshot_id, attempt_id, contacts_imported_ms, cognigy_imported_ms)
                VALUES (1, \(values.joined(separator: ", ")))
                ON CONFLICT (id) DO UPDATE SET snapshot_id = excluded.snapshot_id, attempt_id = excluded.attempt_id,
                    contacts_imported_ms = excluded.contacts_imported_ms, cognigy_imported_ms = excluded.cognigy_imported_ms
                """)
    }

    /// Pending sessions the side they wait for may have settled since: read past their settling time, or read at
    /// all for the first time. `Settlement` decides again; this only finds the candidates.
    private func settledPending(_ settlement: Settlement) async throws -> [String] {
        var query = SQLQuery(database.dialect)
        let ms = { (date: Date?) in date.map(Timestamps.milliseconds) ?? -1 }
        let contactCentre = query.bind(ms(settlement.contactCentreCoveredUntil))
        let genesys = query.bind(ms(settlement.genesysCoveredUntil))
        let waitsForGenesys = query.bind(Self.waitsForGenesys)
        let bot = query.bind(ms(settlement.botHistoryCoveredUntil ?? settlement.now))
        let (waitsForContactCentre, waitsForBot) = (query.bind(HistorySide.contactCentre.rawValue), query.bind(HistorySide.bot.rawValue))
        return try await database.rows(
            query,
            sql: """
                SELECT session_id FROM session_diagnosis WHERE final = 0 AND (
                    (waits_for = \(waitsForContactCentre) AND \(contactCentre) >= 0
                        AND (settles_at_ms IS NULL OR settles_at_ms <= \(contactCentre)))
                    OR (waits_for = \(waitsForGenesys) AND \(genesys) >= 0 AND (settles_at_ms IS NULL OR settles_at_ms <= \(genesys)))
                    OR (waits_for = \(waitsForBot) AND settles_at_ms <= \(bot)))
                """
        ) { try $0.text(0) ?? "" }
    }

    static func watermark(_ row: any SQLRow) throws -> Watermark {
        Watermark(
            snapshotId: try row.integer(0) ?? 0, attemptId: try row.integer(1) ?? 0, importedMs: try row.integer(2) ?? 0,
            cognigyImportedMs: try row.integer(3) ?? 0)
    }

    /// Sessions touched after `mark`: by their own records (webhook or Cognigy's history), or through a CXone contact
    /// imported since that belongs to them (`SessionLinks`).
    private func changedSessions(since mark: Watermark) async throws -> [String] {
        var query = SQLQuery(database.dialect)
        let imported = query.bind(mark.importedMs)
        let marks = Dictionary(uniqueKeysWithValues: Mark.allCases.map { ($0, query.bind(mark[$0])) })
        let fresh = ContactCentreTable.all.map { target in (name: "fresh_\(target.table)", target: target) }
        let selects =
            SessionLinks.sessions(storedAfter: { marks[$0] ?? "" }, database.dialect)
            + fresh.flatMap { SessionLinks.sessions(touchedBy: $0.name, in: $0.target, database.dialect) }
        let relations = fresh.map { "\($0.name) AS (\($0.target.imported(after: imported)))" }
        return try await database.rows(
            query,
            sql: """
                WITH \(relations.joined(separator: ", "))
                \(selects.joined(separator: "\nUNION "))
                """
        ) { row in try row.text(0) ?? "" }
    }

    /// The newest import time of any contact centre's records, 0 before the first: the watermark's `importedMs`.
    static func contactCentreImportedSQL(_ dialect: any SQLDialect) -> String {
        let each = ContactCentreTable.all.map { "COALESCE((SELECT MAX(imported_at_ms) FROM \($0.table)), 0)" }
        return each.dropFirst().reduce(each[0]) { dialect.greatest($0, $1) }
    }

    /// What `waits_for` holds for a session waiting for Genesys: a source apart from CXone, with a position of its own.
    static let waitsForGenesys = "genesys"

    /// One multi-row upsert per chunk.
    private func store(_ sessions: [CorrelatedSession], _ settlement: Settlement, at now: Int64) async throws {
        guard !sessions.isEmpty else { return }
        var query = SQLQuery(database.dialect)
        let rows = sessions.map { session in
            let diagnosis = Diagnoser.diagnose(session, settlement)
            let values: [SQLValue] = [
                .text(session.sessionId), SQLValue(session.startedAt.map(Timestamps.milliseconds)), .text(diagnosis.code.rawValue),
                .integer(diagnosis.code.entry.isFailure ? 1 : 0), .integer(now), .integer(diagnosis.isFinal ? 1 : 0),
                SQLValue(diagnosis.pending.map { $0.waitsForGenesys ? Self.waitsForGenesys : $0.waitsFor.rawValue }),
                SQLValue(diagnosis.pending?.settlesAt.map(Timestamps.milliseconds)),
            ]
            return "(" + values.map { query.bind($0) }.joined(separator: ", ") + ")"
        }
        try await database.write(
            query,
            sql: """
                INSERT INTO session_diagnosis (session_id, first_ms, code, failure, diagnosed_at_ms, final, waits_for, settles_at_ms)
                VALUES \(rows.joined(separator: ", "))
                ON CONFLICT (session_id) DO UPDATE SET first_ms = excluded.first_ms, code = excluded.code,
                    failure = excluded.failure, diagnosed_at_ms = excluded.diagnosed_at_ms, final = excluded.final,
                    waits_for = excluded.waits_for, settles_at_ms = excluded.settles_at_ms
                """)
    }
}
