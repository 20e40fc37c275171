/// The part of a document `JSONItemStream` holds: what has been read and not yet handed out, with enough of what came
/// before (its line count) to say where in the whole document an error is.
struct ByteWindow: Sendable {
    var buffer: [UInt8] = []
    var position = 0
    var ended = false
    /// The document's offset of `buffer[0]`, the newlines before it, and where the line holding it starts.
    private var base = 0
    private var lines = 0
    private var lineStart = 0

    /// Drops what has been handed out, once it is more than `keeping` bytes, so the window holds about one item.
    mutating func compact(keeping: Int) {
        guard position >= keeping else { return }
        let dropped = buffer[..<position]
        lines += dropped.lazy.filter { $0 == 0x0A }.count
        if let newline = dropped.lastIndex(of: 0x0A) { lineStart = base + newline + 1 }
        buffer.removeFirst(position)
        base += position
        position = 0
    }

    /// "line 3, column 7" for an offset into `buffer`.
    func position(of offset: Int) -> String {
        let before = buffer[..<min(offset, buffer.count)]
        let line = lines + before.lazy.filter { $0 == 0x0A }.count + 1
        let start = before.lastIndex(of: 0x0A).map { base + $0 + 1 } ?? lineStart
        return "line \(line), column \(base + offset - start + 1)"
    }
}

/// Finds where one JSON value ends without decoding it, resumable as more of the document arrives.
struct ValueScan {
    private enum Kind { case container, string, scalar }

    /// Where scanning goes on; once `advance` returns true, the end of the value.
    private(set) var end: Int
    private var kind: Kind?
    private var depth = 0
    private var inString = false
    private var escaped = false

    init(start: Int) { end = start }

    /// A number or literal ends with the document; nothing else may.
    var isScalar: Bool { kind != .container && kind != .string }

    /// Scans `buffer` from where the last call stopped; true when the value's end is found.
    mutating func advance(through buffer: [UInt8]) -> Bool {
        buffer.withUnsafeBufferPointer { bytes in
            var index = end
            defer { end = index }
            if kind == nil, index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "{"), UInt8(ascii: "["): kind = .container
                case UInt8(ascii: "\""):
                    kind = .string
                    inString = true
                    index += 1
                default: kind = .scalar
                }
            }
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if inString {
                    if escaped {
                        escaped = false
                    } else if byte == UInt8(ascii: "\\") {
                        escaped = true
                    } else if byte == UInt8(ascii: "\"") {
                        inString = false
                        if kind == .string { return true }
                    }
                    continue
                }
                switch byte {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: ","), 0x20, 0x0A, 0x0D, 0x09:
                    if kind == .scalar {
                        index -= 1
                        return true
                    }
                    guard byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") else { continue }
                    depth -= 1
                    if depth == 0 { return true }
                default: continue
                }
            }
            return false
        }
    }
}
