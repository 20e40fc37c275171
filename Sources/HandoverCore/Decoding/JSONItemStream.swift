/// Reads one JSON document a piece at a time, so that a saved export of any size is read in bounded memory: the items
/// of its top-level array, or of the arrays among its top-level object's members, come out one at a time, each parsed
/// by `JSONParser`; the other members (an OData context, a total, links) are parsed whole.
///
/// Only the extent of an item is found here (brackets and strings counted, nothing decoded), so the parser's rules
/// (duplicate keys, escapes, nesting) hold for every item exactly as for a webhook body.
public struct JSONItemStream: Sendable {
    public enum Element: Sendable, Equatable {
        /// The top-level array (key nil), or the array held by the member `key`, begins.
        case arrayStart(key: String?)
        /// An item of the top-level array (key nil) or of the array member `key`, counted from 0 in its array.
        case item(key: String?, index: Int, value: JSONValue)
        /// A member of the top-level object that does not hold an array.
        case member(key: String, value: JSONValue)
    }

    /// What is wrong and where: "line 3, column 7: expected ',' or '}' in an object".
    public struct Failure: Error, Sendable {
        public let message: String
    }

    private enum State: Sendable {
        case start
        case object(first: Bool)
        case array(key: String?, index: Int)
        case trailing
        case done
    }

    /// Bytes of one item at most: a bound on memory whatever the file holds.
    public static let maxItemBytes = 64 << 20
    static let chunkBytes = 1 << 20

    private var bytes = ByteWindow()
    private var state = State.start
    private var topKeys: Set<String> = []
    private let maxDepth: Int
    private let read: @Sendable (Int) throws -> [UInt8]

    /// `read(n)`: up to `n` further bytes of the document, none at its end.
    public init(maxDepth: Int = BodyDecoder().maxDepth, read: @escaping @Sendable (Int) throws -> [UInt8]) {
        self.maxDepth = maxDepth
        self.read = read
    }

    /// A document already in memory, read in place.
    public init(bytes document: [UInt8], maxDepth: Int = BodyDecoder().maxDepth) {
        self.init(maxDepth: maxDepth) { _ in [] }
        bytes.buffer = document
        bytes.ended = true
    }

    /// The next element, nil after the document's end.
    public mutating func next() throws(Failure) -> Element? {
        if !bytes.ended { bytes.compact(keeping: Self.chunkBytes) }
        while true {
            switch state {
            case .start: if let element = try begin() { return element }
            case .object(let first): if let element = try member(first: first) { return element }
            case .array(let key, let index): if let element = try item(key: key, index: index) { return element }
            case .trailing:
                try skipWhitespace()
                guard try peek() == nil else { throw fail("unexpected text after the end of the JSON value") }
                state = .done
            case .done: return nil
            }
        }
    }

    private mutating func begin() throws(Failure) -> Element? {
        if try peek() == 0xEF { try expect(JSONItemStream.byteOrderMark) }
        try skipWhitespace()
        switch try peek() {
        case nil: throw Failure(message: "the document is empty")
        case UInt8(ascii: "["):
            bytes.position += 1
            state = .array(key: nil, index: 0)
            return .arrayStart(key: nil)
        case UInt8(ascii: "{"):
            bytes.position += 1
            state = .object(first: true)
            return nil
        default:
            throw Failure(message: "expected a JSON object or array, found a \(try parseValue(depth: 1).typeName)")
        }
    }

    private mutating func member(first: Bool) throws(Failure) -> Element? {
        try skipWhitespace()
        if try peek() == UInt8(ascii: "}"), first {
            bytes.position += 1
            state = .trailing
            return nil
        }
        if !first {
            switch try peek() {
            case UInt8(ascii: ","): bytes.position += 1
            case UInt8(ascii: "}"):
                bytes.position += 1
                state = .trailing
                return nil
            default: throw fail("expected ',' or '}' in an object")
            }
            try skipWhitespace()
        }
        guard try peek() == UInt8(ascii: "\"") else { throw fail("expected a quoted key") }
        let keyOffset = bytes.position
        guard case .string(let key) = try parseValue(depth: 1) else { throw fail("expected a quoted key") }
        guard topKeys.insert(key).inserted else {
            throw fail("the key \"\(key.prefix(40))\" appears twice in one object", at: keyOffset)
        }
        try skipWhitespace()
        guard try peek() == UInt8(ascii: ":") else { throw fail("expected ':' after the key \"\(key.prefix(40))\"") }
        bytes.position += 1
        try skipWhitespace()
        if try peek() == UInt8(ascii: "[") {
            bytes.position += 1
            state = .array(key: key, index: 0)
            return .arrayStart(key: key)
        }
        state = .object(first: false)
        return .member(key: key, value: try parseValue(depth: 2))
    }

    private mutating func item(key: String?, index: Int) throws(Failure) -> Element? {
        try skipWhitespace()
        let next = try peek()
        let closed = next == UInt8(ascii: "]")
        if closed || index > 0 {
            guard closed || next == UInt8(ascii: ",") else { throw fail("expected ',' or ']' in an array") }
            bytes.position += 1
            if closed {
                state = key == nil ? .trailing : .object(first: false)
                return nil
            }
            try skipWhitespace()
        }
        state = .array(key: key, index: index + 1)
        return .item(key: key, index: index, value: try parseValue(depth: key == nil ? 2 : 3))
    }

    /// The value at the current position, its extent found first and then parsed.
    private mutating func parseValue(depth: Int) throws(Failure) -> JSONValue {
        let start = bytes.position
        var scan = ValueScan(start: start)
        while !scan.advance(through: bytes.buffer) {
            guard scan.end - start <= Self.maxItemBytes else {
                throw fail("an item is larger than \(Self.maxItemBytes >> 20) MiB", at: start)
            }
            guard try fill() else {
                guard scan.isScalar else { throw fail("the document ends inside a value", at: start) }
                break
            }
        }
        let value = Array(bytes.buffer[start..<scan.end])
        do throws(JSONParser.Failure) {
            let parsed = try JSONParser.parseWhole(value, maxDepth: maxDepth - depth + 1)
            bytes.position = scan.end
            return parsed
        } catch {
            throw fail(error.reason, at: start + error.offset)
        }
    }

    private mutating func skipWhitespace() throws(Failure) {
        while let byte = try peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { bytes.position += 1 }
    }

    private mutating func expect(_ expected: [UInt8]) throws(Failure) {
        for byte in expected {
            guard try peek() == byte else { throw fail("unexpected byte at the start of the document") }
            bytes.position += 1
        }
    }

    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    private mutating func peek() throws(Failure) -> UInt8? {
        if bytes.position == bytes.buffer.count, !(try fill()) { return nil }
        return bytes.buffer[bytes.position]
    }

    /// Appends the next chunk; false at the document's end.
    private mutating func fill() throws(Failure) -> Bool {
        guard !bytes.ended else { return false }
        let chunk: [UInt8]
        do { chunk = try read(Self.chunkBytes) } catch { throw Failure(message: "cannot read the document: \(error)") }
        if chunk.isEmpty { bytes.ended = true }
        bytes.buffer += chunk
        return !chunk.isEmpty
    }

    private func fail(_ reason: String, at offset: Int? = nil) -> Failure {
        Failure(message: "\(bytes.position(of: offset ?? bytes.position)): \(reason)")
    }
}
