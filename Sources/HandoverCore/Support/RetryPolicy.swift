import Foundation

/// When to try a throttled or unavailable request again (CXone, Cognigy OData): `Retry-After` when sent, otherwise
/// exponential backoff with full jitter, bounded in attempts and in the longest single wait.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration

    public init(maxAttempts: Int = 6, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(30)) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    public static func isRetryable(status: UInt) -> Bool { status == 429 || status == 503 }

    /// The wait before attempt `attempt + 1` (attempt counts from 1); `retryAfter` is the header's value.
    public func delay(afterAttempt attempt: Int, retryAfter: String?, random: () -> Double = { Double.random(in: 0...1) }) -> Duration {
        if let retryAfter, let seconds = Double(retryAfter.trimmingWhitespace()), seconds >= 0 {
            // Bounded before converting: a Retry-After of 1e300 must not overflow.
            return min(.milliseconds(Int64(min(seconds, 86_400) * 1000)), maxDelay)
        }
        let ceiling = min(baseDelay * Int(pow(2, Double(min(attempt - 1, 20)))), maxDelay)
        return ceiling * random()
    }
}
