import Foundation
import HandoverCore
import Hummingbird
import NIOHTTP1

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
        try JSONResponse(envelope, status: status, headers: headers).response(from: request, context: context)
    }

    var envelope: ErrorEnvelope { ErrorEnvelope(error: .init(code: code, message: message)) }

    /// The JSON body, for answers written below the router.
    var encodedBody: Data { (try? JSONResponse<ErrorEnvelope>.encoder.encode(envelope)) ?? Data() }
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

    /// A request the HTTP parser refused; the message names what to fix where the parser says.
    static func malformedRequest(_ error: any Error) -> APIError {
        let problem: String
        switch error as? HTTPParserError {
        case .unexpectedContentLength?, .invalidContentLength?, .unknown?:  // an invalid Transfer-Encoding is .unknown
            problem =
                "its body's length is ambiguous (both Content-Length and Transfer-Encoding, a Content-Length that is "
                + "not one whole number, or a Transfer-Encoding other than chunked); send one Content-Length or "
                + "Transfer-Encoding: chunked"
        case .invalidChunkSize?, .invalidConstant?: problem = "its chunked body is not framed as RFC 9112 says (a hex size, CRLF)"
        case .headerOverflow?:
            problem = "its request line or headers are too long or too many (at most 1,000 headers of 80 KiB in all)"
        case .invalidMethod?, .invalidURL?, .invalidVersion?, .invalidPath?:
            problem = "its request line is not METHOD /path HTTP/1.1"
        case .invalidHeaderToken?, .invalidCharactersUsed?, .lfExpected?:
            problem = "a header name or value holds a character HTTP does not allow, or a line does not end in CRLF"
        default: problem = "the HTTP parser refused it (\(error))"
        }
        return APIError(.badRequest, code: "MALFORMED_REQUEST", message: "The HTTP request itself is malformed: \(problem).")
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

    static var encoder: JSONEncoder { AnswerEncoder.shared }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        // A JSONValue is written by its own writer, many times faster than Foundation's generic encoding of it.
        let buffer = try (body as? JSONValue).map { ByteBuffer(bytes: $0.jsonBytes) } ?? ByteBuffer(bytes: Self.encoder.encode(body))
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: buffer))
    }
}

/// One encoder for every answer: making one per answer was a measurable part of each request's cost.
enum AnswerEncoder {
    static let shared: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
