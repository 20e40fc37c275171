import Foundation

/// `--since`/`--until` values: a duration back from now (`90m`, `24h`, `7d`, `2w`) or an ISO 8601 date or time.
public enum TimeExpression {
    static let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]

    public static func parse(_ text: String, now: Date = Date()) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let unit = trimmed.last.flatMap({ units[$0] }), let amount = Double(trimmed.dropLast()), amount >= 0 {
            return now.addingTimeInterval(-amount * unit)
        }
        if let date = Timestamps.parseISO8601(trimmed) { return date }
        if let date = Timestamps.parseISO8601(trimmed + "Z") { return date }
        return Timestamps.parseISO8601(trimmed + "T00:00:00Z")
    }

    public static let help = "a duration back from now (30m, 24h, 7d, 2w) or an ISO 8601 date (2026-11-24 or 2026-11-24T10:00:00Z)"
}
