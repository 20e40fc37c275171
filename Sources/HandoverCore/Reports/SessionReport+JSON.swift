import Foundation

/// The report's JSON for one session, written straight into a string: JSONEncoder took a quarter of a large
/// report's time. Keys are in sorted order, exactly as `JSONEncoder` with `.sortedKeys` writes this type.
extension SessionReport {
    public var jsonText: String { String(decoding: jsonBytes, as: UTF8.self) }

    /// The same JSON as UTF-8 bytes, appended without going through `String` (what a large report writes).
    public var jsonBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(2_048)
        out += "{".utf8
        Self.field("botContactIds", &out) { Self.strings(botContactIds, &$0) }
        out += ",".utf8
        Self.field("botConversationIds", &out) { Self.strings(botConversationIds, &$0) }
        out += ",".utf8
        Self.field("contactIds", &out) { Self.strings(contactIds, &$0) }
        out += ",".utf8
        Self.field("conversationIds", &out) { Self.strings(conversationIds, &$0) }
        out += ",".utf8
        Self.field("diagnosis", &out) { out in
            out += "{".utf8
            Self.field("action", &out) { JSONBytes.quoted(diagnosis.action, to: &$0) }
            out += ",".utf8
            Self.field("code", &out) { JSONBytes.quoted(diagnosis.code.rawValue, to: &$0) }
            out += ",".utf8
            Self.field("evidence", &out) { Self.strings(diagnosis.evidence, &$0) }
            out += ",".utf8
            Self.field("final", &out) { $0 += (diagnosis.isFinal ? "true" : "false").utf8 }
            out += ",".utf8
            if let pending = diagnosis.pending {
                Self.field("pending", &out) { Self.pending(pending, &$0) }
                out += ",".utf8
            }
            Self.field("summary", &out) { JSONBytes.quoted(diagnosis.summary, to: &$0) }
            out += "}".utf8
        }
        out += ",".utf8
        Self.field("sessionId", &out) { JSONBytes.quoted(sessionId, to: &$0) }
        out += ",".utf8
        Self.field("startedAt", &out) { Self.time(startedAt, &$0) }
        out += ",\"timeline\":[".utf8
        for (position, entry) in timeline.enumerated() {
            if position > 0 { out += ",".utf8 }
            out += "{".utf8
            Self.field("at", &out) { Self.time(entry.at, &$0) }
            out += ",".utf8
            Self.field("kind", &out) { JSONBytes.quoted(entry.kind.rawValue, to: &$0) }
            out += ",".utf8
            Self.field("side", &out) { JSONBytes.quoted(entry.side.rawValue, to: &$0) }
            out += ",".utf8
            Self.field("source", &out) { JSONBytes.quoted(entry.source.rawValue, to: &$0) }
            out += ",".utf8
            Self.field("summary", &out) { JSONBytes.quoted(entry.summary, to: &$0) }
            out += "}".utf8
        }
        out += "]}".utf8
        return out
    }

    private static func pending(_ pending: Pending, _ out: inout [UInt8]) {
        out += "{".utf8
        field("reason", &out) { JSONBytes.quoted(pending.reason, to: &$0) }
        out += ",".utf8
        field("settlesAt", &out) { time(pending.settlesAt, &$0) }
        out += ",".utf8
        field("since", &out) { time(pending.since, &$0) }
        out += ",".utf8
        field("waitsFor", &out) { JSONBytes.quoted(pending.waitsFor.rawValue, to: &$0) }
        out += "}".utf8
    }

    private static func field(_ key: String, _ out: inout [UInt8], value: (inout [UInt8]) -> Void) {
        out += "\"".utf8
        out += key.utf8
        out += "\":".utf8
        value(&out)
    }

    private static func strings(_ values: [String], _ out: inout [UInt8]) {
        out += "[".utf8
        for (position, value) in values.enumerated() {
            if position > 0 { out += ",".utf8 }
            JSONBytes.quoted(value, to: &out)
        }
        out += "]".utf8
    }

    private static func time(_ date: Date?, _ out: inout [UInt8]) {
        guard let date else { out += "null".utf8; return }
        JSONBytes.quoted(Timestamps.format(date), to: &out)
    }
}
