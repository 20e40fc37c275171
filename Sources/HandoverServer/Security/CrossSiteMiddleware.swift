import HTTPTypes
import Hummingbird

/// A page on another site must not write here: not post records, not sign a browser in with the attacker's key, not
/// sign it out, not post as the person signed in. Browsers send such form posts without asking, so every unsafe
/// request a browser marks as coming from elsewhere is refused, on every route, with keys or without. Browsers say
/// where a request comes from (`Sec-Fetch-Site`, or else `Origin`); a request that says neither is not from a
/// browser (a Cognigy flow, curl), and its key or signature still guards it.
struct CrossSiteMiddleware<Context: RemoteAddressRequestContext>: RouterMiddleware {
    /// The origin of `--public-url`, lowercased, for servers whose Host header a proxy rewrites.
    let publicOrigin: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let unsafe = request.method != .get && request.method != .head && request.method != .options
        if unsafe, isCrossSite(request) {
            throw APIError(
                .forbidden, code: "CROSS_SITE_REQUEST",
                message: "A page on another site may not write to this server; open the console itself and try again.")
        }
        return try await next(request, context)
    }

    /// `same-site` counts as elsewhere too: another service on a sibling subdomain is not this console.
    func isCrossSite(_ request: Request) -> Bool {
        if let site = request.headers[.secFetchSite]?.lowercased() { return site != "same-origin" && site != "none" }
        guard let origin = request.headers[.origin]?.lowercased() else { return false }
        if let publicOrigin, origin == publicOrigin { return false }
        guard let authority = request.head.authority?.lowercased(), let scheme = origin.range(of: "://") else { return true }
        return origin[scheme.upperBound...] != authority
    }
}
