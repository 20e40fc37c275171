import Foundation
import HandoverCore
import HandoverStore
import Logging
import Metrics
import ServiceLifecycle

/// `serve --fetch-every`: each configured source is read incrementally, one round at a time, from where the last
/// round ended (whoever ran it). Among replicas sharing a database only the holder of the source's lease fetches. A
/// failing source waits longer between rounds (doubling, up to 16 intervals), is logged once when it starts failing
/// and once when it recovers, and is counted in `/metrics`.
public struct ScheduledFetch: Service, CustomStringConvertible {
    let store: any CorrelationStore
    let rounds: [any HistoryRound]
    let interval: Duration
    /// The first round of a source never read reaches this far back.
    let firstReach: TimeInterval
    let holder: String
    let logger: Logger

    public var description: String { "scheduled fetch" }

    public init(
        store: any CorrelationStore, rounds: [any HistoryRound], every interval: Duration, firstReach: TimeInterval = 86_400, logger: Logger
    ) {
        self.store = store
        self.rounds = rounds
        self.interval = interval
        self.firstReach = firstReach
        holder = LeaseHolder.thisProcess()
        self.logger = logger
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
            let now = Date()
            let lease = now.addingTimeInterval(max(3 * interval.timeInterval, 60) + 600)
            guard try await store.claimLease("fetch.\(source)", holder: holder, now: now, until: lease) else { return nil }
            let position = try await store.status(of: round.source).coveredUntil
            let window = HistoryWindow.next(after: position, reachBack: round.reachBack, firstReach: firstReach, now: now)
            let records = try await round.run(window, into: store)
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
}
