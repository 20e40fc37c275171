import Foundation

/// Times as the bodies, the store and the reports spell them: ISO 8601 in, milliseconds since 1970 stored, UTC out.
public enum Timestamps {
    public static func parseISO8601(_ text: String) -> Date? {
        let trimmed = text.trimmingWhitespace()
        if let date = CommonISO8601.date(trimmed) { return date }
        if let date = try? Date(trimmed, strategy: .iso8601) { return date }
        let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        if let date = try? Date(trimmed, strategy: fractional) { return date }
        return nil
    }

    /// `2026-11-24T10:15:00.120Z`: UTC, milliseconds rounded. Written by hand from the calendar fields, as the
    /// ISO 8601 format style cost a noticeable share of a large report (and truncates 0.11999 s to .119).
    public static func format(_ date: Date) -> String {
        let millis = milliseconds(date)
        var seconds = time_t(millis >= 0 ? millis / 1000 : (millis - 999) / 1000)
        let fraction = Int(millis - Int64(seconds) * 1000)
        var fields = tm()
        guard gmtime_r(&seconds, &fields) != nil, (0...9999).contains(Int(fields.tm_year) + 1900) else {
            return date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        digits(Int(fields.tm_year) + 1900, 4); bytes.append(UInt8(ascii: "-"))
        digits(Int(fields.tm_mon) + 1, 2); bytes.append(UInt8(ascii: "-"))
        digits(Int(fields.tm_mday), 2); bytes.append(UInt8(ascii: "T"))
        digits(Int(fields.tm_hour), 2); bytes.append(UInt8(ascii: ":"))
        digits(Int(fields.tm_min), 2); bytes.append(UInt8(ascii: ":"))
        digits(Int(fields.tm_sec), 2); bytes.append(UInt8(ascii: "."))
        digits(fraction, 3); bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// 9999-12-31T23:59:59.999Z, the last time ISO 8601 (and this tool) writes with four digits.
    public static let latestMilliseconds = 253_402_300_799_999.0

    public static func milliseconds(_ date: Date) -> Int64 {
        let value = (date.timeIntervalSince1970 * 1000).rounded()
        // Clamped rather than trapping: no input can make a date this far out, but a crash is never the answer.
        guard value.isFinite, abs(value) < 9.2e18 else { return value < 0 ? Int64.min / 2 : Int64.max / 2 }
        return Int64(value)
    }

    public static func date(milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
