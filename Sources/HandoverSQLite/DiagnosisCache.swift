import Foundation
import GRDB
import HandoverCore
import HandoverStore

/// Keeps `session_diagnosis` current: sessions touched since the watermark (new snapshots or attempts, CXone
/// records imported since) are diagnosed again, a chunk at a time, then the watermark moves on.
struct DiagnosisCache {
    struct Watermark { var snapshotId: Int64 = 0, attemptId: Int64 = 0, importedMs: Int64 = 0 }

    static func watermarks(_ db: Database) throws -> (stored: Watermark, current: Watermark) {
        let stored = try Row.fetchOne(db, sql: "SELECT snapshot_id, attempt_id, contacts_imported_ms FROM diagnosis_watermark WHERE id = 1")
            .map { Watermark(snapshotId: $0[0], attemptId: $0[1], importedMs: $0[2]) } ?? Watermark()
        let row = try Row.fetchOne(db, sql: """
            SELECT COALESCE((SELECT MAX(id) FROM snapshot), 0), COALESCE((SELECT MAX(id) FROM handover_attempt), 0),
                   COALESCE((SELECT MAX(imported_at_ms) FROM cxone_contact), 0)
            """)!
        return (stored, Watermark(snapshotId: row[0], attemptId: row[1], importedMs: row[2]))
    }

    /// Sessions touched after `mark`: by their own records, or through a CXone contact imported since.
    static func changedSessions(_ db: Database, since mark: Watermark) throws -> [String] {
        try String.fetchAll(db, sql: """
            WITH fresh AS (SELECT contact_id, master_contact_id FROM cxone_contact WHERE imported_at_ms > :imported)
            SELECT session_id FROM snapshot WHERE id > :snapshot
            UNION SELECT session_id FROM handover_attempt WHERE id > :attempt AND session_id IS NOT NULL
            UNION SELECT s.session_id FROM fresh f JOIN snapshot s ON s.contact_id = f.contact_id
            UNION SELECT s.session_id FROM fresh f JOIN snapshot s ON s.spawned_contact_id = f.contact_id
            UNION SELECT s.session_id FROM fresh f JOIN snapshot s ON s.contact_id = f.master_contact_id
            UNION SELECT s.session_id FROM fresh f JOIN snapshot s ON s.spawned_contact_id = f.master_contact_id
            UNION SELECT a.session_id FROM fresh f JOIN handover_attempt a ON a.contact_id = f.contact_id WHERE a.session_id IS NOT NULL
            UNION SELECT d.value FROM fresh f JOIN cxone_custom_data d ON d.contact_id = f.contact_id
                WHERE d.name LIKE '%session%' OR EXISTS (SELECT 1 FROM snapshot WHERE session_id = d.value)
            """, arguments: ["snapshot": mark.snapshotId, "attempt": mark.attemptId, "imported": mark.importedMs])
    }

    static func store(_ sessions: [CorrelatedSession], in db: Database, at now: Int64) throws {
        for session in sessions {
            let code = Diagnoser.diagnose(session).code
            try db.cachedStatement(sql: """
                INSERT INTO session_diagnosis (session_id, first_ms, code, failure, diagnosed_at_ms) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (session_id) DO UPDATE SET first_ms = excluded.first_ms, code = excluded.code,
                    failure = excluded.failure, diagnosed_at_ms = excluded.diagnosed_at_ms
                """).execute(arguments: [session.sessionId, session.startedAt.map(Timestamps.milliseconds), code.rawValue,
                                         code.entry.isFailure, now])
        }
    }

    static func saveWatermark(_ mark: Watermark, in db: Database) throws {
        try db.execute(sql: """
            INSERT INTO diagnosis_watermark (id, snapshot_id, attempt_id, contacts_imported_ms) VALUES (1, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET snapshot_id = excluded.snapshot_id, attempt_id = excluded.attempt_id,
                contacts_imported_ms = excluded.contacts_imported_ms
            """, arguments: [mark.snapshotId, mark.attemptId, mark.importedMs])
    }

    static func overview(_ db: Database, since: Date, recent: Int) throws -> DiagnosisOverview {
        let from = Timestamps.milliseconds(since)
        var overview = DiagnosisOverview()
        for row in try Row.fetchAll(db, sql: "SELECT code, count(*) FROM session_diagnosis WHERE first_ms >= ? GROUP BY code", arguments: [from]) {
            if let code = DiagnosisCode(rawValue: row[0]) { overview.counts[code] = row[1] }
        }
        overview.failureTimes = try Int64.fetchAll(db, sql: "SELECT first_ms FROM session_diagnosis WHERE first_ms >= ? AND failure = 1",
                                                   arguments: [from]).map(Timestamps.date(milliseconds:))
        overview.recentFailures = try Row.fetchAll(db, sql: """
            SELECT session_id, first_ms, code FROM session_diagnosis WHERE first_ms >= ? AND failure = 1 ORDER BY first_ms DESC LIMIT ?
            """, arguments: [from, recent]).compactMap { row in
            DiagnosisCode(rawValue: row[2]).map { (row[0], (row[1] as Int64?).map(Timestamps.date(milliseconds:)), $0) }
        }
        return overview
    }
}

extension SQLiteStore {
    /// Brings the stored diagnoses up to date with everything recorded or imported since the last call; returns
    /// how many sessions were diagnosed again. Cheap when little changed.
    public func refreshDiagnoses() async throws -> Int {
        let (stored, current) = try await read { db in try DiagnosisCache.watermarks(db) }
        guard current.snapshotId > stored.snapshotId || current.attemptId > stored.attemptId || current.importedMs > stored.importedMs else {
            return 0
        }
        let changed = try await read { db in try DiagnosisCache.changedSessions(db, since: stored) }
        var start = 0
        while start < changed.count {
            let chunk = Array(changed[start..<min(start + CorrelationChunk.size, changed.count)])
            let sessions = try await self.sessions(chunk)
            let now = Timestamps.milliseconds(Date())
            try await pool.write { db in try DiagnosisCache.store(sessions, in: db, at: now) }
            start += chunk.count
        }
        try await pool.write { db in try DiagnosisCache.saveWatermark(current, in: db) }
        return changed.count
    }

    public func sessionIds(diagnosedAs codes: Set<DiagnosisCode>) async throws -> Set<String> {
        guard !codes.isEmpty else { return [] }
        let names = codes.map(\.rawValue)
        return try await read { db in
            Set(try String.fetchAll(db, sql: "SELECT session_id FROM session_diagnosis WHERE code IN (\(names.map { _ in "?" }.joined(separator: ",")))",
                                    arguments: StatementArguments(names)))
        }
    }

    public func diagnosisOverview(since: Date, recent: Int = 10) async throws -> DiagnosisOverview {
        try await read { db in try DiagnosisCache.overview(db, since: since, recent: recent) }
    }
}
