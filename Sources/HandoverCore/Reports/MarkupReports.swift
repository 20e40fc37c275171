import Foundation

enum MarkdownReport {
    static func head(generatedAt: Date, summary: ReportSummary) -> String {
        var lines = [
            "# Handover report", "",
            "Generated \(Timestamps.format(generatedAt)): \(summary.total) sessions, \(summary.failures) failed handovers, "
                + "\(summary.pending) pending.",
            "",
            "| Code | Sessions | Meaning | Action |", "|---|---:|---|---|",
        ]
        lines += summary.rows.map { "| `\($0.code.rawValue)` | \($0.count) | \(cell($0.code.entry.meaning)) | \(cell($0.code.entry.action)) |" }
        lines += ["", "| Session | Started | Code | Contacts | Summary |", "|---|---|---|---|---|"]
        return lines.joined(separator: "\n") + "\n"
    }

    static func line(_ report: SessionReport) -> String {
        VisibleText.escapingBidiControls(row(report))
    }

    static func row(_ report: SessionReport) -> String {
        "| `\(cell(report.sessionId))` | \(report.startedAt.map(Timestamps.format) ?? "-") | `\(report.diagnosis.code.rawValue)` | "
            + "\(report.contactCentreIds.joined(separator: ", ")) | \(cell(report.diagnosis.shownSummary)) |\n"
    }

    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}

/// One session for a person who was not there: the incident packet's summary.md.
public enum SessionMarkdown {
    public static func render(_ report: SessionReport, generatedAt: Date) -> String {
        let cell = MarkdownReport.cell
        var lines = [
            "# Handover incident: session `\(report.sessionId)`", "",
            "Generated \(Timestamps.format(generatedAt)) by handover-trace.", "",
            "| | |", "|---|---|",
            "| Diagnosis | `\(report.diagnosis.code.rawValue)`: \(cell(report.diagnosis.shownSummary)) |",
            "| Action | \(cell(report.diagnosis.action)) |",
            "| Started | \(report.startedAt.map(Timestamps.format) ?? "-") |",
            "| CXone contacts | \(report.contactIds.isEmpty ? "none matched" : report.contactIds.joined(separator: ", ")) |",
            "| Contact ids the bot recorded | \(report.botContactIds.isEmpty ? "none" : report.botContactIds.joined(separator: ", ")) |",
        ]
        if !report.conversationIds.isEmpty || !report.botConversationIds.isEmpty {
            let (joined, recorded) = (report.conversationIds.joined(separator: ", "), report.botConversationIds.joined(separator: ", "))
            lines += [
                "| Genesys conversations | \(joined.isEmpty ? "none matched" : joined) |",
                "| Conversation ids the bot recorded | \(recorded.isEmpty ? "none" : recorded) |",
            ]
        }
        lines += ["", "## Evidence", ""]
        lines += report.diagnosis.evidence.map { "- \($0)" }
        lines += ["", "## Timeline", "", "| Time | Side | Event |", "|---|---|---|"]
        lines += report.timeline.map { "| \($0.at.map(Timestamps.format) ?? "-") | \($0.side.rawValue) | \(cell($0.summary)) |" }
        lines += [
            "",
            "Files: session.json (this session as the report shows it), timeline.json, snapshots.ndjson and "
                + "handover-attempts.ndjson (each request as it arrived, with its verdict), cxone-contacts.ndjson and "
                + "cxone-states.ndjson (CXone's records as fetched).", "",
        ]
        return VisibleText.escapingBidiControls(lines.joined(separator: "\n"))
    }
}

/// A self-contained page: no scripts, no external styles or fonts, every value escaped.
enum HTMLReport {
    static func head(generatedAt: Date, summary: ReportSummary) -> String {
        let rows = summary.rows.map {
            """
            <tr><td><code>\($0.code.rawValue)</code></td><td \
            class=n>\($0.count)</td><td>\(escape($0.code.entry.meaning))</td><td>\(escape($0.code.entry.action))</td></tr>
            """
        }.joined(separator: "\n")
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Handover report</title>
            <style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin-bottom:2em}
            td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f3f3f3}.n{text-align:right}
            tr.ok td:nth-child(3){color:#176b2c}tr.fail td:nth-child(3){color:#a3161b;font-weight:600}</style></head><body>
            <h1>Handover report</h1>
            <p>Generated \(Timestamps.format(generatedAt)): \(summary.total) sessions, \(summary.failures) failed handovers, \
            \(summary.pending) pending.</p>
            <table><tr><th>Code</th><th>Sessions</th><th>Meaning</th><th>Action</th></tr>
            \(rows)
            </table>
            <table><tr><th>Session</th><th>Started</th><th>Code</th><th>Contacts</th><th>Summary</th></tr>

            """
    }

    static func row(_ report: SessionReport) -> String {
        let kind = !report.diagnosis.isFinal ? "pending" : report.diagnosis.code.entry.isFailure ? "fail" : "ok"
        return "<tr class=\(kind)><td><code>\(escape(report.sessionId))</code></td><td>\(report.startedAt.map(Timestamps.format) ?? "-")</td>"
            + "<td>\(report.diagnosis.code.rawValue)</td><td>\(escape(report.contactCentreIds.joined(separator: ", ")))</td>"
            + "<td>\(escape(report.diagnosis.shownSummary))</td></tr>\n"
    }

    static let tail = "</table>\n</body></html>\n"

    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in VisibleText.escapingBidiControls(text) {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
