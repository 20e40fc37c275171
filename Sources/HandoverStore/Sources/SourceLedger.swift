import Foundation
import HandoverCore

/// `source_position`, written once for both backends.
package struct SourceLedger: Sendable {
    let database: any SQLDatabase

    package init(_ database: any SQLDatabase) { self.database = database }

    package func statuses() async throws -> [SourceStatus] {
        let read = try await database.rows(
            SQLQuery(database.dialect),
            sql: "SELECT source, covered_until_ms, fetched_at_ms, records, failing_since_ms, error, error_at_ms FROM source_position"
        ) { row -> SourceStatus? in
            guard let source = try row.text(0).flatMap(HistorySource.init(rawValue:)) else { return nil }
            let date = { (index: Int) in try row.integer(index).map(Timestamps.date(milliseconds:)) }
            return SourceStatus(
                source: source, coveredUntil: try date(1), fetchedAt: try date(2), records: Int(try row.integer(3) ?? 0),
                failingSince: try date(4), lastError: try row.text(5), lastErrorAt: try date(6))
        }.compactMap { $0 }
        return HistorySource.allCases.map { source in read.first { $0.source == source } ?? SourceStatus(source: source) }
    }

    package func recordRead(_ source: HistorySource, coveredUntil: Date, records: Int, at: Date) async throws {
        var query = SQLQuery(database.dialect)
        let values = [
            query.bind(source.rawValue), query.bind(Timestamps.milliseconds(coveredUntil)), query.bind(Timestamps.milliseconds(at)),
            query.bind(Int64(records)),
        ]
        let kept = database.dialect.greatest("COALESCE(source_position.covered_until_ms, 0)", "excluded.covered_until_ms")
        try await database.write(
            query,
            sql: """
                INSERT INTO source_position (source, covered_until_ms, fetched_at_ms, records) VALUES (\(values.joined(separator: ", ")))
                ON CONFLICT (source) DO UPDATE SET covered_until_ms = \(kept), fetched_at_ms = excluded.fetched_at_ms,
                    records = excluded.records, failing_since_ms = NULL
                """)
    }

    package func recordFailure(_ source: HistorySource, error: String, at: Date) async throws {
        var query = SQLQuery(database.dialect)
        let values = [query.bind(source.rawValue), query.bind(Timestamps.milliseconds(at)), query.bind(error)]
        try await database.write(
            query,
            sql: """
                INSERT INTO source_position (source, failing_since_ms, error_at_ms, error)
                VALUES (\(values[0]), \(values[1]), \(values[1]), \(values[2]))
                ON CONFLICT (source) DO UPDATE SET error = excluded.error, error_at_ms = excluded.error_at_ms,
                    failing_since_ms = COALESCE(source_position.failing_since_ms, excluded.failing_since_ms)
                """)
    }
}
