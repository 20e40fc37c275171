import GRDB
import HandoverStore
import Metrics

/// Commits concurrent writes together: one transaction per batch of waiting requests, each request answered only
/// after its batch committed. While one batch is being written, new arrivals queue up for the next.
final class GroupCommitWriter: Sendable {
    typealias Write = @Sendable (Database) throws -> InsertOutcome

    private let writer: any DatabaseWriter
    private let metrics: StoreMetrics
    private let queue: CommitQueue<Write>

    init(writer: any DatabaseWriter, maxBatch: Int = 256, metrics: StoreMetrics) {
        self.writer = writer
        self.metrics = metrics
        queue = CommitQueue(maxBatch: maxBatch) { [writer, metrics] batch in
            await Self.commit(batch, writer: writer, metrics: metrics)
        }
    }

    func submit(_ write: @escaping Write) async throws -> InsertOutcome {
        try await queue.submit(write)
    }

    /// Writes queued for the next batch (for tests).
    var waiting: Int { queue.waiting }

    private static func commit(_ batch: [CommitQueue<Write>.Pending], writer: any DatabaseWriter, metrics: StoreMetrics) async {
        let started = ContinuousClock.now
        do {
            let results = try await results(of: batch, writer: writer)
            metrics.recordBatch(size: batch.count, duration: ContinuousClock.now - started, results: results)
            for (pending, result) in zip(batch, results) {
                pending.continuation.resume(with: result.mapError { SQLiteStore.classify($0) })
            }
        } catch {
            metrics.failedBatches.increment()
            let failure = SQLiteStore.classify(error)
            batch.forEach { $0.continuation.resume(throwing: failure) }
        }
    }

    /// A batch runs as plain writes first: almost none has a failing write, and a savepoint around each write costs
    /// two more statements apiece. When one fails, that transaction is rolled back and the batch runs again with each
    /// write in its own savepoint, so the failing write fails alone; a failed commit fails them all.
    private static func results(
        of batch: [CommitQueue<Write>.Pending], writer: any DatabaseWriter
    ) async throws -> [Result<InsertOutcome, any Error>] {
        do {
            return try await writer.write { db in try batch.map { .success(try $0.item(db)) } }
        } catch {
            return try await writer.write { db in
                let results = batch.map { pending in
                    Result {
                        var outcome: InsertOutcome?
                        try db.inSavepoint {
                            outcome = try pending.item(db)
                            return .commit
                        }
                        return outcome!
                    }
                }
                // On a full disk or an I/O error SQLite may roll back the whole transaction, not just the savepoint:
                // then no write of the batch is stored, whatever its own result said.
                guard db.isInsideTransaction else {
                    throw StoreUnavailable("SQLite rolled the transaction back (disk full or I/O error)")
                }
                return results
            }
        }
    }
}
