import Foundation
import HandoverSchema
import HandoverStore
import Logging
import PostgresNIO

/// Applies `Schema/postgres` in order, each file once, recorded in `schema_migration`. An advisory lock makes
/// replicas that start together take turns: the first migrates, the others find nothing left to do.
struct PostgresMigrator {
    let database: any PostgresTransactor
    let logger: Logger
    var announceUpgrade: UpgradeAnnouncer = { _ in }

    /// Any 64-bit number no other program takes the advisory lock with: "handover" in ASCII.
    static let lockKey: Int64 = 0x68616e646f766572

    /// A migration file's statements: comments dropped, split at each `;` (the files keep `;` and `--` out of
    /// string literals).
    static func statements(_ sql: String) -> [String] {
        let code = sql.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in line.range(of: "--").map { String(line[..<$0.lowerBound]) } ?? String(line) }
            .joined(separator: "\n")
        return code.split(separator: ";").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// Fills the columns a migration added to rows stored before it (ColumnBackfill), a page at a time.
    func backfill(_ backfill: ColumnBackfill, _ connection: PostgresConnection) async throws {
        var after: Int64 = 0
        var filled = 0
        let (page, update) = (backfill.selectPage(PostgresDialect(), size: 1_000), backfill.update(PostgresDialect()))
        while true {
            let rows = try await connection.rows(page, [after], logger: logger)
                .map { try $0.decode((Int64, String?).self) }
            guard let last = rows.last else { break }
            for (id, source) in rows {
                guard let values = backfill.values(source) else { continue }
                try await connection.rows(update, values.map(\.bindable) + [id], logger: logger)
                filled += 1
            }
            after = last.0
        }
        guard filled > 0 else { return }
        logger.info("back-filled rows", metadata: ["migration": "\(backfill.migration)", "table": "\(backfill.table)", "rows": "\(filled)"])
    }

    func migrate() async throws {
        let migrations = try SchemaMigrations.postgres()
        try await database.transaction(logger) { connection in
            try await connection.rows("SELECT pg_advisory_xact_lock($1)", [Self.lockKey], logger: logger)
            try await connection.rows(
                """
                CREATE TABLE IF NOT EXISTS schema_migration (identifier TEXT PRIMARY KEY, applied_at_ms BIGINT NOT NULL)
                """, logger: logger)
            let applied = Set(
                try await connection.rows("SELECT identifier FROM schema_migration", logger: logger)
                    .map { try $0.decode(String.self) })
            for migration in migrations where !applied.contains(migration.identifier) {
                logger.info("applying migration", metadata: ["migration": "\(migration.identifier)"])
                if !applied.isEmpty { announceUpgrade(migration.identifier) }
                for statement in Self.statements(migration.sql) {
                    try await connection.rows(statement, logger: logger)
                }
                if let backfill = ColumnBackfill.after(migration.identifier) { try await self.backfill(backfill, connection) }
                try await connection.rows(
                    "INSERT INTO schema_migration (identifier, applied_at_ms) VALUES ($1, $2)",
                    [migration.identifier, Int64(Date().timeIntervalSince1970 * 1000)], logger: logger)
            }
        }
    }
}
