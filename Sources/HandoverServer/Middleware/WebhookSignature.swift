import Crypto
import Foundation
import HTTPTypes
import HandoverCore
import Hummingbird

/// Verifies Standard Webhooks signatures (`StandardWebhooks`), with the timestamp within five minutes. Several secrets may be
/// configured and a header may carry several signatures, so secrets can be rotated.
struct WebhookSignatureVerifier: Sendable {
    static let tolerance: TimeInterval = 300
    let keys: [SymmetricKey]

    var isEnabled: Bool { !keys.isEmpty }

    /// Secrets as Standard Webhooks writes them, `whsec_<base64>`; any other text is used as the key's bytes.
    init(secrets: [String]) throws {
        keys = try secrets.map { secret throws(InputError) in try StandardWebhooks.key(secret) }
    }

    static func isSigned(_ headers: HTTPFields) -> Bool {
        headers[.webhookSignature] != nil
    }

    /// Throws the 401 that says what is wrong: a missing header, a stale timestamp, or no matching signature.
    func verify(_ headers: HTTPFields, body: ByteBuffer, now: Date = Date()) throws {
        guard let id = headers[.webhookId], let timestampText = headers[.webhookTimestamp], let signatures = headers[.webhookSignature] else {
            throw APIError(
                .unauthorized, code: "SIGNATURE_MISSING",
                message: "Sign the request with Standard Webhooks: send webhook-id, webhook-timestamp and webhook-signature.")
        }
        guard let timestamp = TimeInterval(timestampText), abs(now.timeIntervalSince1970 - timestamp) <= Self.tolerance else {
            throw APIError(
                .unauthorized, code: "SIGNATURE_STALE",
                message:
                    "webhook-timestamp \(timestampText) is not within 5 minutes of the server's clock; check the sender's clock, or it is a replay.")
        }
        let signed = StandardWebhooks.signedContent(id: id, timestamp: timestampText, body: body.readableBytesView)
        let given = signatures.split(separator: " ").compactMap { entry -> Data? in
            let parts = entry.split(separator: ",", maxSplits: 1)
            guard parts.count == 2, parts[0] == "v1" else { return nil }
            return Data(base64Encoded: String(parts[1]))
        }
        let valid = keys.contains { key in
            given.contains { HMAC<SHA256>.isValidAuthenticationCode($0, authenticating: signed, using: key) }
        }
        guard valid else {
            throw APIError(
                .unauthorized, code: "SIGNATURE_INVALID",
                message: "No v1 signature in webhook-signature matches the body with a configured --signing-secret.")
        }
    }
}

extension HTTPField.Name {
    static let webhookId = Self("webhook-id")!
    static let webhookTimestamp = Self("webhook-timestamp")!
    static let webhookSignature = Self("webhook-signature")!
}
