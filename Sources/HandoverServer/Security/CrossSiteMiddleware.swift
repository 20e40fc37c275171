import HTTPTypes
import Hummingbird

/// A page on another site must not post to the console: not sign a browser in with the attacker's key, not sign it
/// out, not post as the person signed in. Browsers say where a request comes from (`Sec-Fetch-Site`, or else
/// `Origin`); a request that says neither is not from a browser, and its key or signature still guards it.
struct CrossSiteMiddleware<Context: RemoteAddressRequestContext>: RouterMiddleware {
    /// The console's own forms; any other unsafe request is checked when it carries the console's cookie.
    static func isConsoleForm(_ path: String) -> Bool {
        switch path {
        case "/login", "/logout", "/validate": true
        default: false
        }
    }

    /// The origin of `--public-url`, lowercased, for servers whose Host header a proxy rewrites.
    let publicOrigin: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let unsafe = request.method != .get && request.method != .head && request.method != .options
        if unsafe, Self.isConsoleForm(request.uri.path) || request.cookies[ConsoleAuth.cookieName] != nil, isCrossSite(request) {
            throw APIError(
                .forbidden, code: "CROSS_SITE_REQUEST",
                message: "A page on another site may not post to this console; open the console itself and try again.")
        }
        return try await next(request, context)
    }

    func isCrossSite(_ request: Request) -> Bool {
        if let site = request.headers[.secFetchSite]?.lowercased() { return site != "same-origin" && site != "none" }
        guard let origin = request.headers[.origin]?.lowercased() else { return false }
        if let publicOrigin, origin == publicOrigin { return false }
        guard let authority = request.head.authority?.lowercased(), let scheme = origin.range(of: "://") else { return true }
        return origin[scheme.upperBound...] != authority
    }
}
