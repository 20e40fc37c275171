import Hummingbird

/// One route the server answers: a method, a path (`:id` stands for one segment) and who it is for.
struct Route: Hashable, Sendable {
    enum Audience: Sendable {
        /// JSON for flows, scripts and the console's downloads.
        case api
        /// A console page: without a sign-in cookie (when keys are configured) it sends the browser to sign in.
        case page
        /// A static file any browser may fetch, signed in or not.
        case asset
    }

    let method: HTTPRequest.Method
    let path: String
    let audience: Audience
    /// The path's segments, split once.
    private let pattern: [Substring]

    init(_ method: HTTPRequest.Method, _ path: String, _ audience: Audience = .api) {
        self.method = method
        self.path = path
        self.audience = audience
        pattern = Self.segments(path)
    }

    static func segments(_ path: String) -> [Substring] { path.split(separator: "/", omittingEmptySubsequences: false) }

    /// Whether a request path, split into segments, names this route: the same segments, any single segment where
    /// this one has `:name`.
    func matches(_ requestSegments: [Substring]) -> Bool {
        guard pattern.count == requestSegments.count else { return false }
        return zip(pattern, requestSegments).allSatisfy { pattern, segment in pattern.hasPrefix(":") ? !segment.isEmpty : pattern == segment }
    }
}

/// Every route, declared once. The router registers these and only these (`on(_:use:)` refuses any other), and the
/// 405 `Allow` table and the console's signed-in pages are read from this list, so the three cannot drift apart.
enum Routes {
    static let health = Route(.get, "/health")
    static let metrics = Route(.get, "/metrics")
    /// The contract: open to anyone, like the console's static files; it holds no data.
    static let openAPI = Route(.get, "/openapi.json", .asset)
    static let postSnapshot = Route(.post, "/v1/snapshots")
    static let listSnapshots = Route(.get, "/v1/snapshots")
    static let postHandover = Route(.post, "/v1/handovers")
    static let listHandovers = Route(.get, "/v1/handovers")
    static let validate = Route(.post, "/v1/validate")
    static let sessions = Route(.get, "/v1/sessions")
    static let session = Route(.get, "/v1/sessions/:id")
    static let packet = Route(.get, "/v1/sessions/:id/packet")
    static let report = Route(.get, "/v1/report")
    static let codes = Route(.get, "/v1/codes")
    static let stream = Route(.get, "/v1/stream")
    static let overviewPage = Route(.get, "/", .page)
    static let sessionsPage = Route(.get, "/sessions", .page)
    static let sessionPage = Route(.get, "/sessions/:id", .page)
    static let validatePage = Route(.get, "/validate", .page)
    static let validateForm = Route(.post, "/validate", .page)
    static let codesPage = Route(.get, "/codes", .page)
    static let livePage = Route(.get, "/live", .page)
    static let loginPage = Route(.get, "/login", .asset)
    static let login = Route(.post, "/login", .asset)
    static let logout = Route(.post, "/logout")
    static let stylesheet = Route(.get, ConsoleAssets.stylesheet, .asset)
    static let liveScript = Route(.get, ConsoleAssets.liveScript, .asset)

    static let all: [Route] = [
        health, metrics, openAPI, postSnapshot, listSnapshots, postHandover, listHandovers, validate, sessions, session, packet, report,
        codes, stream, overviewPage, sessionsPage, sessionPage, validatePage, validateForm, codesPage, livePage, loginPage, login,
        logout, stylesheet, liveScript,
    ]

    /// The methods each path takes: a known path asked with another method answers 405 with these in `Allow`.
    static func allowedMethods(_ requestPath: String) -> [HTTPRequest.Method]? {
        let segments = Route.segments(requestPath)
        let methods = all.filter { $0.matches(segments) }.map(\.method)
        return methods.isEmpty ? nil : methods
    }

    /// Whether the request asks for a console page, which sends a browser without a sign-in cookie to the sign-in
    /// form; a method the page does not take is answered 405 instead. Asked for every request when keys are
    /// configured, so only the page routes are tried, with one split.
    static func isPage(_ requestPath: String, method: HTTPRequest.Method) -> Bool {
        let segments = Route.segments(requestPath)
        let method = method == .head ? .get : method
        return pages.contains { $0.method == method && $0.matches(segments) }
    }

    private static let pages = all.filter { $0.audience == .page }

    /// Paths any client may fetch without a key or a cookie: the sign-in form and the console's static files.
    static var open: Set<String> { Set(all.filter { $0.audience == .asset }.map(\.path)) }
}

extension Router {
    /// Registers a declared route; an undeclared one is a programming error caught by the first test that builds the router.
    @discardableResult
    func on(_ route: Route, use handler: @Sendable @escaping (Request, Context) async throws -> some ResponseGenerator) -> Self {
        precondition(Routes.all.contains(route), "\(route.method) \(route.path) is not declared in Routes.all")
        return on(RouterPath(route.path), method: route.method, use: handler)
    }
}
