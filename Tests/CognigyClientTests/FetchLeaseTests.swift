import Foundation
import HandoverCore
import HandoverSQLite
import HandoverStore
import HandoverTestSupport
import Logging
import Synchronization
import Testing

@testable import HistoryFetching

/// Two replicas sharing a database fetch a source once at a time: a round that outlives its claim renews it, so the
/// other replica does not start the same round beside it.
@Suite("Scheduled fetch: one replica per source, however long a round runs")
struct FetchLeaseTests {
    /// The replicas' shared clock, moved by the test, so a claim can expire without waiting for it.
    final class TestClock: Sendable {
        let now = Mutex(Date(timeIntervalSince1970: 1_795_000_000))
        func advance(by seconds: TimeInterval) { now.withLock { $0 = $0.addingTimeInterval(seconds) } }
    }

    /// A round that moves the clock past its claim, then waits until the test lets it finish.
    final class LongRound: HistoryRound, Sendable {
        let source = HistorySource.cxone
        let reachBack: TimeInterval = 0
        let clock: TestClock
        let started = Mutex(false), released = Mutex(false)

        init(clock: TestClock) { self.clock = clock }

        func read(_ window: HistoryWindow, into store: any CorrelationStore) async throws -> Int {
            clock.advance(by: 2 * FetchLeaseTests.leaseLength)
            started.withLock { $0 = true }
            try await FetchLeaseTests.eventually("the test releases the round") { released.withLock { $0 } }
            return 0
        }
    }

    struct QuickRound: HistoryRound {
        let source = HistorySource.cxone
        let reachBack: TimeInterval = 0
        func read(_ window: HistoryWindow, into store: any CorrelationStore) async throws -> Int { 0 }
    }

    static let leaseLength: TimeInterval = 60

    static func replica(_ holder: String, _ store: any CorrelationStore, _ clock: TestClock) -> ScheduledFetch {
        ScheduledFetch(
            store: store, rounds: [], every: .seconds(1), holder: holder, leaseLength: leaseLength, renewEvery: .milliseconds(20),
            clock: { clock.now.withLock { $0 } }, logger: Logger(label: "test"))
    }

    static func eventually(_ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while try await !condition() {
            guard ContinuousClock.now < deadline else { throw LiveMonitoringTests.WaitFailure(what: what) }
            try await Task.sleep(for: .milliseconds(10))  // polling for the condition, not standing in for it
        }
    }

    @Test func aRoundThatOutlivesItsClaimRenewsItAndTheOtherReplicaWaits() async throws {
        try await TemporaryDatabase.with { store, _ in
            let clock = TestClock()
            let long = LongRound(clock: clock)
            let (first, second) = (Self.replica("replica-a", store, clock), Self.replica("replica-b", store, clock))
            let running = Task { await first.roundOnce(long, failuresBefore: 0) }
            try await Self.eventually("the long round started") { long.started.withLock { $0 } }
            let renewed = Timestamps.milliseconds(clock.now.withLock { $0 }.addingTimeInterval(Self.leaseLength))
            try await Self.eventually("the running round renewed its claim past the moved clock") {
                try await storedValue(store, "SELECT expires_at_ms FROM lease WHERE name = 'fetch.cxone'") == String(renewed)
            }
            #expect(await second.roundOnce(QuickRound(), failuresBefore: 0) == nil, "the other replica leaves the source alone")
            long.released.withLock { $0 = true }
            #expect(await running.value == true)
            clock.advance(by: 2 * Self.leaseLength)
            #expect(await second.roundOnce(QuickRound(), failuresBefore: 0) == true, "once the round ended and its claim ran out")
        }
    }
}
