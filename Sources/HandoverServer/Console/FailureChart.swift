import Foundation
import HandoverCore

/// Failures per time bucket as an inline SVG bar chart, drawn by the server (no script, no external asset).
/// Every label is built from numbers and dates only, so nothing from a request reaches the markup.
struct FailureChart {
    let start: Date
    let end: Date
    let bucketSeconds: TimeInterval
    private(set) var counts: [Int]

    init(start: Date, end: Date, buckets: Int = 24) {
        self.start = start
        self.end = end
        bucketSeconds = max(60, end.timeIntervalSince(start) / Double(buckets))
        counts = Array(repeating: 0, count: buckets)
    }

    mutating func add(_ date: Date?) {
        guard let date, date >= start, date < end else { return }
        let index = min(counts.count - 1, Int(date.timeIntervalSince(start) / bucketSeconds))
        counts[index] += 1
    }

    func svg(width: Int = 1100, height: Int = 160) -> String {
        let top = counts.max() ?? 0
        let barWidth = Double(width - 40) / Double(counts.count)
        var parts = [
            """
            <svg role=\"img\" aria-label=\"Failed handovers per \(Int(bucketSeconds / 60)) minutes\" viewBox=\"0 0 \(width) \(height + 24)\" \
            width=\"100%\" id=\"chart\">
            """
        ]
        parts.append(
            """
            <text x=\"0\" y=\"12\" font-size=\"11\" fill=\"#5d6677\">\(top)</text><text x=\"0\" y=\"\(height)\" font-size=\"11\" \
            fill=\"#5d6677\">0</text>
            """
        )
        parts.append("<line x1=\"36\" y1=\"\(height)\" x2=\"\(width)\" y2=\"\(height)\" stroke=\"#dfe3ea\"/>")
        for (index, count) in counts.enumerated() {
            let barHeight = top == 0 ? 0 : Double(height - 10) * Double(count) / Double(top)
            let x = 40 + Double(index) * barWidth
            parts.append(
                String(
                    format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#b3261e\" rx=\"2\"><title>%d</title></rect>",
                    x, Double(height) - barHeight, max(1, barWidth - 3), barHeight, count))
            if index % max(1, counts.count / 6) == 0 {
                let label = Timestamps.format(start.addingTimeInterval(Double(index) * bucketSeconds)).prefix(16).replacingOccurrences(
                    of: "T", with: " ")
                parts.append("<text x=\"\(Int(x))\" y=\"\(height + 16)\" font-size=\"11\" fill=\"#5d6677\">\(label)</text>")
            }
        }
        parts.append("</svg>")
        return parts.joined()
    }
}
