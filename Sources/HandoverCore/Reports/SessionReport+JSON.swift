import Foundation

/// The report's JSON for one session, written straight into a string: JSONEncoder took a quarter of a large
/// report's time. Keys are in sorted order, exactly as `JSONEncoder` with `.sortedKeys` writes this type.
extension SessionReport {
    public var jsonText: String {
        var out = "{"
        Self.field("botContactIds", &out) { Self.strings(botContactIds, &$0) }
        out += ","
        Self.field("contactIds", &out) { Self.strings(contactIds, &$0) }
        out += ","
        Self.field("diagnosis", &out) { out in
            out += "{"
            Self.field("action", &out) { JSONValue.writeQuoted(diagnosis.action, to: &$0) }
            out += ","
            Self.field("code", &out) { JSONValue.writeQuoted(diagnosis.code.rawValue, to: &$0) }
            out += ","
            Self.field("evidence", &out) { Self.strings(diagnosis.evidence, &$0) }
            out += ","
            Self.field("summary", &out) { JSONValue.writeQuoted(diagnosis.summary, to: &$0) }
            out += "}"
        }
        out += ","
        Self.field("sessionId", &out) { JSONValue.writeQuoted(sessionId, to: &$0) }
        out += ","
        Self.field("startedAt", &out) { Self.time(startedAt, &$0) }
        out += ",\"timeline\":["
        for (position, entry) in timeline.enumerated() {
            if position > 0 { out += "," }
            out += "{"
            Self.field("at", &out) { Self.time(entry.at, &$0) }
            out += ","
            Self.field("kind", &out) { JSONValue.writeQuoted(entry.kind.rawValue, to: &$0) }
            out += ","
            Self.field("side", &out) { JSONValue.writeQuoted(entry.side.rawValue, to: &$0) }
            out += ","
            Self.field("summary", &out) { JSONValue.writeQuoted(entry.summary, to: &$0) }
            out += "}"
        }
        out += "]}"
        return out
    }

    private static func field(_ key: String, _ out: inout String, value: (inout String) -> Void) {
        out += "\""
        out += key
        out += "\":"
        value(&out)
    }

    private static func strings(_ values: [String], _ out: inout String) {
        out += "["
        for (position, value) in values.enumerated() {
            if position > 0 { out += "," }
            JSONValue.writeQuoted(value, to: &out)
        }
        out += "]"
    }

    private static func time(_ date: Date?, _ out: inout String) {
        guard let date else { out += "null"; return }
        JSONValue.writeQuoted(Timestamps.format(date), to: &out)
    }
}
