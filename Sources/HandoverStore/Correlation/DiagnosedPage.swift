import Foundation
import HandoverCore

/// One page of the session list, read from the stored diagnoses along an index instead of gathering every session.
public struct DiagnosedPage: Sendable {
    public var since: Date?
    public var until: Date?
    /// Only sessions this search finds (ids, steps, intents: `SessionFilter.text`).
    public var text: String?
    /// Only sessions stored with one of these codes; nil for every code.
    public var codes: Set<DiagnosisCode>?
    /// The last key of the previous page; the page starts after it in the page's order.
    public var after: SessionKey?
    public var newestFirst: Bool
    public var limit: Int

    public init(
        since: Date? = nil, until: Date? = nil, text: String? = nil, codes: Set<DiagnosisCode>? = nil, after: SessionKey? = nil,
        newestFirst: Bool = true, limit: Int
    ) {
        self.since = since
        self.until = until
        self.text = text
        self.codes = codes
        self.after = after
        self.newestFirst = newestFirst
        self.limit = limit
    }
}

extension DiagnosisRefresh {
    /// Keyset paging over `session_diagnosis` by (first event, session id); a session with no time sorts first.
    /// Both backends order and compare session ids bytewise (PostgreSQL's column is COLLATE "C").
    package func keys(_ page: DiagnosedPage) async throws -> [SessionKey] {
        var query = SQLQuery(database.dialect)
        let first = "COALESCE(first_ms, -1)"
        var conditions: [String] = []
        if let since = page.since { conditions.append("\(first) >= \(query.bind(Timestamps.milliseconds(since)))") }
        if let until = page.until { conditions.append("first_ms IS NOT NULL AND \(first) < \(query.bind(Timestamps.milliseconds(until)))") }
        if let text = page.text?.trimmingWhitespace(), !text.isEmpty {
            conditions.append("session_id IN (\(SessionJoin.matching(text, &query, indexed: true)))")
        }
        if let codes = page.codes { conditions.append(codes.isEmpty ? "1 = 0" : query.isIn("code", codes.map(\.rawValue).sorted())) }
        let (comparison, direction) = page.newestFirst ? ("<", "DESC") : (">", "ASC")
        if let after = page.after {
            let at = query.bind(after.firstAt.map(Timestamps.milliseconds) ?? -1)
            let id = query.bind(after.sessionId)
            conditions.append("(\(first) \(comparison) \(at) OR (\(first) = \(at) AND session_id \(comparison) \(id)))")
        }
        let limit = query.bind(Int64(page.limit))
        let sql = """
            SELECT session_id, first_ms FROM session_diagnosis \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            ORDER BY \(first) \(direction), session_id \(direction) LIMIT \(limit)
            """
        return try await database.rows(query, sql: sql) { row in
            SessionKey(sessionId: try row.text(0) ?? "", firstAt: try row.integer(1).map(Timestamps.date(milliseconds:)))
        }
    }
}
