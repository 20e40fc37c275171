import Foundation
import GRDB
import HTTPTypes
import HandoverServer
import HandoverTestSupport
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import HandoverSQLite
@testable import HandoverStore

/// Real SQLite failures on a real file, not a test double: the disk fills up, another process locks the database.
/// Each must answer 503 with Retry-After and store nothing, and the server must recover by itself once it clears.
@Suite("Storage failures: 503 with Retry-After, then recovery without a restart")
struct StorageFailureTests {
    static let bigSnapshot = #"{"sessionId":"full","text":"\#(String(repeating: "x", count: 60_000))"}"#

    @Test func aFullDiskAnswers503AndRecoversWhenSpaceReturns() async throws {
        try await withTestServer { client, store, _ in
            #expect(try await client.post("/v1/snapshots", json: #"{"sessionId":"before"}"#).status == .created)
            // SQLite's page limit gives the same SQLITE_FULL a full disk gives, on the connection that writes.
            let pages = try await store.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA page_count")! }
            try await store.pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA max_page_count = \(pages)") }
            let full = try await client.post("/v1/snapshots", json: Self.bigSnapshot)
            #expect(full.status == .serviceUnavailable)
            #expect(full.errorCode == "STORE_UNAVAILABLE")
            #expect(full.headers[.retryAfter] == "2")
            #expect(try await store.snapshots(sessionId: "full", limit: 1).isEmpty, "nothing half-written")

            // Concurrent writes share batches with ones that fill the disk: every 201 must be stored, nothing else.
            let answers = try await withThrowingTaskGroup(of: (Int, TestResponse).self) { group in
                for index in 0..<12 {
                    group.addTask {
                        (index, try await client.post("/v1/snapshots", json: index % 3 == 0 ? Self.bigSnapshot : #"{"sessionId":"small-\#(index)"}"#))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            for (index, answer) in answers {
                #expect([.created, .serviceUnavailable].contains(answer.status))
                let stored = try await store.snapshots(sessionId: index % 3 == 0 ? "full" : "small-\(index)", limit: 5)
                if answer.status == .created {
                    #expect(stored.contains { $0.id == answer.json["id"] as? Int64 }, "an acknowledged write is stored")
                } else if index % 3 != 0 {
                    #expect(stored.isEmpty, "a refused write is not stored")
                }
            }
            #expect(try await store.snapshots(sessionId: "full", limit: 1).isEmpty)

            try await store.pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA max_page_count = 1073741823") }
            #expect(try await client.post("/v1/snapshots", json: Self.bigSnapshot).status == .created)
            #expect(try await store.snapshots(sessionId: "full", limit: 1).count == 1)
        }
    }

    @Test func aDatabaseLockedByAnotherProcessAnswers503AndRecovers() async throws {
        try await withTestServer(busyTimeout: 0.2) { client, store, database in
            // Another process takes the write lock and holds it: a transaction that has written, left open.
            let intruder = try DatabaseQueue(path: database.path)
            let locked = DispatchSemaphore(value: 0)
            let release = DispatchSemaphore(value: 0)
            let rolledBack = DispatchSemaphore(value: 0)
            Thread {
                try? intruder.write { db in
                    try db.execute(sql: "INSERT INTO idempotency_key (route, key, record_id, created_at_ms) VALUES ('x', 'x', 0, 0)")
                    locked.signal()
                    release.wait()
                    throw CancellationError()  // roll back
                }
                rolledBack.signal()
            }.start()
            locked.wait()
            let answer = try await client.post("/v1/snapshots", json: #"{"sessionId":"locked"}"#)
            #expect(answer.status == .serviceUnavailable)
            #expect(answer.headers[.retryAfter] == "2")

            release.signal()
            while rolledBack.wait(timeout: .now()) == .timedOut { try await Task.sleep(for: .milliseconds(10)) }
            #expect(try await client.post("/v1/snapshots", json: #"{"sessionId":"locked"}"#).status == .created)
            #expect(try await store.snapshots(sessionId: "locked", limit: 5).count == 1)
        }
    }
}
