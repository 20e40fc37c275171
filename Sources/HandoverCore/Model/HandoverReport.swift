/// What a snapshot's context says about a handover the flow already tried: Cognigy's `context.CXoneHandover`
/// (`{"success", "stage", "error"}`) or the Handover node's `context.handover` (`{"status", "error": {"message"}}`).
/// Decided once, at ingest, and stored in the snapshot's columns, so no query has to read the context again.
public struct HandoverReport: Sendable, Equatable {
    public enum Source: String, Sendable {
        case cxoneHandover = "CXoneHandover"
        case handoverNode = "handover"
    }

    public var source: Source
    public var failed: Bool
    public var stage: String?
    public var error: String?

    public init(source: Source, failed: Bool, stage: String? = nil, error: String? = nil) {
        self.source = source
        self.failed = failed
        self.stage = stage
        self.error = error
    }

    /// A failure wins over a success, and Cognigy's own report over the Handover node's; nil when the context
    /// holds neither.
    public static func read(_ context: JSONValue?) -> HandoverReport? {
        let cxone = context?["CXoneHandover"].flatMap { $0.objectValue == nil ? nil : $0 }
        let node = context?["handover"].flatMap { $0.objectValue == nil ? nil : $0 }
        let fromCXone = cxone.map { report in
            HandoverReport(
                source: .cxoneHandover, failed: isFalse(report["success"]), stage: report["stage"]?.scalarText,
                error: report["error"].flatMap(text))
        }
        let fromNode = node.map { report in
            HandoverReport(
                source: .handoverNode, failed: report["status"]?.scalarText?.lowercased() == "error",
                error: report.value(atPath: "error.message").flatMap(text))
        }
        return [fromCXone, fromNode].compactMap { $0 }.first { $0.failed } ?? fromCXone ?? fromNode
    }

    /// The failure as evidence and the timeline show it, e.g. `CXoneHandover.success false: Contact not found`.
    public var failureSummary: String? {
        guard failed else { return nil }
        let what = source == .cxoneHandover ? "CXoneHandover.success false" : "handover.status error"
        return what + (error.map { ": \($0)" } ?? "")
    }

    /// `success` as flows write it when the handover failed: false, "false" or 0.
    static func isFalse(_ value: JSONValue?) -> Bool {
        switch value {
        case .bool(false)?, .integer(0)?, .double(0)?: true
        case .string(let text)?: text == "false"
        default: false
        }
    }

    /// A scalar as text, anything else as its JSON.
    static func text(_ value: JSONValue) -> String? {
        switch value {
        case .null: nil
        case .array, .object: value.jsonText
        default: value.scalarText
        }
    }
}
