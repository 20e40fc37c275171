/// CXone contact ids as a flow carries them.
public enum ContactIds {
    /// Cognigy's fallback contact id when the CXone SIP headers are missing.
    public static let placeholder = "100000000000"

    public static func isAllDigits(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
