import Foundation

/// One line of `doctor`: what was checked, how it went, and what it found or what to fix.
struct DoctorCheck: Sendable {
    enum Outcome: String, Sendable { case ok = "ok", failed = "FAIL", skipped = "skip" }

    let area: String
    let name: String
    let outcome: Outcome
    let detail: String

    var line: String {
        outcome.rawValue.padding(toLength: 5, withPad: " ", startingAt: 0) + area.padding(toLength: 8, withPad: " ", startingAt: 0)
            + "\(name): \(detail)"
    }

    static func skipped(_ area: String, _ name: String, _ reason: String) -> DoctorCheck {
        DoctorCheck(area: area, name: name, outcome: .skipped, detail: reason)
    }

    /// Runs `body`: its answer is the detail of a passed check, its error (whose text says what to fix) of a failed one.
    static func run(_ area: String, _ name: String, _ body: () async throws -> String) async -> DoctorCheck {
        do {
            return DoctorCheck(area: area, name: name, outcome: .ok, detail: try await body())
        } catch let failure as DoctorFailure {
            return DoctorCheck(area: area, name: name, outcome: .failed, detail: failure.description)
        } catch {
            return DoctorCheck(area: area, name: name, outcome: .failed, detail: "\(error)")
        }
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

/// A check that failed, with what to fix.
struct DoctorFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
