/// Where the sign-in form may send a browser afterwards: a path on this server and nothing a browser could read as
/// another host. Browsers follow the WHATWG URL parser, which treats `\` like `/` and drops tabs and newlines, so
/// `/\evil.example` and `/<TAB>/evil.example` both mean `//evil.example`; anything short of a plain path is refused.
enum SignInTarget {
    static let fallback = "/"

    /// `next` when it is a plain same-origin path (with an optional query), otherwise `/`.
    static func sanitised(_ next: String?) -> String {
        guard let next, isSameOriginPath(next) else { return fallback }
        return next
    }

    static func isSameOriginPath(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.first == UInt8(ascii: "/"), bytes.count < 2_048 else { return false }
        if bytes.count > 1, bytes[1] == UInt8(ascii: "/") { return false }
        // Printable ASCII only: no controls, no spaces, nothing non-ASCII, and no backslash anywhere.
        return bytes.allSatisfy { (0x21...0x7E).contains($0) && $0 != UInt8(ascii: "\\") }
    }
}
