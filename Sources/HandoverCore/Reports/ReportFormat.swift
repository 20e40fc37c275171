import Foundation

/// A report format, written in three parts so sessions can stream: the head (which needs the summary), one
/// chunk per session, and the tail.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, csv, md, html

    public func head(generatedAt: Date, summary: ReportSummary) -> String {
        switch self {
        case .text: return TextReport.head(generatedAt: generatedAt, summary: summary)
        case .json: return JSONReport.head(generatedAt: generatedAt, summary: summary)
        case .csv: return CSVReport.head
        case .md: return MarkdownReport.head(generatedAt: generatedAt, summary: summary)
        case .html: return HTMLReport.head(generatedAt: generatedAt, summary: summary)
        }
    }

    /// One session's part, as UTF-8. `index` is the session's position, from 0 (JSON needs it for its separators).
    public func session(_ report: SessionReport, index: Int) -> [UInt8] {
        switch self {
        case .text: return Array(TextReport.line(report).utf8)
        case .json: return Array((index == 0 ? "\n" : ",\n").utf8) + report.jsonBytes
        case .csv: return Array(CSVReport.line(report).utf8)
        case .md: return Array(MarkdownReport.line(report).utf8)
        case .html: return Array(HTMLReport.row(report).utf8)
        }
    }

    public func tail(sessions: Int) -> String {
        switch self {
        case .text: return sessions == 0 ? "(no sessions in this window)\n" : ""
        case .json: return "\n]}\n"
        case .csv: return ""
        case .md: return sessions == 0 ? "\n(no sessions in this window)\n" : ""
        case .html: return HTMLReport.tail
        }
    }
}

enum TextReport {
    static func head(generatedAt: Date, summary: ReportSummary) -> String {
        var lines = [
            "handover-trace report, generated \(Timestamps.format(generatedAt))",
            "\(summary.total) sessions, \(summary.failures) failed handovers, \(summary.pending) pending (their codes may still change)", "",
        ]
        lines += summary.rows.map { "\($0.code.rawValue.rightPadded(24)) \(String($0.count).leftPadded(6))  \($0.code.entry.meaning)" }
        lines += ["", "SESSION                                STARTED                   CODE                     CONTACTS      SUMMARY", ""]
        return lines.joined(separator: "\n")
    }

    static func line(_ report: SessionReport) -> String {
        VisibleText.escapingBidiControls(fields(report))
    }

    static func fields(_ report: SessionReport) -> String {
        [
            report.sessionId.rightPadded(38), (report.startedAt.map(Timestamps.format) ?? "-").rightPadded(25),
            report.diagnosis.code.rawValue.rightPadded(24),
            (report.contactCentreIds.isEmpty ? "-" : report.contactCentreIds.joined(separator: ",")).rightPadded(13),
            report.diagnosis.shownSummary,
        ].joined(separator: " ") + "\n"
    }
}

enum JSONReport {
    static func head(generatedAt: Date, summary: ReportSummary) -> String {
        let counts = summary.rows.map { "\"\($0.code.rawValue)\":\($0.count)" }.joined(separator: ",")
        return "{\"generatedAt\":\"\(Timestamps.format(generatedAt))\",\"pending\":\(summary.pending),\"summary\":{\(counts)},\"sessions\":["
    }
}

enum CSVReport {
    static let head = "session_id,started_at,code,contact_ids,bot_contact_ids,summary,action,final\n"

    static func line(_ report: SessionReport) -> String {
        [
            report.sessionId, report.startedAt.map(Timestamps.format) ?? "", report.diagnosis.code.rawValue,
            report.contactCentreIds.joined(separator: " "), (report.botContactIds + report.botConversationIds).joined(separator: " "),
            report.diagnosis.summary, report.diagnosis.action, report.diagnosis.isFinal ? "true" : "false",
        ].map(field).joined(separator: ",") + "\n"
    }

    /// RFC 4180 quoting; a leading =, +, - or @ is prefixed so a spreadsheet never runs a caller's text as a formula.
    static func field(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }

    /// Pads to a column width but never cuts: an id longer than its column pushes the line, it is not truncated.
    public func rightPadded(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
