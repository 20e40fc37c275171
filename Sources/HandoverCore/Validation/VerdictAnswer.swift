/// The verdict as the API (and `validate --json`) answers it; `id` and `receivedAt` only when the attempt was stored.
/// Written as a `JSONValue`, not `Encodable`: Foundation's encoder took the echoed payload and every issue through
/// its generic path, a fifth of a validation's CPU.
public struct VerdictAnswer {
    let id: Int64?
    let sessionId: String?
    let receivedAt: String?
    let shape: HandoverAttempt.Shape
    public let valid: Bool
    let errors: [ValidationIssue]
    let warnings: [ValidationIssue]
    let payload: JSONValue
    let duplicate: Bool?

    public init(_ verdict: HandoverVerdict, attempt: HandoverAttempt, id: Int64? = nil, receivedAt: String? = nil, duplicate: Bool = false) {
        self.id = id
        self.sessionId = attempt.sessionId
        self.receivedAt = receivedAt
        self.shape = verdict.shape
        self.valid = verdict.valid
        self.errors = verdict.errors
        self.warnings = verdict.warnings
        self.payload = verdict.normalisedPayload
        self.duplicate = duplicate ? true : nil
    }

    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "shape": .string(shape.rawValue), "valid": .bool(valid), "errors": .array(errors.map(\.json)),
            "warnings": .array(warnings.map(\.json)), "payload": payload,
        ]
        if let id { members["id"] = .integer(id) }
        if let sessionId { members["sessionId"] = .string(sessionId) }
        if let receivedAt { members["receivedAt"] = .string(receivedAt) }
        if let duplicate { members["duplicate"] = .bool(duplicate) }
        return .object(members)
    }
}
