import Foundation

/// Answers with `body`'s outcome or, once `limit` has passed, with `late()`, whichever comes first, and never waits
/// for the other: an operation that ignores cancellation (a pool lease after PostgreSQL restarted) or that has a long
/// way to go (a refresh after a big import) must not hold up its caller past the limit. With `cancellingLate`, the
/// body is cancelled when the limit wins; otherwise it carries on.
package func firstOutcome<T: Sendable>(
    of body: @escaping @Sendable () async throws -> T, within limit: Duration, cancellingLate: Bool,
    otherwise late: @escaping @Sendable () -> Result<T, any Error>
) async throws -> T {
    let outcome = FirstOutcome<T>()
    return try await withCheckedThrowingContinuation { continuation in
        outcome.waiting(continuation)
        let work = Task {
            let result = await Result { try await body() }
            outcome.settle(result)
        }
        outcome.timing(
            Task {
                try? await Task.sleep(for: limit)
                if outcome.settle(late()), cancellingLate { work.cancel() }
            })
    }
}

/// Resumes a continuation with whichever outcome comes first; the later one is dropped. (NSLock: Mutex needs a
/// newer macOS than the package's floor.)
private final class FirstOutcome<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, any Error>?
    private var settled = false
    /// The limit's sleep, cancelled once an outcome is in, so a quick answer leaves no timer behind.
    private var timer: Task<Void, Never>?

    func waiting(_ continuation: CheckedContinuation<T, any Error>) {
        lock.withLock { self.continuation = continuation }
    }

    func timing(_ timer: Task<Void, Never>) {
        let done = lock.withLock { () -> Bool in
            self.timer = timer
            return settled
        }
        if done { timer.cancel() }
    }

    /// Returns whether this outcome was the first.
    @discardableResult
    func settle(_ result: Result<T, any Error>) -> Bool {
        let (first, timer) = lock.withLock { () -> (CheckedContinuation<T, any Error>?, Task<Void, Never>?) in
            guard !settled else { return (nil, nil) }
            settled = true
            defer { (continuation, self.timer) = (nil, nil) }
            return (continuation, self.timer)
        }
        timer?.cancel()
        first?.resume(with: result)
        return first != nil
    }
}
