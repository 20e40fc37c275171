import HandoverCore
import Testing

@Suite("Bidirectional-control characters are written out where people read")
struct VisibleTextTests {
    @Test(arguments: [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069] as [UInt32])
    func eachControlIsNamed(_ value: UInt32) {
        let scalar = Unicode.Scalar(value)!
        let text = "abc" + String(Character(scalar)) + "def"
        let expected = "abc<U+" + String(value, radix: 16, uppercase: true) + ">def"
        #expect(VisibleText.escapingBidiControls(text) == expected)
    }

    @Test func otherTextIsUntouched() {
        for text in ["", "plain-session-1", "Grüße 👋", "\u{200F}rlm", "a\u{2065}b"] {
            #expect(VisibleText.escapingBidiControls(text) == text)
        }
    }

    @Test func theTextReportNamesThemInIdsAndSummaries() {
        let session = CorrelatedSession(sessionId: "id-\u{202E}gpj.exe")
        let line = String(decoding: ReportFormat.text.session(SessionReport(session, settlement: .complete), index: 0), as: UTF8.self)
        #expect(line.hasPrefix("id-<U+202E>gpj.exe"))
        let markdown = String(decoding: ReportFormat.md.session(SessionReport(session, settlement: .complete), index: 0), as: UTF8.self)
        #expect(markdown.contains("id-<U+202E>gpj.exe"))
        let html = String(decoding: ReportFormat.html.session(SessionReport(session, settlement: .complete), index: 0), as: UTF8.self)
        #expect(html.contains("id-&lt;U+202E&gt;gpj.exe"))
    }
}
