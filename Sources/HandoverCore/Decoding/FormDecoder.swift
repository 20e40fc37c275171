/// `application/x-www-form-urlencoded`, the Cognigy HTTP Request node's default for POST.
///
/// Bracketed keys (`context[data][contactId]=1`) build nested objects, as Node's `qs` writes them. A value stays a
/// string here; fields that expect JSON (`context`, `data`, `payload`) are parsed later by the field readers.
struct FormDecoder {
    let maxFields: Int

    func decode(_ body: [UInt8]) throws(InputError) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        let pairs = body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true)
        guard pairs.count <= maxFields else {
            throw InputError(.malformedBody, "The form has \(pairs.count) fields; at most \(maxFields) are accepted.")
        }
        for pair in pairs {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let key = try Self.percentDecode(parts[0], fieldStart: pair.startIndex)
            let value = parts.count > 1 ? try Self.percentDecode(parts[1], fieldStart: pair.startIndex) : ""
            guard !key.isEmpty else {
                throw InputError(.malformedBody, "Form field at byte \(pair.startIndex) has an empty name.")
            }
            try Self.assign(.string(value), at: Self.keyPath(key), in: &result)
        }
        return result
    }

    static func percentDecode(_ bytes: ArraySlice<UInt8>, fieldStart: Int) throws(InputError) -> String {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                decoded.append(0x20)
            } else if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex,
                    let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
                else {
                    throw InputError(.malformedBody, "Broken percent-encoding at byte \(index) of the form body.")
                }
                decoded.append(high << 4 | low)
                index += 2
            } else {
                decoded.append(byte)
            }
            index += 1
        }
        guard let text = String(validating: decoded, as: UTF8.self) else {
            throw InputError(.malformedBody, "The form field at byte \(fieldStart) is not valid UTF-8 once decoded.")
        }
        return text
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// `a[b][c]` -> ["a", "b", "c"]; a key without brackets is one segment.
    static func keyPath(_ key: String) -> [String] {
        guard let open = key.firstIndex(of: "["), key.hasSuffix("]") else { return [key] }
        let head = String(key[..<open])
        let rest = key[key.index(after: open)..<key.index(before: key.endIndex)]
        return [head] + rest.components(separatedBy: "][")
    }

    static func assign(_ value: JSONValue, at path: [String], in object: inout [String: JSONValue]) throws(InputError) {
        guard let head = path.first else { return }
        if path.count == 1 {
            object[head] = value
            return
        }
        var child: [String: JSONValue]
        switch object[head] {
        case .none: child = [:]
        case .object(let members): child = members
        default:
            throw InputError(.malformedBody, "Form field '\(head)' is given both as a value and as an object.")
        }
        try assign(value, at: Array(path.dropFirst()), in: &child)
        object[head] = .object(child)
    }
}

/// A URL's query as browsers and HTTP clients write it (`application/x-www-form-urlencoded`): `+` is a space, and
/// `%2B` a plus sign. Pairs in their order, repeats kept.
public enum FormQuery {
    public static func pairs(_ query: String) throws(InputError) -> [(name: String, value: String)] {
        var pairs: [(name: String, value: String)] = []
        for pair in Array(query.utf8).split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            do {
                let name = try FormDecoder.percentDecode(parts[0], fieldStart: pair.startIndex)
                pairs.append((name, parts.count > 1 ? try FormDecoder.percentDecode(parts[1], fieldStart: pair.startIndex) : ""))
            } catch {
                throw InputError(.invalidField, "The query parameter at byte \(pair.startIndex) has broken percent-encoding or is not UTF-8.")
            }
        }
        return pairs
    }
}
