import Foundation
import HandoverCore

/// Keeps the word-search index in step with the stored diagnoses, written once for both backends:
/// `search_term` holds every distinct term (a small vocabulary, so a substring match over it is quick) and
/// `session_term` which sessions have each term. Refreshed with the diagnoses, so a search sees what they see.
package struct SearchIndex: Sendable {
    /// Rows per statement: GRDB looks up each parameter's name linearly, so very wide statements cost the square.
    static let rowsPerStatement = 100

    let database: any SQLDatabase

    /// Replaces the terms of these sessions, in one transaction.
    package func replace(_ sessions: [CorrelatedSession]) async throws {
        guard !sessions.isEmpty else { return }
        let pairs = sessions.flatMap { session in session.searchTerms.sorted().map { ($0, session.sessionId) } }
        let terms = Array(Set(pairs.map(\.0))).sorted()
        var statements = [
            SQLQuery.statement(database.dialect) { query in
                "DELETE FROM session_term WHERE \(query.isIn("session_id", sessions.map(\.sessionId)))"
            }
        ]
        statements += inserts(terms, into: "search_term (term)", conflict: "term") { term, query in query.bind(term) }
        statements += inserts(pairs, into: "session_term (term, session_id)", conflict: "term, session_id") { pair, query in
            "\(query.bind(pair.0)), \(query.bind(pair.1))"
        }
        _ = try await database.writeAll(statements)
    }

    /// Multi-row inserts of `rows`, a chunk per statement, skipping rows already there.
    private func inserts<Row>(
        _ rows: [Row], into target: String, conflict: String, _ values: (Row, inout SQLQuery) -> String
    ) -> [SQLStatement] {
        stride(from: 0, to: rows.count, by: Self.rowsPerStatement).map { start in
            SQLQuery.statement(database.dialect) { query in
                let chunk = rows[start..<min(start + Self.rowsPerStatement, rows.count)]
                let tuples = chunk.map { "(" + values($0, &query) + ")" }.joined(separator: ", ")
                return "INSERT INTO \(target) VALUES \(tuples) ON CONFLICT (\(conflict)) DO NOTHING"
            }
        }
    }

    /// The terms of the vocabulary holding `text`, case-blind; none for an id (digits only).
    func terms(holding text: String) async throws -> [String] {
        guard !Self.isAnId(text) else { return [] }
        var query = SQLQuery(database.dialect)
        let pattern = query.bind(Self.containing(text.lowercased()))
        return try await database.rows(query, sql: "SELECT term FROM search_term WHERE \(database.dialect.caseBlindLike("term", pattern))") {
            try $0.text(0) ?? ""
        }
    }

    /// The sessions holding one of `terms`, gathered whole from the index.
    static func sessions(holding terms: [String], _ query: inout SQLQuery) -> String {
        "SELECT session_id FROM session_term WHERE \(query.isIn("term", terms))"
    }

    /// Whether the session in `column` holds one of `terms`, looked up for that row alone. The `OFFSET` keeps
    /// PostgreSQL from first hashing every session that holds them, the very cost a probe is there to avoid.
    static func holds(_ terms: [String], session column: String, _ query: inout SQLQuery) -> String {
        "EXISTS (SELECT 1 FROM session_term WHERE session_term.session_id = \(column) AND \(query.isIn("term", terms)) LIMIT 1 OFFSET 0)"
    }

    /// Text of digits only names an id, never a step or an intent.
    private static func isAnId(_ text: String) -> Bool { text.allSatisfy(\.isNumber) }

    /// A LIKE pattern (escaped with a backslash) for text anywhere in a value.
    private static func containing(_ text: String) -> String {
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
        return "%" + escaped + "%"
    }
}
