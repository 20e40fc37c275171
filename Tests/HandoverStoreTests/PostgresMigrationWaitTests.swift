import Foundation
import HandoverStore
import HandoverTestSupport
import Logging
import PostgresNIO
import Synchronization
import Testing

@testable import HandoverPostgres

@Suite(
    "PostgreSQL: a slow migration is waited for",
    .enabled(if: TestPostgres.isAvailable, Comment(rawValue: TestPostgres.unavailableReason)))
struct PostgresMigrationWaitTests {
    /// Set once the store has opened, so the test can see it had not while the lock was held.
    final class Opened: Sendable {
        private let state = Mutex(false)
        var isSet: Bool { state.withLock { $0 } }
        func set() { state.withLock { $0 = true } }
    }

    /// Sessions of this database waiting for an advisory lock, as PostgreSQL's own lock table lists them.
    static func lockWaiters(_ connection: PostgresConnection, _ logger: Logger) async throws -> Int {
        let rows = try await connection.query(
            """
            SELECT count(*)::int8 FROM pg_locks
            WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """, logger: logger
        ).collect()
        return try rows.first?.decode(Int.self) ?? 0
    }

    /// Another process holds the migration lock longer than the store's connect deadline, as a replica back-filling
    /// a big database does: the store queues for the lock, is still waiting past that deadline (not given up and
    /// rolled back), and opens once the lock is let go.
    @Test func aStoreOpensAfterAMigrationLongerThanItsConnectDeadline() async throws {
        try await TestPostgres.withDatabase { url in
            let logger = Logger(label: "test")
            let holder = try await PostgresConnection.connect(configuration: try PostgresAddress(url).probe, id: 1, logger: logger)
            _ = try await holder.query("BEGIN", logger: logger)
            _ = try await holder.query("SELECT pg_advisory_xact_lock(\(PostgresMigrator.lockKey))", logger: logger)
            let opened = Opened()
            let opening = Task {
                let store = try await PostgresStore(url: url)
                opened.set()
                return try await store.running { try await store.appliedMigrations() }
            }
            let queued = ContinuousClock.now + .seconds(30)
            while try await Self.lockWaiters(holder, logger) == 0, ContinuousClock.now < queued { try await Task.sleep(for: .milliseconds(20)) }
            #expect(try await Self.lockWaiters(holder, logger) == 1, "the store queues for the migration lock")
            // Not a guess at how long something takes: the hold must outlast the store's 10-second connect deadline.
            try await Task.sleep(for: .seconds(11))
            #expect(try await Self.lockWaiters(holder, logger) == 1, "past its connect deadline the store still waits for the lock")
            #expect(!opened.isSet, "the store did not open while another connection held the migration lock")
            _ = try await holder.query("COMMIT", logger: logger)
            try await holder.close()
            #expect(try await opening.value == SchemaMigrationNames.expected)
            #expect(opened.isSet)
        }
    }
}
