/// One problem found in a payload: a stable code to match on, the field it concerns, and how to fix it.
public struct ValidationIssue: Sendable, Equatable, Codable {
    public enum Code: String, Sendable, Codable, CaseIterable {
        case missingField = "MISSING_FIELD"
        case emptyField = "EMPTY_FIELD"
        case invalidTransferType = "INVALID_TRANSFER_TYPE"
        case placeholderContactId = "PLACEHOLDER_CONTACT_ID"
        case invalidContactId = "INVALID_CONTACT_ID"
        case unresolvedTemplate = "UNRESOLVED_TEMPLATE"
        case invalidConfidence = "INVALID_CONFIDENCE"
        case inconsistentAction = "INCONSISTENT_ACTION"
        case missingBotSessionId = "MISSING_BOT_SESSION_ID"
    }

    public let field: String
    public let code: Code
    public let message: String

    public init(_ code: Code, field: String, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    /// The standard wording for codes whose message does not depend on the value.
    public init(_ code: Code, field: String) {
        let message: String
        switch code {
        case .placeholderContactId:
            message =
                "\(field) is 100000000000, the placeholder Cognigy's CXone Context Init node uses when the SIP "
                + "headers X-InContact-MasterId / X-InContact-ContactId were missing; CXone silently ignores a signal "
                + "to it. Check that CXone passes the SIP headers and that Context Init runs before the handover."
        case .missingBotSessionId:
            message =
                "No bot session id: add metadata.botSessionId = {{input.sessionId}} so this attempt can be "
                + "correlated with the session later."
        default:
            message = "\(field) is not valid (\(code.rawValue))."
        }
        self.init(code, field: field, message: message)
    }
}

extension ValidationIssue {
    /// The issue as answers carry it: `{"code", "field", "message"}`.
    public var json: JSONValue {
        .object(["code": .string(code.rawValue), "field": .string(field), "message": .string(message)])
    }
}
