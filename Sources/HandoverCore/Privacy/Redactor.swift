/// Replaces the values at configured JSON paths (`context.caller.ani`, `data.phone`, `text`) with a keyed hash
/// before anything is stored: equal values still hash equal, so sessions correlate, but the value itself never
/// reaches the disk. The hash function is given by the caller (HMAC-SHA256 with the operator's key).
public struct Redactor: Sendable {
    public let paths: [[String]]
    let hash: @Sendable (String) -> String

    public static let marker = "redacted:"

    /// Each path is dot-separated object keys; an empty segment is refused.
    public init(paths: [String], hash: @escaping @Sendable (String) -> String) throws(InputError) {
        self.paths = try paths.map { path throws(InputError) -> [String] in
            let segments = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard !segments.isEmpty, !segments.contains(where: \.isEmpty) else {
                throw InputError(.invalidField, "redaction path \"\(path)\" must be keys joined by dots, like context.caller.ani")
            }
            return segments
        }
        self.hash = hash
    }

    /// The fields with every configured path's value replaced, and the paths that were found.
    public func redact(_ fields: [String: JSONValue]) -> (fields: [String: JSONValue], redacted: [String]) {
        var result = fields
        var redacted: [String] = []
        for path in paths where Self.replace(path[...], in: &result, with: replacement) {
            redacted.append(path.joined(separator: "."))
        }
        return (result, redacted)
    }

    /// The caller key of a body whose `userId` this redactor replaces, hashed as Cognigy's and CXone's imported
    /// callers are, so the caller-and-time join and `erase --caller` still find a redacted caller; nil otherwise.
    public func callerKey(of fields: [String: JSONValue]) -> String? {
        guard paths.contains(["userId"]), let userId = fields["userId"]?.scalarText else { return nil }
        return CallerKey.key(userId).map { Self.hashed($0, with: hash) }
    }

    func replacement(_ value: JSONValue) -> JSONValue {
        .string(Self.hashed(value.scalarText ?? value.jsonText, with: hash))
    }

    /// `text` as stored when redacted: the marker and its hash, unless it already is one (a re-import, a retry).
    public static func hashed(_ text: String, with hash: (String) -> String) -> String {
        text.hasPrefix(marker) ? text : marker + hash(text)
    }

    private static func replace(_ path: ArraySlice<String>, in object: inout [String: JSONValue], with replacement: (JSONValue) -> JSONValue) -> Bool
    {
        guard let key = path.first, let value = object[key], value != .null else { return false }
        if path.count == 1 {
            object[key] = replacement(value)
            return true
        }
        // A nested object may also arrive as JSON text (form bodies, stringified context): redact inside it.
        guard case .object(var inner) = FieldReader.parsingEmbeddedJSON(value) else { return false }
        let found = replace(path.dropFirst(), in: &inner, with: replacement)
        if found { object[key] = .object(inner) }
        return found
    }
}
