import Foundation

/// Turns a request body into a JSON object, whichever of the two content types Cognigy's HTTP Request node sent.
public struct BodyDecoder: Sendable {
    public enum MediaType: String, Sendable {
        case json = "application/json"
        case form = "application/x-www-form-urlencoded"
    }

    /// Deeper documents are refused while parsing, so a hostile body cannot exhaust the stack.
    public var maxDepth = 64
    /// Bounds the work a form body can cause.
    public var maxFormFields = 1_000

    public init() {}

    /// Reads `Content-Type` leniently (case, parameters, `+json` suffixes); nil when the type is not one we accept.
    public static func mediaType(of contentType: String?) -> MediaType? {
        guard let contentType else { return nil }
        let essence =
            contentType.split(separator: ";").first.map {
                $0.trimmingWhitespace().lowercased()
            } ?? ""
        if essence == MediaType.form.rawValue { return .form }
        if essence == "application/json" || essence == "text/json" || essence.hasSuffix("+json") { return .json }
        return nil
    }

    /// For a payload with no Content-Type (a file, a pasted text): JSON when its first non-blank character is `{`,
    /// form fields otherwise.
    public static func guessedMediaType(of body: [UInt8]) -> MediaType {
        let blanks: Set<UInt8> = [0x20, 0x0A, 0x0D, 0x09]
        let text = body.starts(with: byteOrderMark) ? body.dropFirst(byteOrderMark.count) : body[...]
        return text.first(where: { !blanks.contains($0) }) == UInt8(ascii: "{") ? .json : .form
    }

    public func decodeObject(_ body: [UInt8], as mediaType: MediaType) throws(InputError) -> [String: JSONValue] {
        switch mediaType {
        case .json: return try decodeJSONObject(body)
        case .form: return try FormDecoder(maxFields: maxFormFields).decode(body)
        }
    }

    public func decodeJSONObject(_ body: [UInt8]) throws(InputError) -> [String: JSONValue] {
        let value = try decodeJSON(body)
        guard case .object(let members) = value else {
            throw InputError(.malformedBody, "The body must be a JSON object, not a JSON \(value.typeName).")
        }
        return members
    }

    /// UTF-8's byte order mark: RFC 8259 lets a parser ignore it at the start of a JSON text, and some HTTP
    /// clients send one.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    public func decodeJSON(_ body: [UInt8]) throws(InputError) -> JSONValue {
        let body = body.starts(with: Self.byteOrderMark) ? Array(body.dropFirst(Self.byteOrderMark.count)) : body
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw InputError(.malformedBody, "The body is empty; send a JSON object.")
        }
        return try JSONParser.parse(body, maxDepth: maxDepth)
    }
}
