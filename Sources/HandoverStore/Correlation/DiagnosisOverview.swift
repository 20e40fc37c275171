import Foundation
import HandoverCore

extension DiagnosisRefresh {
    /// Counts of final diagnoses per code (and of pending ones apart), and the times and latest of final failures:
    /// a pending session is never counted as failed.
    package func overview(since: Date, recent: Int) async throws -> DiagnosisOverview {
        var query = SQLQuery(database.dialect)
        let from = query.bind(Timestamps.milliseconds(since))
        var overview = DiagnosisOverview()
        let counts = try await database.rows(
            query, sql: "SELECT code, final, count(*) FROM session_diagnosis WHERE first_ms >= \(from) GROUP BY code, final"
        ) { (try $0.text(0) ?? "", try $0.bool(1) ?? false, Int(try $0.integer(2) ?? 0)) }
        for (name, final, count) in counts {
            guard let code = DiagnosisCode(rawValue: name) else { continue }
            if final { overview.counts[code] = count } else { overview.pending[code] = count }
        }
        overview.failureTimes = try await database.rows(
            query, sql: "SELECT first_ms FROM session_diagnosis WHERE first_ms >= \(from) AND failure = 1 AND final = 1"
        ) {
            Timestamps.date(milliseconds: try $0.integer(0) ?? 0)
        }
        let limit = query.bind(Int64(recent))
        overview.recentFailures = try await database.rows(
            query,
            sql: """
                SELECT session_id, first_ms, code FROM session_diagnosis WHERE first_ms >= \(from) AND failure = 1 AND final = 1
                ORDER BY first_ms DESC\(database.dialect.nullsLast) LIMIT \(limit)
                """
        ) { row in (try row.text(0) ?? "", try row.integer(1).map(Timestamps.date(milliseconds:)), try row.text(2) ?? "") }
        .compactMap { sessionId, first, name in DiagnosisCode(rawValue: name).map { (sessionId, first, $0) } }
        overview.newestStart = try await database.rows(SQLQuery(database.dialect), sql: "SELECT MAX(first_ms) FROM session_diagnosis") {
            try $0.integer(0)
        }.first?.map(Timestamps.date(milliseconds:))
        return overview
    }
}
