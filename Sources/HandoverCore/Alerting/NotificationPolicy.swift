import Foundation

/// When `serve --notify-url` tells someone that handovers are failing: a failure code whose sessions in the window
/// reach the threshold starts failing, and clears once it falls below. At most one "failing" message per code per
/// window, so a count hovering at the threshold does not flood a channel.
public struct NotificationPolicy: Sendable, Equatable {
    /// Failed sessions of one code, in the window, that make it worth a message.
    public var threshold: Int
    /// How far back sessions are counted (by their first event), and the least time between two "failing" messages.
    public var window: TimeInterval

    public init(threshold: Int = 5, window: TimeInterval = 900) {
        self.threshold = threshold
        self.window = window
    }

    /// What was last sent about a code.
    public struct CodeState: Sendable, Equatable {
        public var firing: Bool
        public var count: Int
        public var firedAt: Date
        public var changedAt: Date

        public init(firing: Bool, count: Int, firedAt: Date, changedAt: Date) {
            self.firing = firing
            self.count = count
            self.firedAt = firedAt
            self.changedAt = changedAt
        }
    }

    /// One message to send.
    public struct Notice: Sendable, Equatable {
        public enum Kind: String, Sendable { case failing, cleared }
        public let kind: Kind
        public let code: DiagnosisCode
        /// Failed sessions of the code in the window now.
        public let count: Int

        public init(kind: Kind, code: DiagnosisCode, count: Int) {
            self.kind = kind
            self.code = code
            self.count = count
        }

        /// The state to remember once the message was delivered.
        public func state(after previous: CodeState?, at now: Date) -> CodeState {
            switch kind {
            case .failing: CodeState(firing: true, count: count, firedAt: now, changedAt: now)
            case .cleared: CodeState(firing: false, count: count, firedAt: previous?.firedAt ?? now, changedAt: now)
            }
        }
    }

    /// The messages due, in the catalogue's order: failure codes only, since a code that is not a failure
    /// (`HANDED_OVER`) rising is good news.
    public func notices(counts: [DiagnosisCode: Int], states: [DiagnosisCode: CodeState], now: Date) -> [Notice] {
        DiagnosisCode.allCases.filter(\.entry.isFailure).compactMap { code in
            let count = counts[code] ?? 0
            let state = states[code]
            if state?.firing == true {
                return count < threshold ? Notice(kind: .cleared, code: code, count: count) : nil
            }
            guard count >= threshold else { return nil }
            if let firedAt = state?.firedAt, now.timeIntervalSince(firedAt) < window { return nil }
            return Notice(kind: .failing, code: code, count: count)
        }
    }

    /// "15 minutes", "1 hour", "90 seconds": the window as a message says it.
    public var windowText: String {
        let seconds = Int(window.rounded())
        let (amount, unit) =
            seconds % 3_600 == 0 ? (seconds / 3_600, "hour") : seconds % 60 == 0 ? (seconds / 60, "minute") : (seconds, "second")
        return "\(amount) \(unit)\(amount == 1 ? "" : "s")"
    }

    /// The one line every format leads with.
    public func headline(_ notice: Notice) -> String {
        let sessions = notice.count == 1 ? "1 session" : "\(notice.count) sessions"
        switch notice.kind {
        case .failing:
            return "\(notice.code.rawValue): \(sessions) failed this way in the last \(windowText) (threshold \(threshold))"
        case .cleared:
            return "\(notice.code.rawValue) cleared: \(sessions) in the last \(windowText), below the threshold of \(threshold)"
        }
    }
}
