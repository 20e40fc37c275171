import Foundation

/// The ISO 8601 forms flows and CXone send (`2026-11-24T10:15:00Z`, with a fraction of up to three digits, `Z` or
/// an offset `+01:00`), read by hand: Foundation's parser was a measurable share of every webhook and import. Any
/// other spelling, any value out of the calendar and any year before 1900 (Foundation's calendar turns Julian
/// before 1582) is left to Foundation (nil here), so nothing it accepts is refused and nothing it refuses is accepted.
enum CommonISO8601 {
    static func date(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { bytes in Reader(bytes: bytes).date() }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>

        func date() -> Date? {
            guard bytes.count >= 20, Self.separators.allSatisfy({ bytes[$0.position] == $0.byte }),
                let year = number(0, 4), (1900...9999).contains(year), let month = number(5, 2), let day = number(8, 2),
                let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
                (1...12).contains(month), (1...CommonISO8601.days(inMonth: month, year: year)).contains(day),
                hour < 24, minute < 60, second < 60
            else { return nil }
            var position = 19
            guard let milliseconds = fraction(&position), let offset = zoneOffset(at: position) else { return nil }
            let days = CommonISO8601.daysSince1970(year: year, month: month, day: day)
            let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offset
            return Timestamps.date(milliseconds: Int64(seconds) * 1_000 + Int64(milliseconds))
        }

        private static let separators: [(position: Int, byte: UInt8)] = [
            (4, UInt8(ascii: "-")), (7, UInt8(ascii: "-")), (10, UInt8(ascii: "T")), (13, UInt8(ascii: ":")), (16, UInt8(ascii: ":")),
        ]

        private func number(_ start: Int, _ count: Int) -> Int? {
            var value = 0
            for index in start..<start + count {
                let digit = Int(bytes[index]) - Int(UInt8(ascii: "0"))
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }

        /// `.1` to `.123` as milliseconds, moving past it; none is 0. More digits are Foundation's to read.
        private func fraction(_ position: inout Int) -> Int? {
            guard position < bytes.count, bytes[position] == UInt8(ascii: ".") else { return 0 }
            var digits = 0
            while position + 1 + digits < bytes.count, number(position + 1 + digits, 1) != nil { digits += 1 }
            guard (1...3).contains(digits), let value = number(position + 1, digits) else { return nil }
            position += 1 + digits
            return digits == 1 ? value * 100 : digits == 2 ? value * 10 : value
        }

        /// Seconds east of UTC from `Z`, `+HH:MM` or `-HH:MM` (at most 18 hours), which must end the text.
        private func zoneOffset(at position: Int) -> Int? {
            let rest = bytes.count - position
            if rest == 1, bytes[position] == UInt8(ascii: "Z") { return 0 }
            guard rest == 6, bytes[position + 3] == UInt8(ascii: ":"),
                let hours = number(position + 1, 2), let minutes = number(position + 4, 2), minutes < 60,
                hours * 60 + minutes <= 18 * 60  // as far as Foundation reads offsets
            else { return nil }
            switch bytes[position] {
            case UInt8(ascii: "+"): return hours * 3_600 + minutes * 60
            case UInt8(ascii: "-"): return -(hours * 3_600 + minutes * 60)
            default: return nil
            }
        }
    }

    static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (Howard Hinnant's `days_from_civil`).
    static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
