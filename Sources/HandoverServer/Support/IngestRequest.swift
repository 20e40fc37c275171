import Foundation
import HandoverCore
import HandoverStore
import Hummingbird

/// A webhook body read within the limits, decoded to fields, with how it arrived.
struct IngestRequest {
    static let maxIdempotencyKeyLength = 256

    let fields: [String: JSONValue]
    let envelope: IngestEnvelope
    /// The caller key of a redacted `userId`, hashed (`Redactor.callerKey(of:)`).
    var hashedCallerKey: String?

    /// Reads and decodes the body. With a redactor, the configured values are replaced by their keyed hash before
    /// anything else sees them, and the raw body kept is the redacted JSON, so the value never reaches the disk.
    static func read(
        _ request: Request, maxBodyBytes: Int, redactor: Redactor? = nil, decoder: BodyDecoder = BodyDecoder()
    ) async throws -> IngestRequest {
        let contentType = request.headers[.contentType]
        guard let mediaType = BodyDecoder.mediaType(of: contentType) else {
            let sent = contentType.map { "Content-Type \($0)" } ?? "no Content-Type"
            throw InputError(.unsupportedMediaType, "Got \(sent); send application/json or application/x-www-form-urlencoded.")
        }
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maxBodyBytes {
            throw APIError.bodyTooLarge(limit: maxBodyBytes)
        }
        let buffer = try await request.body.collect(upTo: maxBodyBytes)
        var body = Array(buffer.readableBytesView)
        var fields = try decoder.decodeObject(body, as: mediaType)
        var storedType = mediaType.rawValue
        let hashedCallerKey = redactor?.callerKey(of: fields)
        if let redactor {
            fields = redactor.redact(fields).fields
            body = Array(JSONValue.object(fields).jsonText.utf8)
            storedType = "application/json; redacted-from=\(mediaType.rawValue)"
        }
        let envelope = IngestEnvelope(
            receivedAt: Date(), contentType: storedType, rawBody: body,
            idempotencyKey: try idempotencyKey(request.headers))
        return IngestRequest(fields: fields, envelope: envelope, hashedCallerKey: hashedCallerKey)
    }

    /// `Idempotency-Key`, or Standard Webhooks' `webhook-id`: a retry carrying it is answered, not stored twice.
    static func idempotencyKey(_ headers: HTTPFields) throws(InputError) -> String? {
        let key = headers[.init("Idempotency-Key")!] ?? headers[.init("webhook-id")!]
        guard let key = key?.trimmingWhitespace(), !key.isEmpty else { return nil }
        guard key.count <= maxIdempotencyKeyLength else {
            throw InputError(.invalidField, "Idempotency-Key is \(key.count) characters long; at most \(maxIdempotencyKeyLength) are accepted.")
        }
        return key
    }
}

/// A yes-or-no query parameter (`?strict=`, `?failuresOnly=`): absent or empty is no; anything but true/false,
/// 1/0 or yes/no is refused, so a typo never silently means "no".
enum QueryFlag {
    static func read(_ value: Substring?, name: String) throws -> Bool {
        switch value.map({ $0.lowercased() }) ?? "" {
        case "", "false", "0", "no": return false
        case "true", "1", "yes": return true
        default: throw InputError(.invalidField, "\(name)=\(value ?? "") is not true or false.")
        }
    }
}

extension Request {
    /// `?strict=true`: an invalid handover is still stored, but answered 422 so a flow that aborts on errors stops.
    /// Read before anything is stored, so a bad value is refused without a record.
    func isStrict() throws -> Bool { try QueryFlag.read(queryParameters()["strict"], name: "strict") }
}
