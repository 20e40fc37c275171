import HTTPTypes
import Hummingbird

/// The headers every answer carries, errors included: no framing, no MIME sniffing, no referrer (session ids sit in
/// console URLs), a script and style policy that allows only the server's own files, and no caching of anything
/// that is not a static asset, since answers carry callers' data. HSTS where the request came over HTTPS.
struct SecurityHeadersMiddleware<Context: RemoteAddressRequestContext>: RouterMiddleware {
    static var contentSecurityPolicy: String {
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }

    let trust: ProxyTrust

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xFrameOptions] = "DENY"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        if trust.isHTTPS(request, peer: context.peerAddress) {
            response.headers[.strictTransportSecurity] = "max-age=31536000"
        }
        return response
    }
}
