import Foundation

/// The dates and times the HTTP API reads (`since` and `until`, a snapshot's or an attempt's `timestamp`), as one
/// grammar. The OpenAPI document states these patterns (a test holds them equal), and every text they admit is read
/// here by hand, so the document and the server cannot disagree on a time.
public enum TimeGrammar {
    /// A calendar date: each month its own length, 29 February in leap years only.
    static let date =
        "([0-9]{4}-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8]))"
        + "|([0-9]{2}(0[48]|[2468][048]|[13579][26])|([02468][048]|[13579][26])00)-02-29)"
    static let time = "([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?"
    static let zone = "(Z|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)"
    /// A length of time back from now: `90s`, `1.5h`, `7d`, `2w`.
    static let duration = "[0-9]{1,9}(\\.[0-9]{1,9})?[smhdw]"
    /// Epoch milliseconds written as text, up to the year 5138.
    static let epochMilliseconds = "(0|[1-9][0-9]{0,13})(\\.[0-9]{1,9})?"

    /// `since`/`until`: a duration, a date, or a date and time (UTC without a zone).
    public static let window = "^ *(\(duration)|\(date)(T\(time)\(zone)?)?) *$"
    /// A body's `timestamp` as text: a date and time with its zone, or epoch milliseconds.
    public static let timestamp = "^ *(\(date)T\(time)\(zone)|\(epochMilliseconds)) *$"

    nonisolated(unsafe) static let windowRegex = try! Regex(window)
    nonisolated(unsafe) static let timestampRegex = try! Regex(timestamp)

    /// A date with an optional time and zone, as the patterns above admit it; nil for anything else.
    static func readDate(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<start + count] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2) else { return nil }
        var seconds = CommonISO8601.daysSince1970(year: year, month: month, day: day) * 86_400
        var milliseconds = 0
        var position = 10
        if position < bytes.count {
            guard bytes[position] == UInt8(ascii: "T"), let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2)
            else { return nil }
            seconds += hour * 3_600 + minute * 60 + second
            position = 19
            if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
                var digits = 0
                while number(position + 1 + digits, 1) != nil { digits += 1 }
                let kept = min(digits, 3)
                milliseconds = (number(position + 1, kept) ?? 0) * [1, 100, 10, 1][kept]
                position += 1 + digits
            }
            guard let offset = zoneOffset(bytes[position...], number) else { return nil }
            seconds -= offset
        }
        return Timestamps.date(milliseconds: Int64(seconds) * 1_000 + Int64(milliseconds))
    }

    /// Seconds east of UTC: none, `Z`, `+05`, `+0530` or `+05:30`.
    private static func zoneOffset(_ zone: ArraySlice<UInt8>, _ number: (Int, Int) -> Int?) -> Int? {
        guard let sign = zone.first else { return 0 }
        if sign == UInt8(ascii: "Z") { return zone.count == 1 ? 0 : nil }
        let start = zone.startIndex
        guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"), let hours = number(start + 1, 2) else { return nil }
        let minutesAt = zone.count == 6 ? start + 4 : start + 3
        let minutes = zone.count == 3 ? 0 : number(minutesAt, 2)
        guard let minutes, [3, 5, 6].contains(zone.count) else { return nil }
        return (sign == UInt8(ascii: "+") ? 1 : -1) * (hours * 3_600 + minutes * 60)
    }
}
