import Foundation
import HandoverStore

/// PostgresNIO waits for a connection for as long as it takes, retrying a server that is down. A flow cannot wait
/// that long, so every database operation gets a deadline; past it the caller hears StoreUnavailable (503 with
/// Retry-After on HTTP), as it would from SQLite's busy timeout.
func withDeadline<T: Sendable>(_ limit: Duration, _ action: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw StoreUnavailable("PostgreSQL did not answer within \(limit.components.seconds) s (\(action))")
        }
        return value
    }
}
