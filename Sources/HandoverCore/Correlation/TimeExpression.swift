import Foundation

/// `--since`/`--until` values: a duration back from now (`90m`, `24h`, `7d`, `2w`) or an ISO 8601 date or time.
public enum TimeExpression {
    static let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]

    /// Every text `parse` accepts, as the OpenAPI document states it (a test holds them equal): anything else is
    /// refused before parsing, so `1e3d` or `inf` never pass for a duration.
    public static let pattern = TimeGrammar.window

    public static func parse(_ text: String, now: Date = Date()) -> Date? {
        guard text.wholeMatch(of: TimeGrammar.windowRegex) != nil else { return nil }
        let trimmed = text.trimmingWhitespace()
        if let unit = trimmed.last.flatMap({ units[$0] }), let amount = Double(trimmed.dropLast()) {
            return now.addingTimeInterval(-amount * unit)
        }
        return TimeGrammar.readDate(trimmed)
    }

    /// A length of time such as `90s`, `5m`, `20m` or `24h`, within `range` seconds; nil when it is not one.
    public static func duration(_ text: String, within range: ClosedRange<TimeInterval>) -> TimeInterval? {
        let trimmed = text.trimmingWhitespace()
        guard trimmed.wholeMatch(of: /[0-9]+(\.[0-9]+)?[smhd]/) != nil, let unit = trimmed.last.flatMap({ units[$0] }),
            let amount = Double(trimmed.dropLast())
        else { return nil }
        let seconds = amount * unit
        return range.contains(seconds) ? seconds : nil
    }

    public static let help = "a duration back from now (30m, 24h, 7d, 2w) or an ISO 8601 date (2026-11-24 or 2026-11-24T10:00:00Z)"
}
