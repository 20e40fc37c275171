import Foundation

/// Turns a request body into a JSON object, whichever of the two content types Cognigy's HTTP Request node sent.
public struct BodyDecoder: Sendable {
    public enum MediaType: String, Sendable {
        case json = "application/json"
        case form = "application/x-www-form-urlencoded"
    }

    /// Deeper documents are refused before parsing, so a hostile body cannot exhaust the stack.
    public var maxDepth = 64
    /// Bounds the work a form body can cause.
    public var maxFormFields = 1_000

    public init() {}

    /// Reads `Content-Type` leniently (case, parameters, `+json` suffixes); nil when the type is not one we accept.
    public static func mediaType(of contentType: String?) -> MediaType? {
        guard let contentType else { return nil }
        let essence = contentType.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        } ?? ""
        if essence == MediaType.form.rawValue { return .form }
        if essence == "application/json" || essence == "text/json" || essence.hasSuffix("+json") { return .json }
        return nil
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

    public func decodeJSON(_ body: [UInt8]) throws(InputError) -> JSONValue {
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw InputError(.malformedBody, "The body is empty; send a JSON object.")
        }
        if let depth = JSONDepth.exceeds(maxDepth, in: body) {
            throw InputError(.malformedBody, "JSON nesting is deeper than \(maxDepth) levels (at byte \(depth)).")
        }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(body))
        } catch {
            throw InputError(.malformedBody, "Invalid JSON: \(Self.locate(body) ?? Self.describe(error))")
        }
    }

    /// JSONDecoder's message says only that the JSON is invalid; JSONSerialization says where ("around character 6").
    /// It runs on the error path only.
    static func locate(_ body: [UInt8]) -> String? {
        do {
            _ = try JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
            return nil
        } catch {
            return (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
        }
    }

    /// Foundation's decoding errors keep the position ("around line 1, column 17") in an underlying error.
    static func describe(_ error: any Error) -> String {
        guard case DecodingError.dataCorrupted(let context) = error else { return "\(error)" }
        if let underlying = context.underlyingError {
            let nsError = underlying as NSError
            if let detail = nsError.userInfo[NSDebugDescriptionErrorKey] as? String { return detail }
            return "\(underlying)"
        }
        return context.debugDescription
    }
}

/// A cheap pre-scan for nesting depth that skips string contents.
enum JSONDepth {
    /// The byte offset where `limit` is first exceeded, or nil.
    static func exceeds(_ limit: Int, in body: [UInt8]) -> Int? {
        var depth = 0
        var inString = false
        var escaped = false
        for (offset, byte) in body.enumerated() {
            if inString {
                if escaped { escaped = false } else if byte == 0x5C { escaped = true } else if byte == 0x22 { inString = false }
                continue
            }
            switch byte {
            case 0x22: inString = true
            case 0x5B, 0x7B:
                depth += 1
                if depth > limit { return offset }
            case 0x5D, 0x7D: depth -= 1
            default: break
            }
        }
        return nil
    }
}
