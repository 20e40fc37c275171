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
        for start in stride(from: 0, to: terms.count, by: Self.rowsPerStatement) {
            let chunk = terms[start..<min(start + Self.rowsPerStatement, terms.count)]
            statements.append(
                SQLQuery.statement(database.dialect) { query in
                    let rows = chunk.map { "(\(query.bind($0)))" }.joined(separator: ", ")
                    return "INSERT INTO search_term (term) VALUES \(rows) ON CONFLICT (term) DO NOTHING"
                })
        }
        for start in stride(from: 0, to: pairs.count, by: Self.rowsPerStatement) {
            let chunk = pairs[start..<min(start + Self.rowsPerStatement, pairs.count)]
            statements.append(
                SQLQuery.statement(database.dialect) { query in
                    let rows = chunk.map { "(\(query.bind($0.0)), \(query.bind($0.1)))" }.joined(separator: ", ")
                    return "INSERT INTO session_term (term, session_id) VALUES \(rows) ON CONFLICT (term, session_id) DO NOTHING"
                })
        }
        _ = try await database.writeAll(statements)
    }

    /// Sessions with a term holding `text`, case-blind: the match runs over the vocabulary, then its index.
    static func matching(_ pattern: String, _ dialect: any SQLDialect) -> String {
        """
        SELECT session_id FROM session_term WHERE term IN (SELECT term FROM search_term WHERE \(dialect.caseBlindLike("term", pattern)))
        """
    }
}
