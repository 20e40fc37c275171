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
    /// Rows of the walk a word search probes one at a time before it gathers the rest from the search index (the
    /// reason is at `DiagnosisRefresh.keys`); tests shorten it to cross from one way to the other.
    package var probedRows = 4_000

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
    ///
    /// A word search can go two ways: probe the search index for each row of the walk, quick when many sessions
    /// hold the word (a page fills within a few rows); or gather every session holding it first, quick when few do.
    /// It probes a bounded stretch of the walk, then gathers only beyond it, so neither kind of word costs much.
    package func keys(_ page: DiagnosedPage) async throws -> [SessionKey] {
        let text = page.text?.trimmingWhitespace() ?? ""
        let terms = text.isEmpty ? [] : try await SearchIndex(database: database).terms(holding: text)
        guard !terms.isEmpty else { return try await gathered(page, text: text, terms: []) }
        let end = try await stretchEnd(page)
        let probed = try await probed(page, text: text, terms: terms, through: end)
        guard probed.count < page.limit, let end else { return probed }
        var rest = page
        rest.after = end
        rest.limit = page.limit - probed.count
        return probed + (try await gathered(rest, text: text, terms: terms))
    }

    /// The page along the index, what the search finds gathered first.
    private func gathered(_ page: DiagnosedPage, text: String, terms: [String]) async throws -> [SessionKey] {
        var walk = PageWalk(page, database.dialect)
        if !text.isEmpty {
            walk.conditions.append("session_id IN (\(SessionJoin.matching(text, terms: terms, &walk.query)))")
        }
        return try await walk.keys(limit: page.limit, from: database)
    }

    /// The page from the walk as far as `end`, its `probedRows`th row (all of it when nil), each row probed in the index.
    private func probed(_ page: DiagnosedPage, text: String, terms: [String], through end: SessionKey?) async throws -> [SessionKey] {
        var walk = PageWalk(page, database.dialect)
        if let end { walk.bound(through: end) }
        let ids = SessionJoin.matching(text, terms: [], &walk.query)
        walk.conditions.append("(session_id IN (\(ids)) OR \(SearchIndex.holds(terms, session: "session_diagnosis.session_id", &walk.query)))")
        return try await walk.keys(limit: page.limit, from: database)
    }

    /// The last row of the probed stretch; nil when the walk ends within it.
    private func stretchEnd(_ page: DiagnosedPage) async throws -> SessionKey? {
        try await PageWalk(page, database.dialect).keys(limit: 1, offset: page.probedRows - 1, from: database).first
    }
}

/// One page's walk along `session_diagnosis` in SQL: its conditions, a search aside, and its order.
private struct PageWalk {
    var query: SQLQuery
    var conditions: [String] = []
    private let newestFirst: Bool
    let order: String
    /// A session with no time sorts first.
    private static let first = "COALESCE(first_ms, -1)"

    init(_ page: DiagnosedPage, _ dialect: any SQLDialect) {
        query = SQLQuery(dialect)
        let first = Self.first
        if let since = page.since { conditions.append("\(first) >= \(query.bind(Timestamps.milliseconds(since)))") }
        if let until = page.until { conditions.append("first_ms IS NOT NULL AND \(first) < \(query.bind(Timestamps.milliseconds(until)))") }
        if let codes = page.codes { conditions.append(codes.isEmpty ? "1 = 0" : query.isIn("code", codes.map(\.rawValue).sorted())) }
        newestFirst = page.newestFirst
        order = newestFirst ? "ORDER BY \(first) DESC, session_id DESC" : "ORDER BY \(first), session_id"
        if let after = page.after { bound(after, newestFirst ? "<" : ">") }
    }

    /// Only keys up to this one in the walk's order, itself included.
    mutating func bound(through key: SessionKey) { bound(key, newestFirst ? ">=" : "<=") }

    /// Keys on one side of `key`: by time, then by session id where the times are equal. The time is also bounded
    /// on its own, a range of the page index on both databases, so a bounded walk stops where the bound does.
    private mutating func bound(_ key: SessionKey, _ comparison: String) {
        let at = query.bind(key.firstAt.map(Timestamps.milliseconds) ?? -1)
        let id = query.bind(key.sessionId)
        let strictly = comparison.prefix(1)
        conditions.append("\(Self.first) \(strictly)= \(at) AND (\(Self.first) \(strictly) \(at) OR session_id \(comparison) \(id))")
    }

    /// The walk's keys, at most `limit` after the first `offset`.
    func keys(limit: Int, offset: Int = 0, from database: any SQLDatabase) async throws -> [SessionKey] {
        var query = query
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let bounds = "LIMIT \(query.bind(Int64(limit))) OFFSET \(query.bind(Int64(offset)))"
        return try await database.rows(query, sql: "SELECT session_id, first_ms FROM session_diagnosis \(filter) \(order) \(bounds)") { row in
            SessionKey(sessionId: try row.text(0) ?? "", firstAt: try row.integer(1).map(Timestamps.date(milliseconds:)))
        }
    }
}
