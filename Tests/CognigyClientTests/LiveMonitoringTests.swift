import CXoneClient
import CognigyClient
import Foundation
import HandoverCore
import HandoverSQLite
import HandoverStore
import HandoverTestSupport
import HistoryFetching
import Hummingbird
import Logging
import Notifications
import ServiceLifecycle
import Synchronization
import Testing

/// `serve` as a live monitor: the scheduled fetch reads fake CXone and Cognigy servers on loopback, whose records
/// appear some time after the calls, as the real ones' do; the notifier reads what the diagnoses make of it.
@Suite("Live monitoring: scheduled fetch, pending diagnoses, notifications")
struct LiveMonitoringTests {
    static let settle: TimeInterval = 10

    /// A JSON receiver that keeps what it was sent and refuses what is not a notification.
    final class Receiver: Sendable {
        let messages = Mutex<[JSONValue]>([])

        func serve<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
            let router = Router()
            router.post("/hook") { [self] request, _ in
                let bytes = Array(buffer: try await request.body.collect(upTo: 1 << 16))
                guard request.headers[.contentType]?.hasPrefix("application/json") == true,
                    let message = try? BodyDecoder().decodeJSON(bytes), message["code"]?.stringValue != nil
                else { return LoopbackServer.json(#"{"error":"not a notification"}"#, status: .badRequest) }
                messages.withLock { $0.append(message) }
                return LoopbackServer.json("{}")
            }
            return try await LoopbackServer.serve(router, body)
        }
    }

    /// Waits for `condition`, checking as the services work; fails after `limit`.
    static func eventually(_ what: String, within limit: Duration = .seconds(90), _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + limit
        while try await !condition() {
            guard ContinuousClock.now < deadline else { throw WaitFailure(what: what) }
            try await Task.sleep(for: .milliseconds(100))  // polling for the condition, not standing in for it
        }
    }

    struct WaitFailure: Error, CustomStringConvertible {
        let what: String
        var description: String { "gave up waiting: \(what)" }
    }

    @Test func freshCallsArePendingUntilTheirDataArrivesAndARealSpikeIsNotifiedOnce() async throws {
        let (cxone, odata, receiver) = (FakeCXone(), FakeOData(), Receiver())
        await cxone.configure { fake in
            fake.contacts = []
            fake.cannedDetails = false
        }
        try await cxone.serve { cxoneBase in
            try await odata.serve { odataBase in
                try await receiver.serve { receiverBase in
                    try await TemporaryDatabase.with(settle: Self.settle) { store, _ in
                        try await Self.monitor(store, cxone: cxone, odata: odata, receiver: receiver, cxoneBase, odataBase, receiverBase)
                    }
                }
            }
        }
    }

    static func monitor(
        _ store: SQLiteStore, cxone: FakeCXone, odata: FakeOData, receiver: Receiver, _ cxoneBase: String, _ odataBase: String,
        _ receiverBase: String
    ) async throws {
        let credentials = CXoneCredentials(
            clientId: "client", clientSecret: "s3cret", accessKeyId: "KEYID", accessKeySecret: "k", discoveryURL: cxoneBase)
        let rounds: [any HistoryRound] = [
            CXoneRound(credentials: credentials), CognigyRound(configuration: ODataConfiguration(baseURL: odataBase, apiKey: FakeOData.apiKey)),
        ]
        let logger = Logger(label: "live-monitoring-test")
        let notifications = NotificationSettings(
            url: receiverBase + "/hook", format: .json, policy: NotificationPolicy(threshold: 3, window: 900), interval: .seconds(1))
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: ScheduledFetch(store: store, rounds: rounds, every: .seconds(1), logger: logger)),
                    .init(service: NotificationService(store: store, settings: notifications, logger: logger)),
                ], gracefulShutdownSignals: [], cancellationSignals: [], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            defer { tasks.cancelAll() }
            try await scenario(store, cxone: cxone, odata: odata, receiver: receiver)
            await group.triggerGracefulShutdown()
        }
    }

    /// Five calls posted now; CXone later shows four of them, which left the queue unanswered; the fifth it never sees.
    static func scenario(_ store: SQLiteStore, cxone: FakeCXone, odata: FakeOData, receiver: Receiver) async throws {
        let posted = Timestamps.date(milliseconds: Timestamps.milliseconds(Date()))
        for index in 1...5 {
            var snapshot = Snapshot(sessionId: "live-\(index)")
            snapshot.contactId = "70000000\(index)"
            _ = try await store.record(snapshot, IngestEnvelope(receivedAt: posted, contentType: "application/json", rawBody: Array("{}".utf8)))
        }
        try await eventually("a CXone round past the calls") { try await store.status(of: .cxone).coveredUntil ?? .distantPast > posted }
        _ = try await store.refreshDiagnoses()
        var overview = try await store.diagnosisOverview(since: posted.addingTimeInterval(-60), recent: 10)
        #expect(overview.counts.isEmpty && overview.pending == [.noCXoneRecord: 5], "seconds-old calls are pending, not failed")

        // CXone lists the contacts once they have completed; Cognigy writes its records when the sessions end.
        let started = Timestamps.format(posted.addingTimeInterval(-1))
        await cxone.configure { fake in
            fake.contacts = (1...4).map {
                ["contactId": "70000000\($0)", "masterContactId": "70000000\($0)", "inQueueSeconds": "30", "contactStartDate": started]
            }
        }
        await odata.configure { fake in
            fake.records[.sessions] = (1...4).map {
                ["_id": .string("rec-\($0)"), "sessionId": .string("live-\($0)"), "startedAt": .string(started), "handoverEscalations": .integer(1)]
            }
        }
        try await eventually("the contacts fetched") { try await storedValue(store, "SELECT count(*) FROM cxone_contact") == "4" }
        try await eventually("Cognigy's sessions fetched") { try await storedValue(store, "SELECT count(*) FROM cognigy_session") == "4" }
        _ = try await store.refreshDiagnoses()
        overview = try await store.diagnosisOverview(since: posted.addingTimeInterval(-60), recent: 10)
        if try await store.status(of: .cxone).coveredUntil! < posted.addingTimeInterval(settle) {
            #expect(overview.counts.isEmpty && overview.pending == [.leftQueueUnanswered: 4, .noCXoneRecord: 1], "right, and still pending")
            #expect(receiver.messages.withLock { $0.isEmpty }, "nothing notified while pending")
        }

        try await eventually("one notification") { receiver.messages.withLock { !$0.isEmpty } }
        overview = try await store.diagnosisOverview(since: posted.addingTimeInterval(-60), recent: 10)
        #expect(overview.counts == [.leftQueueUnanswered: 4, .noCXoneRecord: 1] && overview.pending.isEmpty, "final after --settle")
        let settledAt = try #require(try await store.status(of: .cxone).coveredUntil)
        #expect(settledAt >= posted.addingTimeInterval(settle), "NO_CXONE_RECORD only once CXone was read past the settling time")

        // Three more notification rounds: the spike is told once, and a single NO_CXONE_RECORD is no spike.
        let lease = { try await storedValue(store, "SELECT expires_at_ms FROM lease WHERE name = 'notifications'").flatMap(Int64.init) ?? 0 }
        // Each round renews the lease to a new expiry: four different ones are three rounds after the message.
        var expiries = Set<Int64>()
        try await eventually("three more notification rounds") { expiries.insert(try await lease()).inserted && expiries.count >= 4 }
        let sent = receiver.messages.withLock { $0 }
        #expect(sent.count == 1 && sent.first?["code"]?.stringValue == "LEFT_QUEUE_UNANSWERED" && sent.first?["count"]?.scalarText == "4")
    }

    /// A source that fails is recorded as failing, keeps its position, and recovers by itself once it answers again.
    @Test func aFailingSourceKeepsItsPositionAndRecoversByItself() async throws {
        let cxone = FakeCXone()
        await cxone.configure { fake in
            fake.contacts = []
            fake.failures = [.init(pathPrefix: "/contacts/completed", status: .forbidden, retryAfter: nil, remaining: 1_000)]
        }
        try await cxone.serve { base in
            try await TemporaryDatabase.with { store, _ in
                let credentials = CXoneCredentials(
                    clientId: "client", clientSecret: "s3cret", accessKeyId: "KEYID", accessKeySecret: "k3y-secret", discoveryURL: base)
                let fetch = ScheduledFetch(
                    store: store, rounds: [CXoneRound(credentials: credentials)], every: .seconds(1), logger: Logger(label: "test"))
                let group = ServiceGroup(
                    configuration: .init(
                        services: [.init(service: fetch)], gracefulShutdownSignals: [], cancellationSignals: [], logger: Logger(label: "test")))
                try await withThrowingTaskGroup(of: Void.self) { tasks in
                    tasks.addTask { try await group.run() }
                    defer { tasks.cancelAll() }
                    try await Self.eventually("a failed round recorded") { try await store.status(of: .cxone).failingSince != nil }
                    let failing = try await store.status(of: .cxone)
                    #expect(failing.coveredUntil == nil, "a failed round moves no position")
                    #expect(failing.lastError?.contains("403") == true && failing.lastError?.contains("k3y-secret") == false)
                    await cxone.configure { $0.failures = [] }
                    try await Self.eventually("the source recovered") { try await store.status(of: .cxone).coveredUntil != nil }
                    let recovered = try await store.status(of: .cxone)
                    #expect(recovered.failingSince == nil && recovered.lastError == failing.lastError, "the last error stays on view")
                    await group.triggerGracefulShutdown()
                }
            }
        }
    }
}
