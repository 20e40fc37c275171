import Foundation
import HandoverCore
import HandoverPostgres
import HandoverServer
import HandoverStore
import HandoverTestSupport
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import Notifications

/// Whole servers with notifications on, as `serve --notify-url` runs them: several replicas send once, and a receiver
/// that hangs never holds up a webhook.
@Suite("Notifications: servers that notify")
struct NotifyingServerTests {
    static let snapshot = #"{"sessionId":"live-1","contactId":"100000000000","label":"handover"}"#

    /// A server on `store` with a notification service rounding every 100 ms, serving on a loopback port.
    static func withServer<T: Sendable>(
        _ store: any ManagedStore, receiver url: String, timeout: Duration = .seconds(5),
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> T
    ) async throws -> T {
        var configuration = ServerConfiguration()
        configuration.port = 0
        var app = try buildApplication(configuration, store: store, telemetry: Telemetry(), logger: Logger(label: "notify-test"))
        let settings = NotificationSettings(url: url, format: .slack, policy: NotificationPolicy(threshold: 3), interval: .milliseconds(100))
        let sender = NotificationSender(url: url, retry: NotificationServiceTests.quickRetry, timeout: timeout)
        app.addServices(NotificationService(store: store, settings: settings, sender: sender, logger: Logger(label: "notify-test")))
        return try await app.test(.live, body)
    }

    static func waitUntil(_ condition: @Sendable () async -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(15)
        while !(await condition()), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
    }

    /// Waits for `count` more notification rounds: each renews the lease to a new expiry.
    static func roundsHappen(_ count: Int, in store: any ManagedStore) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(15)
        var expiries = Set<String>()
        while expiries.count <= count, ContinuousClock.now < deadline {
            if let expiry = try await storedValue(store, "SELECT expires_at_ms FROM lease WHERE name = 'notifications'") { expiries.insert(expiry) }
            try await Task.sleep(for: .milliseconds(10))  // polling for the renewals, not standing in for them
        }
        return expiries.count > count
    }

    @Test(.enabled(if: TestPostgres.isAvailable, "\(TestPostgres.unavailableReason)"))
    func twoServersOnOnePostgreSQLSendOneMessage() async throws {
        try await TestPostgres.withStore { first, databaseURL in
            let second = try await PostgresStore(url: databaseURL)
            try await second.running {
                try await FakeReceiver.with { url, receiver in
                    try await recordPlaceholderSessions(3, in: first)
                    try await Self.withServer(first, receiver: url) { one in
                        try await Self.withServer(second, receiver: url) { two in
                            for client in [one, two] {
                                let response = try await client.execute(
                                    uri: "/v1/snapshots", method: .post, headers: [.contentType: "application/json"],
                                    body: ByteBuffer(string: Self.snapshot))
                                #expect(response.status == .created)
                            }
                            try await Self.waitUntil { await receiver.posts >= 1 }
                            #expect(try await Self.roundsHappen(10, in: first), "ten more rounds after the message")
                        }
                    }
                    let messages = await receiver.delivered()
                    #expect(messages.count == 1, "one message from two servers")
                    // 3, or 4 when the posted session was diagnosed in time too.
                    let text = messages.first?["text"] as? String ?? ""
                    #expect(text.hasPrefix("PLACEHOLDER_CONTACT_ID: ") && text.contains("sessions failed this way in the last 15 minutes"), "\(text)")
                }
            }
        }
    }

    @Test func aReceiverThatHangsNeverHoldsUpAWebhook() async throws {
        try await TestBackend.sqlite.withStore { store in
            try await FakeReceiver.with(.hang) { url, receiver in
                try await recordPlaceholderSessions(3, in: store)
                try await Self.withServer(store, receiver: url, timeout: .seconds(120)) { client in
                    try await Self.waitUntil { await receiver.posts >= 1 }
                    let response = try await client.execute(
                        uri: "/v1/snapshots", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: Self.snapshot))
                    #expect(response.status == .created)
                    #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
                    #expect(await receiver.posts == 1, "answered while the first attempt still waits on the receiver")
                    #expect(await receiver.bodies.isEmpty)
                }
            }
        }
    }
}
