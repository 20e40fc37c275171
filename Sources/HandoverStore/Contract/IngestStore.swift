import Foundation
import HandoverCore
import ServiceLifecycle

/// How one record arrived: kept beside it so nothing the flow sent is ever lost.
public struct IngestEnvelope: Sendable {
    public let receivedAt: Date
    public let contentType: String
    public let rawBody: [UInt8]
    /// `Idempotency-Key` (or Standard Webhooks `webhook-id`): a retry with the same key is answered, not stored twice.
    public let idempotencyKey: String?

    public init(receivedAt: Date = Date(), contentType: String, rawBody: [UInt8], idempotencyKey: String? = nil) {
        self.receivedAt = receivedAt
        self.contentType = contentType
        self.rawBody = rawBody
        self.idempotencyKey = idempotencyKey
    }
}

/// What storing a record came to. Each case is only returned once the transaction holding it committed.
public enum InsertOutcome: Sendable, Equatable {
    case created(id: Int64, receivedAt: Date)
    /// Same idempotency key and same body: the first record.
    case duplicate(id: Int64, receivedAt: Date)
    /// Same idempotency key, another body: nothing stored.
    case conflict(id: Int64)
}

/// The store could not take the write now (disk full, read-only, locked, I/O error); the caller may retry.
public struct StoreUnavailable: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Where the webhook's records live, and the store's own life: what ingest needs. SQLite is the embedded default,
/// PostgreSQL the one for several replicas; the other contract protocols in this folder refine or sit beside it.
public protocol IngestStore: Sendable {
    func record(_ snapshot: Snapshot, _ envelope: IngestEnvelope) async throws -> InsertOutcome
    func record(_ attempt: HandoverAttempt, verdict: HandoverVerdict, _ envelope: IngestEnvelope) async throws -> InsertOutcome
    func snapshots(sessionId: String, limit: Int) async throws -> [SnapshotRecord]
    func handoverAttempts(sessionId: String, limit: Int) async throws -> [HandoverAttemptRecord]
    /// Throws when the database cannot be read.
    func checkHealth() async throws
    /// Background work the store needs while it is open (a WAL checkpointer, a connection pool, partition upkeep).
    /// The store starts none of it: `serve` adds these to its application, everything else calls `running`.
    var backgroundServices: [any Service] { get }
    /// Closes the store once its background services have stopped.
    func close() async throws
}
