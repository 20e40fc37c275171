/// What a flow reported after its escalation: Cognigy's `context.CXoneHandover` or the Handover node's status.
public enum HandoverOutcome: String, Sendable, Codable {
    case succeeded
    case failed
    case cancelled

    /// Reads `{"success": false, "stage", "error"}`, `{"handover": {"status": "error"}}`, or either nested
    /// under `CXoneHandover`; nil when the value says neither.
    public static func read(_ value: JSONValue?) -> HandoverOutcome? {
        guard let value, value.objectValue != nil else { return nil }
        if let nested = value["CXoneHandover"] { return read(nested) }
        if case .bool(let success) = value["success"] ?? .null { return success ? .succeeded : .failed }
        let status = (value.value(atPath: "handover.status") ?? value["status"])?.stringValue?.lowercased()
        switch status {
        case "completed", "success", "succeeded": return .succeeded
        case "error", "failed", "failure": return .failed
        case "cancelled", "canceled": return .cancelled
        default: return value["error"] != nil ? .failed : nil
        }
    }

    /// The stage and the error an outcome names, decided when the attempt is stored: `stage` and `error` (also
    /// under `CXoneHandover`), or the Handover node's `handover.error.message`.
    public struct Detail: Sendable, Equatable {
        public var stage: String?
        public var error: String?

        public init(stage: String? = nil, error: String? = nil) {
            self.stage = stage
            self.error = error
        }
    }

    public static func detail(_ value: JSONValue?) -> Detail {
        guard let value, value.objectValue != nil else { return Detail() }
        let nested = value["CXoneHandover"]
        let error = [value["error"], nested?["error"], value.value(atPath: "handover.error.message")].lazy.compactMap(text).first
        return Detail(stage: [value["stage"], nested?["stage"]].lazy.compactMap(text).first, error: error)
    }

    /// A value as text: a scalar as it is written, an object or array as JSON; nothing for null.
    private static func text(_ value: JSONValue?) -> String? {
        guard let value, value != .null else { return nil }
        return value.scalarText ?? value.jsonText
    }
}
