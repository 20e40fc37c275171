import Foundation

/// One line of `doctor`: what was checked, how it went, what it found, and for a failure what to fix.
struct DoctorCheck: Sendable, Encodable {
    enum Outcome: String, Sendable { case ok = "ok", failed = "FAIL", skipped = "skip" }

    let area: String
    let name: String
    let outcome: Outcome
    let detail: String
    /// What to do about a failure, where the check knows; otherwise the detail says what is wrong.
    let fix: String?

    init(area: String, name: String, outcome: Outcome, detail: String, fix: String? = nil) {
        (self.area, self.name, self.outcome, self.detail, self.fix) = (area, name, outcome, detail, fix)
    }

    var line: String {
        outcome.rawValue.padding(toLength: 5, withPad: " ", startingAt: 0) + area.padding(toLength: 8, withPad: " ", startingAt: 0)
            + "\(name): \(detail)" + (fix.map { "; \($0)" } ?? "")
    }

    /// `doctor --json`: the status is `ok`, `failed` or `skipped`; `fix` is null where there is none.
    enum CodingKeys: String, CodingKey { case area, name, status, detail, fix }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(area, forKey: .area)
        try container.encode(name, forKey: .name)
        try container.encode(outcome == .ok ? "ok" : outcome == .failed ? "failed" : "skipped", forKey: .status)
        try container.encode(detail, forKey: .detail)
        try container.encode(fix, forKey: .fix)
    }

    static func skipped(_ area: String, _ name: String, _ reason: String) -> DoctorCheck {
        DoctorCheck(area: area, name: name, outcome: .skipped, detail: reason)
    }

    /// Runs `body`: its answer is the detail of a passed check, its error (whose text says what to fix) of a failed one.
    static func run(_ area: String, _ name: String, _ body: () async throws -> String) async -> DoctorCheck {
        do {
            return DoctorCheck(area: area, name: name, outcome: .ok, detail: try await body())
        } catch {
            return failed(area, name, error)
        }
    }

    /// A failed check: a `DoctorFailure` keeps its fix apart; any other error's text says what is wrong.
    static func failed(_ area: String, _ name: String, _ error: any Error) -> DoctorCheck {
        let failure = error as? DoctorFailure
        return DoctorCheck(area: area, name: name, outcome: .failed, detail: failure?.found ?? "\(error)", fix: failure?.fix)
    }

    /// `3 min ago`, `2 h ago`, `never`: how old a record is.
    static func age(_ date: Date?, now: Date = Date()) -> String {
        guard let date else { return "never" }
        let seconds = max(0, now.timeIntervalSince(date))
        switch seconds {
        case ..<120: return "\(Int(seconds)) s ago"
        case ..<7_200: return "\(Int(seconds / 60)) min ago"
        case ..<172_800: return "\(Int(seconds / 3_600)) h ago"
        default: return "\(Int(seconds / 86_400)) days ago"
        }
    }
}

/// A check that failed: what it found, and what to fix where that is known.
struct DoctorFailure: Error, CustomStringConvertible {
    let found: String
    let fix: String?
    init(_ found: String, fix: String? = nil) { (self.found, self.fix) = (found, fix) }

    var description: String { found + (fix.map { "; \($0)" } ?? "") }
}
