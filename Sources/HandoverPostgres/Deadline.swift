import Foundation
import HandoverStore

/// PostgresNIO waits for a connection for as long as it takes, retrying a server that is down. A flow cannot wait
/// that long, so every database operation gets a deadline; past it the caller hears StoreUnavailable (503 with
/// Retry-After on HTTP), as it would from SQLite's busy timeout. The operation is cancelled then, but not waited
/// for: after an immediate restart of PostgreSQL one could hang in the pool ignoring cancellation, and waiting for
/// it held up the group commit behind it, so a server stopped answering writes at all (scripts/crash-test --db
/// postgres found it). A cancelled transaction that was not committed rolls back when its connection goes.
func withDeadline<T: Sendable>(_ limit: Duration, _ action: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await firstOutcome(of: body, within: limit, cancellingLate: true) {
        .failure(StoreUnavailable("PostgreSQL did not answer within \(limit.components.seconds) s (\(action))"))
    }
}
