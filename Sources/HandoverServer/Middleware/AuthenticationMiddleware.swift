import Hummingbird

/// Lets a request in when it carries a configured API key, a valid Standard Webhooks signature, or the console's
/// sign-in cookie. A signed request is judged by its signature alone: a bad one is refused even if a key would
/// also have been accepted. Console pages without a valid cookie are sent to the sign-in form. Every refusal goes
/// through the failure guard, which logs it, counts it and answers 429 to an address over its limit; while it is over,
/// every request from it that needs authentication is answered 429 before its key or cookie is looked at.
struct AuthenticationMiddleware<Context: RemoteAddressRequestContext>: RouterMiddleware {
    let apiKeys: APIKeyMiddleware<Context>
    let signatures: WebhookSignatureVerifier
    let console: ConsoleAuth
    let failures: AuthFailureGuard
    let maxBodyBytes: Int

    init(
        keys: [String], signatures: WebhookSignatureVerifier, console: ConsoleAuth, failures: AuthFailureGuard, maxBodyBytes: Int,
        publicPaths: Set<String>
    ) {
        apiKeys = APIKeyMiddleware(keys: keys, publicPaths: publicPaths.union(Routes.open))
        self.signatures = signatures
        self.console = console
        self.failures = failures
        self.maxBodyBytes = maxBodyBytes
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if needsAuthentication(request), let lockout = failures.lockout(request, context: context) { throw lockout }
        do {
            return try await authenticate(request, context: context, next: next)
        } catch let error as APIError where error.status == .unauthorized {
            throw failures.refuse(error, reason: Self.reason(error, request), request: request, context: context)
        }
    }

    private func authenticate(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if console.required, Routes.isPage(path, method: request.method), !console.hasValidCookie(request) {
            let target = request.uri.string
            return ConsoleAuth.redirect(to: "/login?next=" + (target.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"))
        }
        if console.required, !WebhookSignatureVerifier.isSigned(request.headers), console.hasValidCookie(request) {
            return try await next(request, context)
        }
        guard signatures.isEnabled, !apiKeys.publicPaths.contains(request.uri.path) else {
            return try await apiKeys.handle(request, context: context, next: next)
        }
        guard WebhookSignatureVerifier.isSigned(request.headers) else {
            if !apiKeys.keys.isEmpty { return try await apiKeys.handle(request, context: context, next: next) }
            try signatures.verify(request.headers, body: ByteBuffer())  // throws SIGNATURE_MISSING
            return try await next(request, context)
        }
        var request = request
        let body = try await request.collectBody(upTo: maxBodyBytes)
        try signatures.verify(request.headers, body: body)
        return try await next(request, context)
    }

    private func needsAuthentication(_ request: Request) -> Bool {
        (!apiKeys.keys.isEmpty || signatures.isEnabled) && !apiKeys.publicPaths.contains(request.uri.path)
    }

    /// The metrics label and log reason of a refusal: a stable, small set.
    static func reason(_ error: APIError, _ request: Request) -> String {
        switch error.code {
        case "SIGNATURE_INVALID": return "signature_invalid"
        case "SIGNATURE_STALE": return "signature_stale"
        case "SIGNATURE_MISSING": return "signature_missing"
        default: return APIKeyMiddleware<Context>.presentsAKey(request.headers) ? "wrong_key" : "no_key"
        }
    }
}
