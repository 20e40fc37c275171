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
        // Spaces around a literal only (as the OpenAPI document's pattern says), without copying a long text.
        let bytes = text.utf8
        guard let first = bytes.firstIndex(where: { $0 != 0x20 }), let last = bytes.lastIndex(where: { $0 != 0x20 }) else { return false }
        let core = bytes[first...last]
        return core.count <= 15 && unresolvedLiterals.contains(String(decoding: core, as: UTF8.self))
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
