import Foundation
import HandoverCore
import HandoverStore
import PostgresNIO

extension PostgresStore {
    /// Several replicas draw ids from one sequence but commit in their own order, so a fresh id can commit after a
    /// higher one. The watermark only moves past records received this long ago, which have long committed; newer
    /// ones are diagnosed on every refresh until it does.
    static let commitWindowMilliseconds: Int64 = 10_000

    public func refreshDiagnoses() async throws -> Int {
        var stored: (Int64, Int64, Int64) = (0, 0, 0)
        if let row = try await rows("SELECT snapshot_id, attempt_id, contacts_imported_ms FROM diagnosis_watermark WHERE id = 1").first {
            stored = try row.decode((Int64, Int64, Int64).self)
        }
        let settled = Timestamps.milliseconds(Date()) - Self.commitWindowMilliseconds
        guard let currentRow = try await rows("""
            SELECT COALESCE((SELECT MAX(id) FROM snapshot WHERE received_at_ms < $1), 0),
                   COALESCE((SELECT MAX(id) FROM handover_attempt WHERE received_at_ms < $1), 0),
                   COALESCE((SELECT MAX(imported_at_ms) FROM cxone_contact), 0)
            """, [settled]).first else { return 0 }
        let current = try currentRow.decode((Int64, Int64, Int64).self)
        guard current.0 > stored.0 || current.1 > stored.1 || current.2 > stored.2 else { return 0 }
        let changed = try await rows("""
            WITH fresh AS (SELECT contact_id, master_contact_id FROM cxone_contact WHERE imported_at_ms > $3)
            SELECT session_id FROM snapshot WHERE id > $1
            UNION SELECT session_id FROM handover_attempt WHERE id > $2 AND session_id IS NOT NULL
            UNION SELECT s.session_id FROM fresh f JOIN snapshot s ON s.contact_id = f.contact_id
            UNION SELECT s.session_id FROM fresh f JOIN snapshot s ON s.spawned_contact_id = f.contact_id
            UNION SELECT s.session_id FROM fresh f JOIN snapshot s ON s.contact_id = f.master_contact_id
            UNION SELECT s.session_id FROM fresh f JOIN snapshot s ON s.spawned_contact_id = f.master_contact_id
            UNION SELECT a.session_id FROM fresh f JOIN handover_attempt a ON a.contact_id = f.contact_id WHERE a.session_id IS NOT NULL
            UNION SELECT d.value FROM fresh f JOIN cxone_custom_data d ON d.contact_id = f.contact_id
                WHERE d.name ILIKE '%session%' OR EXISTS (SELECT 1 FROM snapshot WHERE session_id = d.value)
            """, [stored.0, stored.1, stored.2]).map { try $0.decode(String.self) }
            .sorted() // every replica refreshing at once upserts in one order, so none waits on another in a circle
        for start in stride(from: 0, to: changed.count, by: CorrelationChunk.size) {
            let sessions = try await self.sessions(Array(changed[start..<min(start + CorrelationChunk.size, changed.count)]))
            try await storeDiagnoses(sessions, at: Timestamps.milliseconds(Date()))
        }
        try await execute("""
            INSERT INTO diagnosis_watermark (id, snapshot_id, attempt_id, contacts_imported_ms) VALUES (1, $1, $2, $3)
            ON CONFLICT (id) DO UPDATE SET snapshot_id = excluded.snapshot_id, attempt_id = excluded.attempt_id,
                contacts_imported_ms = excluded.contacts_imported_ms
            """, [current.0, current.1, current.2])
        return changed.count
    }

    private func storeDiagnoses(_ sessions: [CorrelatedSession], at now: Int64) async throws {
        guard !sessions.isEmpty else { return }
        let list = valuesList(sessions.map { session in
            let code = Diagnoser.diagnose(session).code
            return [session.sessionId, session.startedAt.map(Timestamps.milliseconds), code.rawValue, Int64(code.entry.isFailure ? 1 : 0), now]
        })
        try await execute("""
            INSERT INTO session_diagnosis (session_id, first_ms, code, failure, diagnosed_at_ms) VALUES \(list.sql)
            ON CONFLICT (session_id) DO UPDATE SET first_ms = excluded.first_ms, code = excluded.code,
                failure = excluded.failure, diagnosed_at_ms = excluded.diagnosed_at_ms
            """, list.binds)
    }

    public func sessionIds(diagnosedAs codes: Set<DiagnosisCode>) async throws -> Set<String> {
        guard !codes.isEmpty else { return [] }
        return Set(try await rows("SELECT session_id FROM session_diagnosis WHERE code = ANY($1)", [codes.map(\.rawValue)])
            .map { try $0.decode(String.self) })
    }

    public func diagnosisOverview(since: Date, recent: Int) async throws -> DiagnosisOverview {
        let from = Timestamps.milliseconds(since)
        var overview = DiagnosisOverview()
        for row in try await rows("SELECT code, count(*) FROM session_diagnosis WHERE first_ms >= $1 GROUP BY code", [from]) {
            let (name, count) = try row.decode((String, Int64).self)
            if let code = DiagnosisCode(rawValue: name) { overview.counts[code] = Int(count) }
        }
        overview.failureTimes = try await rows("SELECT first_ms FROM session_diagnosis WHERE first_ms >= $1 AND failure = 1", [from])
            .map { Timestamps.date(milliseconds: try $0.decode(Int64.self)) }
        overview.recentFailures = try await rows("""
            SELECT session_id, first_ms, code FROM session_diagnosis WHERE first_ms >= $1 AND failure = 1
            ORDER BY first_ms DESC NULLS LAST LIMIT $2
            """, [from, recent]).compactMap { row in
            let (sessionId, first, name) = try row.decode((String, Int64?, String).self)
            return DiagnosisCode(rawValue: name).map { (sessionId, first.map(Timestamps.date(milliseconds:)), $0) }
        }
        return overview
    }
}
