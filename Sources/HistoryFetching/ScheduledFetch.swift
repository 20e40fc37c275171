import Foundation
import HandoverCore
import HandoverStore
import Logging
import Metrics
import ServiceLifecycle

/// `serve --fetch-every`: each configured source is read incrementally, one round at a time, from where the last
/// round ended (whoever ran it). Among replicas sharing a database only the holder of the source's lease fetches, and
/// a running round renews it, so a long round is never run twice at once. A failing source waits longer between rounds
/// (doubling, up to 16 intervals), is logged once when it starts failing and once when it recovers, and is counted in
/// `/metrics`.
public struct ScheduledFetch: Service, CustomStringConvertible {
    let store: any CorrelationStore
    let rounds: [any HistoryRound]
    let interval: Duration
    /// The first round of a source never read reaches this far back.
    let firstReach: TimeInterval
    let holder: String
    let logger: Logger
    /// How long a claim lasts: a replica that stops mid-round gives the source up after this long.
    let leaseLength: TimeInterval
    /// How often a running round renews its claim, well inside `leaseLength`.
    let renewEvery: Duration
    let clock: @Sendable () -> Date

    public var description: String { "scheduled fetch" }

    public init(
        store: any CorrelationStore, rounds: [any HistoryRound], every interval: Duration, firstReach: TimeInterval = 86_400, logger: Logger
    ) {
        let leaseLength = max(3 * interval.timeInterval, 60)
        self.init(
            store: store, rounds: rounds, every: interval, firstReach: firstReach, holder: LeaseHolder.thisProcess(), leaseLength: leaseLength,
            renewEvery: .seconds(leaseLength / 4), clock: { Date() }, logger: logger)
    }

    init(
        store: any CorrelationStore, rounds: [any HistoryRound], every interval: Duration, firstReach: TimeInterval = 86_400, holder: String,
        leaseLength: TimeInterval, renewEvery: Duration, clock: @escaping @Sendable () -> Date, logger: Logger
    ) {
        (self.store, self.rounds, self.interval, self.firstReach, self.holder) = (store, rounds, interval, firstReach, holder)
        (self.leaseLength, self.renewEvery, self.clock, self.logger) = (leaseLength, renewEvery, clock, logger)
    }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            for round in rounds { group.addTask { await self.loop(round) } }
        }
    }

    private func loop(_ round: any HistoryRound) async {
        var failures = 0
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            let before = failures
            let succeeded = await cancelWhenGracefulShutdown { await self.roundOnce(round, failuresBefore: before) }
            if let succeeded { failures = succeeded ? 0 : failures + 1 }
            let wait = interval * (1 << min(failures, 4))
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
            } catch {
                return  // shutting down
            }
        }
    }

    /// One round if this replica holds the source's lease: true when it read its window, false when it failed, nil when
    /// another replica fetches.
    func roundOnce(_ round: any HistoryRound, failuresBefore: Int) async -> Bool? {
        let source = round.source.rawValue
        do {
            let now = clock()
            guard try await claim(source) else { return nil }
            let position = try await store.status(of: round.source).coveredUntil
            let window = HistoryWindow.next(after: position, reachBack: round.reachBack, firstReach: firstReach, now: now)
            let records = try await holding(source) { [store] in try await round.run(window, into: store) }
            Counter(label: "handover_trace_fetch_rounds_total", dimensions: [("source", source), ("result", "ok")]).increment()
            Counter(label: "handover_trace_fetch_records_total", dimensions: [("source", source)]).increment(by: records)
            if failuresBefore > 0 { logger.info("\(round.source.displayName) fetch recovered", metadata: ["source": "\(source)"]) }
            logger.debug("fetched", metadata: ["source": "\(source)", "records": "\(records)", "until": "\(Timestamps.format(window.end))"])
            return true
        } catch is CancellationError {
            return nil
        } catch {
            Counter(label: "handover_trace_fetch_rounds_total", dimensions: [("source", source), ("result", "failed")]).increment()
            if failuresBefore == 0 {
                logger.error(
                    "\(round.source.displayName) fetch failing; retrying with backoff", metadata: ["source": "\(source)", "error": "\(error)"])
            }
            return false
        }
    }

    private func claim(_ source: String) async throws -> Bool {
        let now = clock()
        return try await store.claimLease("fetch.\(source)", holder: holder, now: now, until: now.addingTimeInterval(leaseLength))
    }

    /// Runs `work` while renewing the source's lease. Should another replica have taken it (this one stalled past
    /// its claim), the work is cancelled and the round fails, rather than two replicas fetching one source.
    private func holding<T: Sendable>(_ source: String, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await work() }
            group.addTask {
                while true {
                    try await Task.sleep(for: renewEvery)
                    guard try await claim(source) else { throw LeaseLost(source: source) }
                }
            }
            defer { group.cancelAll() }
            guard let result = try await group.next() ?? nil else { throw CancellationError() }
            return result
        }
    }
}

/// Another replica holds a source's lease that this one was fetching under.
struct LeaseLost: Error, CustomStringConvertible {
    let source: String
    var description: String { "another replica took the \(source) fetch lease while this one was still fetching" }
}
