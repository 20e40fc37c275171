import Crypto
import Foundation

/// The keyed hash every redaction uses (webhook fields, Cognigy's imported records): HMAC-SHA256 under the operator's
/// key, so equal values hash equal on every path and the caller-and-time join still works on hashed numbers.
public enum RedactionHash {
    public static func keyed(_ key: String?, option: String = "--redact-key") throws(InputError) -> @Sendable (String) -> String {
        guard let key, key.count >= 16 else {
            throw InputError(.invalidField, "\(option) must be at least 16 characters (openssl rand -hex 24).")
        }
        let symmetric = SymmetricKey(data: Data(key.utf8))
        return { value in
            HMAC<SHA256>.authenticationCode(for: Data(value.utf8), using: symmetric).prefix(16).map { String(format: "%02x", $0) }.joined()
        }
    }
}
