import Foundation
import Synchronization

/// Fans each stored record out to the browsers watching `/v1/stream`. A slow watcher loses old events (it keeps
/// the newest 100), never slows ingest.
public final class LiveFeed: Sendable {
    public struct Event: Sendable, Encodable {
        let kind: String
        let sessionId: String
        let receivedAt: String
        let detail: String
    }

    private let watchers = Mutex<[UUID: AsyncStream<String>.Continuation]>([:])

    public init() {}

    func publish(_ event: Event) {
        let watching = watchers.withLock { Array($0.values) }
        guard !watching.isEmpty, let json = try? JSONResponse<Event>.encoder.encode(event) else { return }
        let message = "data: " + String(decoding: json, as: UTF8.self) + "\n\n"
        for continuation in watching { continuation.yield(message) }
    }

    /// Messages for one watcher, with a comment every 15 s so proxies and idle timers keep the connection open.
    func subscribe() -> AsyncStream<String> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(100))
        let heartbeat = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(15))
                continuation.yield(": keep-alive\n\n")
            }
        }
        continuation.onTermination = { [weak self] _ in
            heartbeat.cancel()
            self?.watchers.withLock { $0[id] = nil }
        }
        watchers.withLock { $0[id] = continuation }
        continuation.yield(": connected\n\n")
        return stream
    }
}
