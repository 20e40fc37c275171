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
}
