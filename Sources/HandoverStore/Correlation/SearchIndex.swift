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

    /// Sessions with a term holding `text`, case-blind: the match runs over the vocabulary, then its index.
    static func matching(_ pattern: String, _ dialect: any SQLDialect) -> String {
        """
        SELECT session_id FROM session_term WHERE term IN (SELECT term FROM search_term WHERE \(dialect.caseBlindLike("term", pattern)))
        """
    }
}
