import HTTPTypes
import Hummingbird

/// The headers every answer carries, errors included: no framing, no MIME sniffing, no referrer (session ids sit in
/// console URLs), a script and style policy that allows only the server's own files, and no caching of anything
/// that is not a static asset, since answers carry callers' data. HSTS where the request came over HTTPS.
enum SecurityHeaders {
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// What every answer carries whatever the request; a handler may set its own Cache-Control. Made once: the
    /// middleware adds them to every answer.
    static let fixedFields: HTTPFields = [
        .contentSecurityPolicy: contentSecurityPolicy, .xFrameOptions: "DENY", .xContentTypeOptions: "nosniff",
        .referrerPolicy: "no-referrer", .cacheControl: "no-store",
    ]
}

/// Adds `SecurityHeaders` to every answer.
struct SecurityHeadersMiddleware<Context: RemoteAddressRequestContext>: RouterMiddleware {
    let trust: ProxyTrust

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        for field in SecurityHeaders.fixedFields where field.name != .cacheControl || response.headers[.cacheControl] == nil {
            response.headers[field.name] = field.value
        }
        if trust.isHTTPS(request, peer: context.peerAddress) {
            response.headers[.strictTransportSecurity] = "max-age=31536000"
        }
        return response
    }
}
