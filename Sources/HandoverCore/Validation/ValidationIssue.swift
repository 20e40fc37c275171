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
            message = "\(field) is 100000000000, the placeholder Cognigy's CXone Context Init node uses when the SIP "
                + "headers X-InContact-MasterId / X-InContact-ContactId were missing; CXone silently ignores a signal "
                + "to it. Check that CXone passes the SIP headers and that Context Init runs before the handover."
        case .missingBotSessionId:
            message = "No bot session id: add metadata.botSessionId = {{input.sessionId}} so this attempt can be "
                + "correlated with the session later."
        default:
            message = "\(field) is not valid (\(code.rawValue))."
        }
        self.init(code, field: field, message: message)
    }
}

public enum ContactIds {
    /// Cognigy's fallback contact id when the CXone SIP headers are missing.
    public static let placeholder = "100000000000"

    public static func isAllDigits(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}

/// A CognigyScript variable that never resolved reaches us as its token or as JavaScript's text for "nothing".
public enum UnresolvedTemplate {
    static let unresolvedLiterals: Set<String> = ["undefined", "null", "NaN", "[object Object]"]

    public static func matches(_ text: String) -> Bool {
        // Runs on every string of every body, so it scans bytes once for "{{" followed later by "}}".
        var opened = false
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if !opened, previous == UInt8(ascii: "{"), byte == UInt8(ascii: "{") {
                opened = true
                previous = 0
                continue
            }
            if opened, previous == UInt8(ascii: "}"), byte == UInt8(ascii: "}") { return true }
            previous = byte
        }
        return text.utf8.count <= 24 && unresolvedLiterals.contains(text.trimmingCharacters(in: .whitespaces))
    }

    public static func issue(field: String, value: String) -> ValidationIssue? {
        guard matches(value) else { return nil }
        return ValidationIssue(
            .unresolvedTemplate, field: field,
            message: "\(field) is \"\(value.prefix(80))\": a CognigyScript variable that never resolved. Check the "
                + "variable's name and that the flow sets it before this node."
        )
    }

    /// Every string anywhere in `value`, with its dotted path, that is unresolved.
    public static func scan(_ value: JSONValue, path: String = "") -> [ValidationIssue] {
        switch value {
        case .string(let text):
            return issue(field: path.isEmpty ? "(body)" : path, value: text).map { [$0] } ?? []
        case .array(let items):
            return items.enumerated().flatMap { scan($1, path: "\(path)[\($0)]") }
        case .object(let members):
            return members.keys.sorted().flatMap { key in
                scan(members[key]!, path: path.isEmpty ? key : "\(path).\(key)")
            }
        default:
            return []
        }
    }
}
