import Crypto
import Foundation

/// Standard Webhooks (standardwebhooks.com) as both ends spell it: `webhook-signature: v1,<base64 HMAC-SHA256>` over
/// `<webhook-id>.<webhook-timestamp>.<body>`. The server verifies with it; `doctor` signs its test post with it.
public enum StandardWebhooks {
    /// A secret as Standard Webhooks writes it, `whsec_<base64>`; any other text is used as the key's bytes.
    public static func key(_ secret: String) throws(InputError) -> SymmetricKey {
        guard secret.hasPrefix("whsec_") else { return SymmetricKey(data: Data(secret.utf8)) }
        guard let bytes = Data(base64Encoded: String(secret.dropFirst(6))), !bytes.isEmpty else {
            throw InputError(.invalidField, "a signing secret starting with whsec_ must continue with base64.")
        }
        return SymmetricKey(data: bytes)
    }

    /// What is signed: `<id>.<timestamp>.<body>`.
    public static func signedContent(id: String, timestamp: String, body: some Sequence<UInt8>) -> Data {
        var signed = Data("\(id).\(timestamp).".utf8)
        signed.append(contentsOf: body)
        return signed
    }

    /// Signs a request as a Standard Webhooks sender does.
    public struct Signer: Sendable {
        let key: SymmetricKey

        public init(secret: String) throws(InputError) { key = try StandardWebhooks.key(secret) }

        /// `webhook-id`, `webhook-timestamp` and `webhook-signature` for this body.
        public func headers(id: String, body: [UInt8], now: Date = Date()) -> [(name: String, value: String)] {
            let timestamp = String(Int(now.timeIntervalSince1970))
            let signed = StandardWebhooks.signedContent(id: id, timestamp: timestamp, body: body)
            let signature = Data(HMAC<SHA256>.authenticationCode(for: signed, using: key)).base64EncodedString()
            return [("webhook-id", id), ("webhook-timestamp", timestamp), ("webhook-signature", "v1,\(signature)")]
        }
    }
}
