import Foundation
import HandoverCore
import Testing

@Suite("Notifications: when a code is worth a message")
struct NotificationPolicyTests {
    let policy = NotificationPolicy(threshold: 3, window: 900)
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func state(firing: Bool, firedMinutesAgo: Double) -> NotificationPolicy.CodeState {
        let firedAt = now.addingTimeInterval(-firedMinutesAgo * 60)
        return .init(firing: firing, count: 3, firedAt: firedAt, changedAt: firedAt)
    }

    @Test func aFailureCodeReachingTheThresholdFiresAndOneBelowDoesNot() {
        let notices = policy.notices(counts: [.placeholderContactId: 3, .notQueued: 2], states: [:], now: now)
        #expect(notices == [.init(kind: .failing, code: .placeholderContactId, count: 3)])
    }

    @Test func codesThatAreNotFailuresNeverFire() {
        #expect(policy.notices(counts: [.handedOver: 500, .callerHungUpInBot: 500], states: [:], now: now).isEmpty)
    }

    @Test func aFiringCodeIsNotRepeatedAndClearsBelowTheThreshold() {
        let firing = [DiagnosisCode.signalFailed: state(firing: true, firedMinutesAgo: 40)]
        #expect(policy.notices(counts: [.signalFailed: 9], states: firing, now: now).isEmpty, "still failing: nothing new")
        #expect(policy.notices(counts: [.signalFailed: 2], states: firing, now: now) == [.init(kind: .cleared, code: .signalFailed, count: 2)])
    }

    @Test func atMostOneFailingMessagePerCodePerWindow() {
        let clearedRecently = [DiagnosisCode.notQueued: state(firing: false, firedMinutesAgo: 10)]
        #expect(policy.notices(counts: [.notQueued: 5], states: clearedRecently, now: now).isEmpty)
        let clearedLongAgo = [DiagnosisCode.notQueued: state(firing: false, firedMinutesAgo: 16)]
        #expect(policy.notices(counts: [.notQueued: 5], states: clearedLongAgo, now: now) == [.init(kind: .failing, code: .notQueued, count: 5)])
    }

    @Test func theStateAfterAClearKeepsWhenItLastFired() {
        let previous = state(firing: true, firedMinutesAgo: 20)
        let cleared = NotificationPolicy.Notice(kind: .cleared, code: .notQueued, count: 1).state(after: previous, at: now)
        #expect(cleared == .init(firing: false, count: 1, firedAt: previous.firedAt, changedAt: now))
    }

    @Test func theHeadlineSaysCodeCountWindowAndThreshold() {
        #expect(
            policy.headline(.init(kind: .failing, code: .notQueued, count: 4))
                == "NOT_QUEUED: 4 sessions failed this way in the last 15 minutes (threshold 3)")
        #expect(
            NotificationPolicy(threshold: 1, window: 3_600).headline(.init(kind: .cleared, code: .notQueued, count: 0))
                == "NOT_QUEUED cleared: 0 sessions in the last 1 hour, below the threshold of 1")
        #expect(NotificationPolicy(window: 90).windowText == "90 seconds")
    }
}
