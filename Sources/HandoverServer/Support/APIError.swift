import Foundation
import HandoverCore
import Hummingbird

/// Every error the API answers: `{"error": {"code", "message"}}` with a stable code.
public struct APIError: HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    public let code: String
    public let message: String
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, code: String, message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        try JSONResponse(ErrorEnvelope(error: .init(code: code, message: message)), status: status, headers: headers)
            .response(from: request, context: context)
    }
}

struct ErrorEnvelope: Encodable {
    struct Detail: Encodable {
        let code: String
        let message: String
    }
    let error: Detail
}

extension APIError {
    static func from(_ error: InputError) -> APIError {
        let status: HTTPResponse.Status = error.code == .unsupportedMediaType ? .unsupportedMediaType : .badRequest
        return APIError(status, code: error.code.rawValue, message: error.message)
    }

    static func bodyTooLarge(limit: Int) -> APIError {
        APIError(.contentTooLarge, code: "BODY_TOO_LARGE", message: "The body is larger than \(limit) bytes (--max-body-bytes).")
    }

    static let unauthorized = APIError(
        .unauthorized, code: "UNAUTHORIZED",
        message: "Send a configured API key as X-API-Key: KEY, Authorization: Bearer KEY or Authorization: ApiKey KEY.",
        headers: [.wwwAuthenticate: "Bearer"])

    static func storeUnavailable(_ reason: String) -> APIError {
        APIError(
            .serviceUnavailable, code: "STORE_UNAVAILABLE",
            message: "The record was not stored: \(reason). Retry later.", headers: [.retryAfter: "2"])
    }
}

/// A JSON body with a status and headers; encoded with sorted keys so answers are stable.
struct JSONResponse<Body: Encodable>: ResponseGenerator {
    let body: Body
    let status: HTTPResponse.Status
    let headers: HTTPFields

    init(_ body: Body, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) {
        self.body = body
        self.status = status
        self.headers = headers
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(body)
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
