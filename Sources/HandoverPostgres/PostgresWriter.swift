import Foundation
import HandoverCore
import HandoverStore
import Logging
import PostgresNIO

/// One record to insert: its table, columns and values, and its idempotency key if the flow sent one.
struct PendingInsert: Sendable {
    let route: String
    let table: String
    let columns: [String]
    let values: [any PostgresBindable]
    let key: String?
    let rawBody: Data
    let receivedAt: Date
    var receivedAtMs: Int64 { Timestamps.milliseconds(receivedAt) }
}

/// Group commit for PostgreSQL, per process: the requests waiting while a batch commits go together into the next
/// transaction. Inserts without a key share one multi-row INSERT; a keyed insert claims its key first (the primary
/// key decides between replicas) and writes the record only if the claim won. If the batch fails as a whole, each
/// write is tried alone, so one bad write fails alone.
final class PostgresWriter: Sendable {
    private let queue: CommitQueue<PendingInsert>

    init(client: PostgresClient, metrics: StoreMetrics, writeDeadline: Duration, logger: Logger) {
        let batches = PostgresBatches(client: client, metrics: metrics, deadline: writeDeadline, logger: logger)
        queue = CommitQueue { batch in await batches.commit(batch) }
    }

    func submit(_ insert: PendingInsert) async throws -> InsertOutcome {
        try await queue.submit(insert)
    }
}

/// Writes one batch: the transaction, its retries, and each insert's outcome.
struct PostgresBatches: Sendable {
    let client: PostgresClient
    let metrics: StoreMetrics
    /// A request waits this long at most for its commit, as SQLite's busy timeout: then 503 and Retry-After.
    let deadline: Duration
    let logger: Logger

    func commit(_ batch: [CommitQueue<PendingInsert>.Pending]) async {
        let started = ContinuousClock.now
        do {
            let outcomes = try await write(batch.map(\.item))
            metrics.recordBatch(size: batch.count, duration: ContinuousClock.now - started, results: outcomes.map { .success($0) })
            for (pending, outcome) in zip(batch, outcomes) { pending.continuation.resume(returning: outcome) }
        } catch let error as StoreUnavailable {
            metrics.failedBatches.increment()
            batch.forEach { $0.continuation.resume(throwing: error) }
        } catch {
            // Something in the batch was refused: find which by writing each alone.
            for pending in batch {
                pending.continuation.resume(with: await Result { try await self.write([pending.item])[0] })
            }
        }
    }

    /// Writes the inserts in one transaction; the outcomes are in the same order. Two replicas' batches can
    /// deadlock on each other's keys despite the ordering; PostgreSQL then aborts one, which is tried again.
    func write(_ inserts: [PendingInsert]) async throws -> [InsertOutcome] {
        var attempt = 1
        while true {
            do {
                return try await withDeadline(deadline, "write") { try await self.writeOnce(inserts) }
            } catch let error as PSQLError where attempt < 3 && (error.serverInfo?[.sqlState]).map({ $0.hasPrefix("40") }) == true {
                attempt += 1
            } catch {
                throw PostgresStore.classify(error, doing: "write")
            }
        }
    }

    private func writeOnce(_ inserts: [PendingInsert]) async throws -> [InsertOutcome] {
        do {
            return try await client.withTransaction(logger: logger) { connection in
                var outcomes = [InsertOutcome?](repeating: nil, count: inserts.count)
                let plain = inserts.indices.filter { inserts[$0].key == nil }
                for (table, indices) in Dictionary(grouping: plain, by: { inserts[$0].table }) {
                    let ids = try await Self.insertMany(indices.map { inserts[$0] }, into: table, on: connection, logger: logger)
                    for (index, id) in zip(indices, ids) { outcomes[index] = .created(id: id, receivedAt: inserts[index].receivedAt) }
                }
                // Keys claimed in one order by every replica, so two batches never wait on each other in a circle.
                let keyed = inserts.indices.filter { inserts[$0].key != nil }
                    .sorted { (inserts[$0].route, inserts[$0].key!) < (inserts[$1].route, inserts[$1].key!) }
                for index in keyed {
                    outcomes[index] = try await insertOnce(inserts[index], on: connection)
                }
                return outcomes.map { $0! }
            }
        } catch let error as PostgresTransactionError {
            throw error.closureError ?? error.commitError ?? error.beginError ?? error
        }
    }

    /// INSERTs of many rows (2,000 per statement, inside the bind limit), with ids drawn from the table's sequence
    /// first so each row's id is known by position (RETURNING's order is not promised).
    static func insertMany(_ inserts: [PendingInsert], into table: String, on connection: PostgresConnection, logger: Logger) async throws -> [Int64]
    {
        guard let first = inserts.first else { return [] }
        let ids = try await connection.rows(
            "SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)",
            [table, Int64(inserts.count)], logger: logger
        ).map { try $0.decode(Int64.self) }
        let columns = (["id"] + first.columns).joined(separator: ", ")
        for start in stride(from: 0, to: inserts.count, by: 2_000) {
            let list = valuesList((start..<min(start + 2_000, inserts.count)).map { [ids[$0]] + inserts[$0].values })
            try await connection.rows("INSERT INTO \(table) (\(columns)) VALUES \(list.sql)", list.binds, logger: logger)
        }
        return ids
    }

    /// Claims the key and writes the record in one statement; when the key was already claimed (here or by another
    /// replica, whose transaction this waits for), answers with the record it names.
    private func insertOnce(_ insert: PendingInsert, on connection: PostgresConnection) async throws -> InsertOutcome {
        let count = insert.values.count
        let placeholders = (5..<(5 + count)).map { "$\($0)" }.joined(separator: ", ")
        let created = try await connection.rows(
            """
            WITH claim AS (
                INSERT INTO idempotency_key (route, key, record_id, created_at_ms)
                VALUES ($1, $2, nextval(pg_get_serial_sequence($3, 'id')), $4)
                ON CONFLICT (route, key) DO NOTHING RETURNING record_id)
            INSERT INTO \(insert.table) (id, \(insert.columns.joined(separator: ", ")))
            SELECT record_id, \(placeholders) FROM claim RETURNING id
            """, [insert.route, insert.key, insert.table, insert.receivedAtMs] + insert.values, logger: logger)
        if let row = created.first {
            return .created(id: try row.decode(Int64.self), receivedAt: insert.receivedAt)
        }
        let existing = try await connection.rows(
            IdempotencyKeys.claimedRecord(in: insert.table, route: "$1", key: "$2"), [insert.route, insert.key], logger: logger)
        let claimed = try existing.first.map { row in
            let (id, body, receivedAt) = try row.decode((Int64, Data, Int64).self)
            return IdempotencyKeys.ClaimedRecord(id: id, body: body, receivedAtMs: receivedAt)
        }
        if let answer = IdempotencyKeys.answer(insert.rawBody, claimed: claimed) { return answer }
        // The key survived its record: it is stale, so this request starts afresh.
        try await connection.rows("DELETE FROM idempotency_key WHERE route = $1 AND key = $2", [insert.route, insert.key], logger: logger)
        return try await insertOnce(insert, on: connection)
    }
}

extension Result where Failure == any Error {
    init(_ body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
