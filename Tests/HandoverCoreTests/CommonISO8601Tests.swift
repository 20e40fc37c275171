import Foundation
import Testing

@testable import HandoverCore

/// The hand-written reader of the common ISO 8601 forms agrees with Foundation's parser on every time it reads, and
/// leaves to Foundation what it does not; `Timestamps.parseISO8601` accepts and refuses exactly what Foundation does.
@Suite("ISO 8601 times: the common forms read by hand, as Foundation reads them")
struct CommonISO8601Tests {
    static func foundation(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    static let spellings = [
        "2026-11-24T10:15:00Z", "2026-11-24T10:15:00.1Z", "2026-11-24T10:15:00.12Z", "2026-11-24T10:15:00.120Z",
        "2026-11-24T10:15:00.999Z", "2026-11-24T10:15:00+01:00", "2026-11-24T10:15:00.250-05:30", "2026-11-24T00:00:00+14:00",
        "2024-02-29T12:00:00Z", "1900-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "2000-02-29T23:59:59.5+23:59", "2026-11-24T10:15:00-18:00",
        "2026-11-24T10:15:00+18:01",
        "2023-02-29T12:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-11-31T00:00:00Z", "2026-11-24T24:00:00Z",
        "2026-11-24T10:60:00Z", "2026-11-24T10:15:60Z", "2026-11-24T10:15:00.1234Z", "2026-11-24T10:15:00.123456789Z",
        "2026-11-24 10:15:00Z", "2026-11-24T10:15:00", "2026-11-24T10:15:00+0100", "2026-11-24t10:15:00z", "2026-11-24T10:15:00.Z",
        "1899-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "2026-11-24T10:15:00+24:00", "2026-11-24T10:15:00Z ", "+2026-11-24T10:15:00Z",
        "2026-11-24T10:15:00.12a Z", "２０２６-11-24T10:15:00Z", "2026-11-24T10:15:00−01:00",
    ]

    @Test(arguments: spellings) func readsEachSpellingAsFoundationDoes(_ text: String) {
        let expected = Self.foundation(text.trimmingWhitespace())
        let read = Timestamps.parseISO8601(text)
        #expect(read.map(Timestamps.milliseconds) == expected.map(Timestamps.milliseconds), "\(text)")
        if let fast = CommonISO8601.date(text) {
            #expect(expected != nil && Timestamps.milliseconds(fast) == Timestamps.milliseconds(expected!), "\(text): read by hand")
        }
    }

    @Test func readsTheCommonFormsByHandAndAgreesOnThousandsOfThem() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let year = Int.random(in: 1900...9999, using: &generator)
            let month = Int.random(in: 1...12, using: &generator)
            let day = Int.random(in: 1...28, using: &generator)
            var text = String(
                format: "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, Int.random(in: 0...23), Int.random(in: 0...59), Int.random(in: 0...59))
            let digits = Int.random(in: 0...3)
            if digits > 0 {
                text += "." + String(String(Int.random(in: 0...999), radix: 10).padding(toLength: 3, withPad: "0", startingAt: 0).prefix(digits))
            }
            text +=
                Bool.random() ? "Z" : String(format: "%@%02d:%02d", Bool.random() ? "+" : "-", Int.random(in: 0...14), [0, 30, 45].randomElement()!)
            let fast = CommonISO8601.date(text)
            let expected = Self.foundation(text)
            #expect(fast != nil, "\(text) is a common form")
            #expect(fast.map(Timestamps.milliseconds) == expected.map(Timestamps.milliseconds), "\(text)")
        }
    }
}
