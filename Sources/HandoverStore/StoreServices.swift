import Logging
import ServiceLifecycle

/// Work repeated on a timer as a swift-service-lifecycle service, so it starts and stops with whatever runs it
/// (the server's application, or a command's store). A graceful shutdown ends the wait at once.
package struct PeriodicService: Service, CustomStringConvertible {
    /// What the logs call it.
    package let description: String
    let interval: Duration
    /// Work once as soon as the service starts, before the first wait.
    let atStart: Bool
    let work: @Sendable () async -> Void

    package init(_ name: String, every interval: Duration, atStart: Bool, _ work: @escaping @Sendable () async -> Void) {
        description = name
        self.interval = interval
        self.atStart = atStart
        self.work = work
    }

    package func run() async throws {
        if atStart { await work() }
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { [interval] in try await Task.sleep(for: interval) }
            } catch {
                return  // shutting down
            }
            await work()
        }
    }
}

extension IngestStore {
    /// Runs `body` with the store's background services running beside it (as `serve` runs them with the server),
    /// then stops them and closes the store, whatever `body` did: its error wins over one from closing.
    public func running<T>(_ body: () async throws -> T) async throws -> T {
        let services = backgroundServices
        let (started, starting) = AsyncStream<Void>.makeStream()
        let group = ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: Started(service: $0, starting: starting)) }, gracefulShutdownSignals: [],
                cancellationSignals: [], logger: Logger(label: "handover-trace.store")))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            // The body's first query waits for the pool otherwise, and PostgresNIO warns about it.
            var waiting = services.count
            if waiting > 0 {
                for await _ in started {
                    waiting -= 1
                    if waiting == 0 { break }
                }
            }
            let outcome: Result<T, any Error>
            do { outcome = .success(try await body()) } catch { outcome = .failure(error) }
            await group.triggerGracefulShutdown()
            let stopped = await Result<Void, any Error> { try await tasks.waitForAll() }
            let closed = await Result<Void, any Error> { try await close() }
            let result = try outcome.get()
            try stopped.get()
            try closed.get()
            return result
        }
    }
}

/// A service that says when its `run()` has begun.
private struct Started: Service, CustomStringConvertible {
    let service: any Service
    let starting: AsyncStream<Void>.Continuation

    var description: String { "\(service)" }

    func run() async throws {
        starting.yield()
        try await service.run()
    }
}

extension Result where Failure == any Error {
    init(_ body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
