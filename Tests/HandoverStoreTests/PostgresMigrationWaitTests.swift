import Foundation
import HandoverStore
import HandoverTestSupport
import Logging
import PostgresNIO
import Testing

@testable import HandoverPostgres

@Suite(
    "PostgreSQL: a slow migration is waited for",
    .enabled(if: TestPostgres.isAvailable, Comment(rawValue: TestPostgres.unavailableReason)))
struct PostgresMigrationWaitTests {
    /// Another process holds the migration lock longer than the store's connect deadline, as a replica back-filling
    /// a big database does: the store waits for it and opens, instead of giving up and rolling the migration back.
    @Test func aStoreOpensAfterAMigrationLongerThanItsConnectDeadline() async throws {
        try await TestPostgres.withDatabase { url in
            let logger = Logger(label: "test")
            let holder = try await PostgresConnection.connect(configuration: try PostgresAddress(url).probe, id: 1, logger: logger)
            _ = try await holder.query("BEGIN", logger: logger)
            _ = try await holder.query("SELECT pg_advisory_xact_lock(\(PostgresMigrator.lockKey))", logger: logger)
            let opening = Task {
                let store = try await PostgresStore(url: url)
                return try await store.running { try await store.appliedMigrations() }
            }
            try await Task.sleep(for: .seconds(11))
            _ = try await holder.query("COMMIT", logger: logger)
            try await holder.close()
            #expect(try await opening.value == SchemaMigrationNames.expected)
        }
    }
}
