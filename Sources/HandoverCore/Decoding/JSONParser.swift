/// A single-pass JSON parser into `JSONValue`.
///
/// Hand-written rather than Foundation's JSONDecoder because the webhook needs what that decoder does not give:
/// the line and column of an error, a nesting limit checked while parsing, duplicate keys refused rather than
/// silently dropped, integers kept exact, and about three times less CPU per request (see scripts/bench-ingest).
struct JSONParser {
    struct Failure: Error {
        let offset: Int
        let reason: String
    }

    private let bytes: [UInt8]
    private let maxDepth: Int
    private var index = 0

    init(_ bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    static func parse(_ bytes: [UInt8], maxDepth: Int) throws(InputError) -> JSONValue {
        do throws(Failure) {
            return try parseWhole(bytes, maxDepth: maxDepth)
        } catch {
            throw InputError(.malformedBody, "Invalid JSON at \(Self.position(of: error.offset, in: bytes)): \(error.reason).")
        }
    }

    /// One value filling `bytes`, failing with the offset of what is wrong, for a caller that knows where the bytes
    /// came from (`JSONItemStream`).
    static func parseWhole(_ bytes: [UInt8], maxDepth: Int) throws(Failure) -> JSONValue {
        var parser = JSONParser(bytes, maxDepth: maxDepth)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 1)
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw parser.fail("unexpected text after the end of the JSON value") }
        return value
    }

    /// "line 3, column 7" for a byte offset, counted only when there is an error to report.
    static func position(of offset: Int, in bytes: [UInt8]) -> String {
        let prefix = bytes[..<min(offset, bytes.count)]
        let line = prefix.lazy.filter { $0 == 0x0A }.count + 1
        let lineStart = prefix.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        return "line \(line), column \(offset - lineStart + 1)"
    }

    private func fail(_ reason: String) -> Failure {
        Failure(offset: index, reason: reason)
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    private mutating func parseValue(depth: Int) throws(Failure) -> JSONValue {
        guard let byte = current else { throw fail("the body ends where a value was expected") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try parseLiteral("true", .bool(true))
        case UInt8(ascii: "f"): return try parseLiteral("false", .bool(false))
        case UInt8(ascii: "n"): return try parseLiteral("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw fail("unexpected character \(Self.describe(byte))")
        }
    }

    private mutating func enter(_ depth: Int) throws(Failure) {
        guard depth <= maxDepth else { throw fail("nesting is deeper than \(maxDepth) levels") }
        index += 1
        skipWhitespace()
    }

    private mutating func parseObject(depth: Int) throws(Failure) -> JSONValue {
        try enter(depth)
        var members: [String: JSONValue] = [:]
        if current == UInt8(ascii: "}") { index += 1; return .object(members) }
        while true {
            guard current == UInt8(ascii: "\"") else { throw fail("expected a quoted key") }
            let keyOffset = index
            let key = try parseString()
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw fail("expected ':' after the key \"\(key.prefix(40))\"") }
            index += 1
            skipWhitespace()
            let value = try parseValue(depth: depth + 1)
            guard members.updateValue(value, forKey: key) == nil else {
                throw Failure(offset: keyOffset, reason: "the key \"\(key.prefix(40))\" appears twice in one object")
            }
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1; skipWhitespace()
            case UInt8(ascii: "}"): index += 1; return .object(members)
            default: throw fail("expected ',' or '}' in an object")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(Failure) -> JSONValue {
        try enter(depth)
        var items: [JSONValue] = []
        if current == UInt8(ascii: "]") { index += 1; return .array(items) }
        while true {
            items.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1; skipWhitespace()
            case UInt8(ascii: "]"): index += 1; return .array(items)
            default: throw fail("expected ',' or ']' in an array")
            }
        }
    }

    private mutating func parseLiteral(_ word: StaticString, _ value: JSONValue) throws(Failure) -> JSONValue {
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard index + expected.count <= bytes.count, bytes[index..<index + expected.count].elementsEqual(expected) else {
            throw fail("unexpected character \(Self.describe(bytes[index]))")
        }
        index += expected.count
        return value
    }

    private mutating func parseNumber() throws(Failure) -> JSONValue {
        let start = index
        var isInteger = true
        if current == UInt8(ascii: "-") { index += 1 }
        guard let first = current, Self.isDigit(first) else { throw fail("expected a digit") }
        if first == UInt8(ascii: "0") {
            index += 1
            if let next = current, Self.isDigit(next) { throw fail("numbers may not start with 0") }
        } else {
            skipDigits()
        }
        if current == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard let digit = current, Self.isDigit(digit) else { throw fail("expected a digit after '.'") }
            skipDigits()
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard let digit = current, Self.isDigit(digit) else { throw fail("expected a digit in the exponent") }
            skipDigits()
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let integer = Int64(text) { return .integer(integer) }
        guard let double = Double(text), double.isFinite else {
            throw Failure(offset: start, reason: "the number \(text.prefix(40)) is too large")
        }
        return .double(double)
    }

    private mutating func skipDigits() {
        while let byte = current, Self.isDigit(byte) { index += 1 }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func parseString() throws(Failure) -> String {
        index += 1
        let start = index
        var bits: UInt8 = 0
        while let byte = current, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
            guard byte >= 0x20 else { throw fail("a control character (byte \(byte)) inside a string must be escaped") }
            bits |= byte
            index += 1
        }
        guard let stop = current else { throw Failure(offset: start - 1, reason: "a string is never closed") }
        let text: String?
        if stop == UInt8(ascii: "\""), bits < 0x80 {
            // ASCII without an escape, by far the most: always valid, so decoded without the generic validation.
            text = String(decoding: bytes[start..<index], as: UTF8.self)
        } else if stop == UInt8(ascii: "\"") {
            text = String(validating: bytes[start..<index], as: UTF8.self)
        } else {
            var utf8 = Array(bytes[start..<index])
            try continueEscapedString(into: &utf8)
            text = String(validating: utf8, as: UTF8.self)
        }
        index += 1
        guard let text else { throw Failure(offset: start, reason: "a string is not valid UTF-8") }
        return text
    }

    /// The slow path, from the first backslash to the closing quote.
    private mutating func continueEscapedString(into utf8: inout [UInt8]) throws(Failure) {
        while let byte = current, byte != UInt8(ascii: "\"") {
            guard byte >= 0x20 else { throw fail("a control character (byte \(byte)) inside a string must be escaped") }
            guard byte == UInt8(ascii: "\\") else {
                utf8.append(byte)
                index += 1
                continue
            }
            index += 1
            guard let escape = current else { break }
            index += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"): utf8.append(contentsOf: try parseUnicodeEscape())
            default: throw Failure(offset: index - 2, reason: "unknown escape \\\(Self.describe(escape))")
            }
        }
        guard current != nil else { throw fail("a string is never closed") }
    }

    /// `\uXXXX`, joining surrogate pairs; a lone surrogate is refused.
    private mutating func parseUnicodeEscape() throws(Failure) -> [UInt8] {
        let high = try parseHex4()
        var scalarValue = UInt32(high)
        if (0xD800...0xDBFF).contains(high) {
            guard bytes.count >= index + 6, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw fail("a \\u escape holds half a surrogate pair")
            }
            index += 2
            let low = try parseHex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw fail("a \\u escape holds half a surrogate pair") }
            scalarValue = 0x10000 + (UInt32(high - 0xD800) << 10) + UInt32(low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(scalarValue) else { throw fail("a \\u escape holds half a surrogate pair") }
        return Array(String(Character(scalar)).utf8)
    }

    private mutating func parseHex4() throws(Failure) -> UInt16 {
        guard index + 4 <= bytes.count, bytes[index..<index + 4].allSatisfy({ $0 < 0x80 && Character(Unicode.Scalar($0)).isHexDigit }),
            let value = UInt16(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
        else {
            throw fail("\\u must be followed by four hex digits")
        }
        index += 4
        return value
    }

    private static func describe(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }
}
