/// Why a request body was refused before anything was stored. The codes are stable: flows and scripts match on them.
public struct InputError: Error, Equatable, Sendable {
    public enum Code: String, Sendable {
        case malformedBody = "MALFORMED_BODY"
        case missingSessionId = "MISSING_SESSION_ID"
        case invalidField = "INVALID_FIELD"
        case unsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    static func invalidField(_ field: String, _ problem: String) -> InputError {
        InputError(.invalidField, "\(field): \(problem)")
    }
}
