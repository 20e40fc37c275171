import Foundation
import HandoverCore
import HandoverPostgres
import HandoverStore
import HandoverTestSupport
import Logging
import Testing

@testable import Notifications

@Suite("Notifications: a round against a real store and a fake receiver")
struct NotificationServiceTests {
    static let quickRetry = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(20), maxDelay: .milliseconds(50))

    static func service(
        _ store: any ManagedStore, url: String, format: NotificationFormat = .json, threshold: Int = 2, timeout: Duration = .seconds(5)
    ) -> NotificationService {
        let settings = NotificationSettings(
            url: url, format: format, policy: NotificationPolicy(threshold: threshold, window: 900), publicURL: "https://trace.example.com")
        return NotificationService(
            store: store, settings: settings, sender: NotificationSender(url: url, retry: quickRetry, timeout: timeout),
            logger: Logger(label: "test"))
    }

    @Test(arguments: TestBackend.available)
    func oneMessageWhenACodeReachesTheThresholdNoneWhileItStaysAndOneWhenItClears(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await FakeReceiver.with { url, receiver in
                let service = Self.service(store, url: url)
                let now = Date()
                try await recordPlaceholderSessions(1, in: store, at: now)
                #expect(try await service.round(now: now).isEmpty, "one session is below the threshold of 2")
                try await recordPlaceholderSessions(2, in: store, at: now)
                #expect(try await service.round(now: now) == [.init(kind: .failing, code: .placeholderContactId, count: 3)])
                #expect(try await service.round(now: now.addingTimeInterval(60)).isEmpty, "still failing: not sent again")
                let later = now.addingTimeInterval(901)
                #expect(try await service.round(now: later) == [.init(kind: .cleared, code: .placeholderContactId, count: 0)])
                #expect(try await service.round(now: later.addingTimeInterval(30)).isEmpty)

                let messages = await receiver.delivered()
                #expect(messages.map { $0["event"] as? String } == ["failing", "cleared"])
                #expect(messages.first?["code"] as? String == "PLACEHOLDER_CONTACT_ID" && messages.first?["count"] as? Int == 3)
                #expect((messages.first?["action"] as? String)?.contains("X-InContact-MasterId") == true)
                #expect(
                    (messages.first?["consoleUrl"] as? String)?.hasPrefix("https://trace.example.com/sessions?code=PLACEHOLDER_CONTACT_ID&since=")
                        == true)
                let stored = try await store.notificationStates()[.placeholderContactId]
                #expect(stored?.firing == false && stored?.count == 0)
            }
        }
    }

    @Test func aReceiverAnswering500IsTriedAgainWithBackoff() async throws {
        try await TestBackend.sqlite.withStore { store in
            try await FakeReceiver.with(.failFirst(2)) { url, receiver in
                try await recordPlaceholderSessions(2, in: store)
                #expect(try await Self.service(store, url: url).round().count == 1)
                #expect(await receiver.posts == 3)
                #expect(await receiver.bodies.count == 1)
            }
        }
    }

    @Test func aMessageThatCannotBeDeliveredIsNotRecordedAndIsSentNextRound() async throws {
        try await TestBackend.sqlite.withStore { store in
            try await FakeReceiver.with(.failFirst(3)) { url, receiver in
                try await recordPlaceholderSessions(2, in: store)
                let service = Self.service(store, url: url)
                #expect(try await service.round().isEmpty, "three attempts, all answered 500")
                #expect(try await store.notificationStates().isEmpty)
                #expect(try await service.round().count == 1)
                #expect(await receiver.posts == 4)
                #expect(await receiver.bodies.count == 1)
            }
        }
    }

    @Test func aReceiverThatHangsTimesOutAndTheRoundEnds() async throws {
        try await TestBackend.sqlite.withStore { store in
            try await FakeReceiver.with(.hang) { url, receiver in
                try await recordPlaceholderSessions(2, in: store)
                #expect(try await Self.service(store, url: url, timeout: .milliseconds(300)).round().isEmpty, "ends while the receiver hangs")
                #expect(await receiver.posts == 3, "three attempts, each given up at its timeout")
            }
        }
    }

    /// A replica held up mid-round (a slow refresh, a paused process) loses the lease to another, which read the same
    /// states: the first stops before its next send, and the other sends what is left, so nothing goes out twice.
    @Test(arguments: TestBackend.available)
    func aReplicaThatLostTheLeaseMidRoundSendsNoMoreAndTheNewHolderSendsTheRest(backend: TestBackend) async throws {
        try await backend.withStore { store in
            let takeover = Date().addingTimeInterval(300)  // past the lease renewed for the first send, within the 15-minute window
            let anotherReplica: @Sendable () async throws -> Void = {
                let taken = try await store.claimNotifierLease(holder: "another replica", now: takeover, until: takeover.addingTimeInterval(60))
                #expect(taken)
            }
            try await FakeReceiver.with(.acceptAfterFirst(anotherReplica)) { url, receiver in
                try await recordPlaceholderSessions(2, in: store)
                try await recordFailedSignalSessions(2, in: store)
                let first = try await Self.service(store, url: url).round()
                #expect(first.count == 1, "the second code is left to the lease's new holder")
                let rest = try await Self.service(store, url: url).round(now: takeover.addingTimeInterval(61))
                #expect(Set((first + rest).map(\.code)) == [.placeholderContactId, .signalFailed])
                #expect(rest.count == 1)
                #expect(await receiver.bodies.count == 2)
            }
        }
    }

    /// Two replicas on one PostgreSQL database, each running rounds at once: the lease lets one of them send.
    @Test(.enabled(if: TestPostgres.isAvailable, "\(TestPostgres.unavailableReason)"))
    func twoReplicasSharingADatabaseSendEachMessageOnce() async throws {
        try await TestPostgres.withStore { first, url in
            let second = try await PostgresStore(url: url)
            try await second.running {
                try await FakeReceiver.with { receiverURL, receiver in
                    try await recordPlaceholderSessions(3, in: first)
                    let services = [Self.service(first, url: receiverURL), Self.service(second, url: receiverURL)]
                    let sent = try await withThrowingTaskGroup(of: Int.self) { group in
                        for service in services { group.addTask { try await (0..<5).asyncMap { _ in try await service.round() }.joined().count } }
                        return try await group.reduce(0, +)
                    }
                    #expect(sent == 1)
                    // Once the holder's lease has run out the other replica takes over, and knows the message was sent.
                    let later = Date().addingTimeInterval(120)  // past the lease: three 30 s rounds and the longest send
                    let takenOver = try await services[1].round(now: later)
                    #expect(takenOver.isEmpty)
                    #expect(try await storedValue(second, "SELECT holder FROM lease WHERE name = 'notifications'") == services[1].holder)
                    #expect(await receiver.bodies.count == 1)
                }
            }
        }
    }
}

extension Sequence where Element: Sendable {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
