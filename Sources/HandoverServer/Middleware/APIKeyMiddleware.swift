import HTTPTypes
import HandoverCore
import Hummingbird

/// Cognigy does not sign its requests, so callers prove themselves with a shared secret in a header.
/// Several keys may be configured at once, so a key can be rotated without downtime.
struct APIKeyMiddleware<Context: RequestContext>: RouterMiddleware {
    let keys: [[UInt8]]
    /// Paths served without a key (`/health`, `/metrics` with `--public-metrics`).
    let publicPaths: Set<String>

    init(keys: [String], publicPaths: Set<String>) {
        self.keys = keys.map { Array($0.utf8) }
        self.publicPaths = publicPaths
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard keys.isEmpty || publicPaths.contains(request.uri.path) || isAuthorized(request.headers) else {
            throw APIError.unauthorized
        }
        return try await next(request, context)
    }

    func isAuthorized(_ headers: HTTPFields) -> Bool {
        let trimmed = Self.candidates(headers).map { Array($0.trimmingWhitespace().utf8) }
        var matched = false
        for candidate in trimmed where ConstantTime.matchesAny(candidate, of: keys) { matched = true }
        return matched
    }

    /// The keys a request presents: `X-API-Key`, and `Authorization: Bearer` or `ApiKey`.
    static func candidates(_ headers: HTTPFields) -> [Substring] {
        var candidates: [Substring] = headers[values: .xAPIKey].map { Substring($0) }
        for authorization in headers[values: .authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2, ["bearer", "apikey"].contains(parts[0].lowercased()) {
                candidates.append(parts[1])
            }
        }
        return candidates
    }

    static func presentsAKey(_ headers: HTTPFields) -> Bool { !candidates(headers).isEmpty }
}

extension HTTPField.Name {
    static let xAPIKey = Self("X-API-Key")!
}

enum ConstantTime {
    /// Compares all of `expected`'s bytes whatever `given` holds; only the length of `expected` can leak.
    static func equals(_ given: [UInt8], _ expected: [UInt8]) -> Bool {
        var difference = given.count ^ expected.count
        for index in expected.indices {
            let byte = index < given.count ? given[index] : 0
            difference |= Int(byte ^ expected[index])
        }
        return difference == 0
    }

    /// Whether `given` equals any of `expected`, comparing against every one without early exit, so timing tells
    /// neither whether nor which one matched.
    static func matchesAny(_ given: [UInt8], of expected: [[UInt8]]) -> Bool {
        var matched = false
        for candidate in expected where equals(given, candidate) { matched = true }
        return matched
    }
}
