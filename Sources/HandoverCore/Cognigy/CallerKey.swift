/// The caller's number as the caller-and-time join compares it: digits only, the last nine, so `+44 20 7946 0958`,
/// `0044 20 7946 0958` and `020 7946 0958` agree whichever side wrote a country code or trunk prefix. Text that is not a
/// phone number (a chat user id, a UUID) has no key. Nine digits can collide across countries; the join also needs the
/// start times to agree and exactly one contact to fit.
public enum CallerKey {
    static let digitsCompared = 9

    public static func key(_ address: String?) -> String? {
        guard var text = address?.trimmingWhitespace(), !text.isEmpty else { return nil }
        for scheme in ["tel:", "sip:", "sips:"] where text.lowercased().hasPrefix(scheme) { text = String(text.dropFirst(scheme.count)) }
        if let at = text.firstIndex(of: "@") { text = String(text[..<at]) }
        guard text.allSatisfy({ $0.isASCII && ($0.isNumber || "+-(). ".contains($0)) }) else { return nil }
        let digits = text.filter(\.isNumber)
        guard digits.count >= 7 else { return nil }
        return String(digits.suffix(digitsCompared))
    }
}
