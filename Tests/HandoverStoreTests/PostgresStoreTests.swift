import Foundation
import HandoverCore
import HandoverPostgres
import HandoverTestSupport
import Testing
@testable import HandoverStore

@Suite("PostgreSQL store: migrations, partitions, replicas", .enabled(if: TestPostgres.isAvailable, Comment(rawValue: TestPostgres.unavailableReason)))
struct PostgresStoreTests {
    func envelope(_ body: String, key: String? = nil, at: Date = Date()) -> IngestEnvelope {
        IngestEnvelope(receivedAt: at, contentType: "application/json", rawBody: Array(body.utf8), idempotencyKey: key)
    }

    @Test func migrationsApplyOnceAndRecordsRoundTrip() async throws {
        try await TestPostgres.withStore { store, url in
            #expect(try await store.appliedMigrations() == SchemaMigrationNames.expected)
            var snapshot = Snapshot(sessionId: "pg-1")
            snapshot.contactId = "700"
            snapshot.context = .object(["note": .string("nul \u{0} inside")])
            let outcome = try await store.record(snapshot, envelope("{\"sessionId\":\"pg-1\"}"))
            guard case .created(let id, _) = outcome else { Issue.record("expected created, got \(outcome)"); return }
            let stored = try await store.snapshots(sessionId: "pg-1", limit: 10)
            #expect(stored.map(\.id) == [id])
            #expect(stored.first?.contactId == "700")
            #expect(stored.first?.rawBody == Data("{\"sessionId\":\"pg-1\"}".utf8))
            // A second process on the same database finds every migration applied.
            let second = try await PostgresStore(url: url)
            #expect(try await second.appliedMigrations() == SchemaMigrationNames.expected)
            try await second.close()
        }
    }
}
