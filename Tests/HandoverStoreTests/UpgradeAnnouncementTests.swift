import Foundation
import GRDB
import HandoverStore
import HandoverTestSupport
import Logging
import PostgresNIO
import Synchronization
import Testing

@testable import HandoverPostgres
@testable import HandoverSQLite

/// Opening a database that already held migrations names each one it applies (an upgrade can take minutes and must
/// not look like a hang); a new database is set up without a word.
@Suite("An upgrade says which migrations it applies; a new database is set up silently")
struct UpgradeAnnouncementTests {
    final class Heard: Sendable {
        private let names = Mutex<[String]>([])
        var announcer: UpgradeAnnouncer { { name in self.names.withLock { $0.append(name) } } }
        var all: [String] { names.withLock { $0 } }
    }

    @Test func sqliteNamesOnlyWhatAnUpgradeApplies() async throws {
        let database = try TemporaryDatabase()
        defer { database.remove() }
        let heard = Heard()
        try await SQLiteStore(path: database.path, announcingUpgrade: heard.announcer).running {}
        #expect(heard.all.isEmpty, "a new database")
        try await SQLiteStore(path: database.path, announcingUpgrade: heard.announcer).running {}
        #expect(heard.all.isEmpty, "nothing left to apply")

        let older = database.folder.appendingPathComponent("older.sqlite")
        let pool = try DatabasePool(path: older.path)
        try SQLiteStore.migrator().migrate(pool, upTo: SchemaMigrationNames.expected.dropLast().last!)
        try pool.close()
        try await SQLiteStore(path: older.path, announcingUpgrade: heard.announcer).running {}
        #expect(heard.all == [SchemaMigrationNames.expected.last!], "the one migration an older database lacked")
    }

    @Test(.enabled(if: TestPostgres.isAvailable, Comment(rawValue: TestPostgres.unavailableReason)))
    func postgresNamesWhatAnUpgradeApplies() async throws {
        try await TestPostgres.withDatabase { url in
            let heard = Heard()
            try await PostgresStore(url: url, announcingUpgrade: heard.announcer).running {}
            #expect(heard.all.isEmpty, "a new database")
        }
        try await TestPostgres.withDatabase { url in
            // A database whose record names a migration from before any of these: each one is an upgrade.
            let logger = Logger(label: "test")
            let connection = try await PostgresConnection.connect(configuration: try PostgresAddress(url).probe, id: 1, logger: logger)
            _ = try await connection.query(
                "CREATE TABLE schema_migration (identifier TEXT PRIMARY KEY, applied_at_ms BIGINT NOT NULL)", logger: logger)
            _ = try await connection.query("INSERT INTO schema_migration VALUES ('0000_earlier', 0)", logger: logger)
            try await connection.close()
            let heard = Heard()
            try await PostgresStore(url: url, announcingUpgrade: heard.announcer).running {}
            #expect(heard.all == SchemaMigrationNames.expected)
        }
    }
}
