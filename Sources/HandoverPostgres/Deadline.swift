import Foundation
import HandoverStore

/// PostgresNIO waits for a connection for as long as it takes, retrying a server that is down. A flow cannot wait
/// that long, so every database operation gets a deadline; past it the caller hears StoreUnavailable (503 with
/// Retry-After on HTTP), as it would from SQLite's busy timeout. The operation is cancelled then, but not waited
/// for: after an immediate restart of PostgreSQL one could hang in the pool ignoring cancellation, and waiting for
/// it held up the group commit behind it, so a server stopped answering writes at all (scripts/crash-test --db
/// postgres found it). A cancelled transaction that was not committed rolls back when its connection goes.
func withDeadline<T: Sendable>(_ limit: Duration, _ action: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    let outcome = FirstOutcome<T>()
    return try await withCheckedThrowingContinuation { continuation in
        outcome.waiting(continuation)
        let work = Task {
            let result = await Result { try await body() }
            outcome.settle(result)
        }
        Task {
            try? await Task.sleep(for: limit)
            if outcome.settle(.failure(StoreUnavailable("PostgreSQL did not answer within \(limit.components.seconds) s (\(action))"))) {
                work.cancel()
            }
        }
    }
}

/// Resumes a continuation with whichever outcome comes first; the later one is dropped. (NSLock: Mutex needs a
/// newer macOS than the package's floor.)
private final class FirstOutcome<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, any Error>?
    private var settled = false

    func waiting(_ continuation: CheckedContinuation<T, any Error>) {
        lock.withLock { self.continuation = continuation }
    }

    /// Returns whether this outcome was the first.
    @discardableResult
    func settle(_ result: Result<T, any Error>) -> Bool {
        let first = lock.withLock { () -> CheckedContinuation<T, any Error>? in
            guard !settled else { return nil }
            settled = true
            defer { continuation = nil }
            return continuation
        }
        first?.resume(with: result)
        return first != nil
    }
}
