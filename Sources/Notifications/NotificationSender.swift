import AsyncHTTPClient
import Foundation
import HandoverCore
import NIOCore

/// Why a message did not reach its receiver, without the receiver's URL: Slack's and Teams' webhook URLs are
/// themselves the secret.
public struct NotificationFailure: Error, CustomStringConvertible, Equatable {
    public let description: String
}

/// Posts messages to one receiver over AsyncHTTPClient's shared client (a message every few minutes at most needs
/// no pool of its own): each request bounded by a timeout, and tried again with backoff on a connection failure,
/// a timeout, 429 or 5xx (honouring `Retry-After`).
public struct NotificationSender: Sendable {
    let url: String
    let retry: RetryPolicy
    let timeout: Duration

    public init(url: String, retry: RetryPolicy = RetryPolicy(maxAttempts: 4, maxDelay: .seconds(10)), timeout: Duration = .seconds(10)) {
        self.url = url
        self.retry = retry
        self.timeout = timeout
    }

    /// The longest one `send` can take: every attempt timing out, with the longest wait between attempts.
    public var longestSend: Duration {
        timeout * retry.maxAttempts + retry.maxDelay * max(retry.maxAttempts - 1, 0)
    }

    /// The receiver's host, which logs may name.
    public var receiver: String { URLComponents(string: url)?.host ?? "the receiver" }

    /// Returns once a 2xx came back; throws `NotificationFailure` after the last attempt.
    public func send(_ body: String) async throws {
        var attempt = 1
        while true {
            let outcome = await post(body)
            if case .delivered = outcome { return }
            guard case .retryable(_, let retryAfter) = outcome, attempt < retry.maxAttempts else {
                throw NotificationFailure(description: "\(receiver) \(outcome.reason) after \(attempt) attempt\(attempt == 1 ? "" : "s")")
            }
            try await Task.sleep(for: retry.delay(afterAttempt: attempt, retryAfter: retryAfter))
            attempt += 1
        }
    }

    enum Outcome {
        case delivered
        case retryable(String, retryAfter: String?)
        case refused(String)

        var reason: String {
            switch self {
            case .delivered: "accepted the message"
            case .retryable(let reason, _), .refused(let reason): reason
            }
        }
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(duration.nanoseconds)
    }

    private func post(_ body: String) async -> Outcome {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "handover-trace")
        request.body = .bytes(ByteBuffer(string: body))
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: Self.timeAmount(timeout))
            _ = try? await response.body.collect(upTo: 64 << 10)
            let status = response.status.code
            switch status {
            case 200..<300: return .delivered
            case 429, 500...: return .retryable("answered \(status)", retryAfter: response.headers.first(name: "Retry-After"))
            default: return .refused("refused the message with \(status); check --notify-url and --notify-format")
            }
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            return .retryable("did not answer within \(timeout)", retryAfter: nil)
        } catch {
            return .retryable("could not be reached", retryAfter: nil)
        }
    }
}
