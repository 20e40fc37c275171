import Foundation
import HandoverCore
import HandoverStore
import Logging
import ServiceLifecycle

/// What `serve --notify-url` was given.
public struct NotificationSettings: Sendable {
    /// The receiver's incoming-webhook URL; it is a secret (it alone lets anyone post), so it is never logged.
    public var url: String
    public var format: NotificationFormat
    public var policy: NotificationPolicy
    /// `--public-url`: messages link to the console when it is known.
    public var publicURL: String?
    /// How often the counts are read and the sender's lease renewed.
    public var interval: Duration

    public init(
        url: String, format: NotificationFormat = .slack, policy: NotificationPolicy = NotificationPolicy(), publicURL: String? = nil,
        interval: Duration = .seconds(30)
    ) {
        self.url = url
        self.format = format
        self.policy = policy
        self.publicURL = publicURL
        self.interval = interval
    }
}

/// Reads the stored diagnoses every round and posts what `NotificationPolicy` says is due. Among replicas sharing a
/// database only the holder of the `notifications` lease sends, and what it sent is recorded in
/// `notification_state`, so another replica taking over neither repeats nor forgets a message. It runs beside the
/// server as a service of its own: a slow or failing receiver delays the next message, never a request.
public struct NotificationService: Service, CustomStringConvertible {
    let store: any CorrelationStore & NotificationStore
    let settings: NotificationSettings
    let sender: NotificationSender
    /// This process's name in the lease.
    let holder: String
    let logger: Logger

    public var description: String { "notifications" }

    public init(
        store: any CorrelationStore & NotificationStore, settings: NotificationSettings, sender: NotificationSender? = nil, logger: Logger
    ) {
        self.store = store
        self.settings = settings
        self.sender = sender ?? NotificationSender(url: settings.url)
        holder = LeaseHolder.thisProcess()
        self.logger = logger
    }

    public func run() async throws {
        let rounds = PeriodicService("notifications", every: settings.interval, atStart: true) {
            // A receiver that hangs must not hold up a shutdown: the round is abandoned, and the next start repeats it.
            await cancelWhenGracefulShutdown { await self.roundLoggingErrors() }
        }
        try await rounds.run()
    }

    private func roundLoggingErrors() async {
        do {
            _ = try await round()
        } catch is CancellationError {
            return  // shutting down
        } catch {
            logger.warning("could not read the diagnoses for notifications; will try again", metadata: ["error": "\(error)"])
        }
    }

    /// One round: returns the notices delivered. Nothing when another replica holds the lease. The first delivery
    /// that fails ends the round, so a receiver that is down costs one set of retries per round, not one per code.
    public func round(now: Date = Date()) async throws -> [NotificationPolicy.Notice] {
        let started = ContinuousClock.now
        guard try await store.claimNotifierLease(holder: holder, now: now, until: now.addingTimeInterval(leaseLength)) else { return [] }
        _ = try await store.refreshDiagnoses()
        let counts = try await store.diagnosisOverview(since: now.addingTimeInterval(-settings.policy.window), recent: 0).counts
        let states = try await store.notificationStates()
        var delivered: [NotificationPolicy.Notice] = []
        for notice in settings.policy.notices(counts: counts, states: states, now: now) {
            let current = now.addingTimeInterval((ContinuousClock.now - started).timeInterval)
            guard try await renewLeaseForASend(now: current), try await deliver(notice, after: states[notice.code], now: now) else { break }
            delivered.append(notice)
        }
        return delivered
    }

    /// Three rounds long, so one late round does not hand the lease over; at least three seconds.
    var leaseLength: TimeInterval { max(3 * settings.interval.timeInterval, 3) }

    /// Renews the lease to outlast a send and all its retries. False when a replica took the lease over while this
    /// round was held up (a slow refresh, a paused process): it read the same states and sends instead.
    private func renewLeaseForASend(now: Date) async throws -> Bool {
        let until = now.addingTimeInterval(leaseLength + sender.longestSend.timeInterval)
        return try await store.claimNotifierLease(holder: holder, now: now, until: until)
    }

    /// Sends one notice and records it as sent; false when the receiver did not take it.
    private func deliver(_ notice: NotificationPolicy.Notice, after state: NotificationPolicy.CodeState?, now: Date) async throws -> Bool {
        let message = NotificationMessage(notice, policy: settings.policy, publicURL: settings.publicURL, sentAt: now)
        do {
            try await sender.send(message.body(settings.format))
        } catch {
            logger.error(
                "could not deliver a notification; it is sent again next round",
                metadata: ["code": "\(notice.code.rawValue)", "event": "\(notice.kind.rawValue)", "error": "\(error)"])
            return false
        }
        try await store.recordNotification(notice.code, notice.state(after: state, at: now))
        logger.info(
            "notification sent", metadata: ["code": "\(notice.code.rawValue)", "event": "\(notice.kind.rawValue)", "sessions": "\(notice.count)"])
        return true
    }
}
