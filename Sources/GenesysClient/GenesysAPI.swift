import AsyncHTTPClient
import Foundation
import HandoverCore
import NIOCore
import NIOHTTP1

/// What happened while fetching, for the progress line.
public enum GenesysEvent: Sendable {
    case page(number: Int, conversations: Int)
    case job(state: String)
    case retry(path: String, status: UInt, wait: Duration)
    case tokenRefreshed
}

/// Genesys Cloud's platform API over AsyncHTTPClient: the client-credentials token, cached until shortly before it
/// expires; bounded retries on 429 (waiting for `Retry-After`) and 503; one token renewal on 401; errors that say
/// which variable or permission to check.
public final class GenesysAPI: Sendable {
    let http: HTTPClient
    let credentials: GenesysCredentials
    let tokens: TokenCache
    let retry: RetryPolicy
    let events: @Sendable (GenesysEvent) -> Void

    /// Genesys limits requests per minute, so its Retry-After can ask for most of one: the default waits up to two.
    public init(
        credentials: GenesysCredentials, retry: RetryPolicy = RetryPolicy(maxDelay: .seconds(120)),
        events: @escaping @Sendable (GenesysEvent) -> Void = { _ in }
    ) {
        http = HTTPClient(eventLoopGroupProvider: .singleton)
        self.credentials = credentials
        tokens = TokenCache()
        self.retry = retry
        self.events = events
    }

    public func shutdown() async throws { try await http.shutdown() }

    /// The token, without calling the API: `doctor`'s first check.
    public func signIn() async throws { _ = try await token() }

    /// GET `{api}{path}`.
    public func get(_ path: String) async throws -> JSONValue { try await send(.GET, path, body: nil) }

    /// POST `{api}{path}` with a JSON body.
    public func post(_ path: String, _ body: JSONValue) async throws -> JSONValue { try await send(.POST, path, body: body) }

    func send(_ method: HTTPMethod, _ path: String, body: JSONValue?) async throws -> JSONValue {
        var (renewed, attempt) = (false, 1)
        while true {
            let token = try await token()
            var request = HTTPClientRequest(url: credentials.apiURL.trimmingSlash + path)
            request.method = method
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            request.headers.add(name: "Accept", value: "application/json")
            if let body {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(string: body.jsonText))
            }
            let response = try await reaching(request)
            let received = try await response.body.collect(upTo: 64 << 20)
            let status = response.status.code
            let what = "\(method.rawValue) \(path)"
            switch status {
            case 200..<300:
                guard let value = try? BodyDecoder().decodeJSON(Array(buffer: received)) else {
                    throw GenesysError.unexpectedResponse("\(what) answered something that is not JSON.")
                }
                return value
            case 401 where !renewed:
                renewed = true
                await tokens.invalidate(token)
                events(.tokenRefreshed)
            case 401:
                throw GenesysError.unauthorized(
                    "Genesys refused a fresh token for \(what) (401): check the OAuth client GENESYS_CLIENT_ID is active.")
            case 403:
                throw GenesysError.forbidden(
                    "Genesys answered 403 for \(what): give the OAuth client's role analytics:conversationDetail:view "
                        + "(and conversation:communication:view for attributes) in the divisions of the bot's queues.")
            case 404: throw GenesysError.notFound("Genesys answered 404 for \(what).")
            case _ where RetryPolicy.isRetryable(status: status) && attempt < retry.maxAttempts:
                let wait = retry.delay(afterAttempt: attempt, retryAfter: response.headers.first(name: "Retry-After"))
                events(.retry(path: path, status: status, wait: wait))
                try await Task.sleep(for: wait)
                attempt += 1
            default:
                let message = (try? BodyDecoder().decodeJSON(Array(buffer: received)))?["message"]?.stringValue.map { ": \($0)" } ?? ""
                throw GenesysError.gaveUp("\(what) answered \(status)\(message) after \(attempt) attempts.")
            }
        }
    }

    func token() async throws -> String {
        if let cached = await tokens.current() { return cached }
        var request = HTTPClientRequest(url: credentials.loginURL.trimmingSlash + "/oauth/token")
        request.method = .POST
        let basic = Data("\(credentials.clientId):\(credentials.clientSecret)".utf8).base64EncodedString()
        request.headers.add(name: "Authorization", value: "Basic \(basic)")
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: "grant_type=client_credentials"))
        let response = try await reaching(request)
        let body = try await response.body.collect(upTo: 1 << 20)
        switch response.status.code {
        case 200..<300:
            guard let object = try? BodyDecoder().decodeJSONObject(Array(buffer: body)), let token = object["access_token"]?.stringValue else {
                throw GenesysError.unexpectedResponse("the token response from \(credentials.loginURL) has no access_token.")
            }
            let lifetime = max(60, (object["expires_in"]?.scalarText.flatMap(Double.init) ?? 86_400) - 60)
            await tokens.keep(token, until: .now + .seconds(lifetime))
            return token
        case 400, 401:
            throw GenesysError.unauthorized(
                "Genesys refused the client credentials (\(response.status.code)): check GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET "
                    + "(a Client Credentials OAuth client) and the region (GENESYS_REGION or GENESYS_LOGIN_URL).")
        default:
            throw GenesysError.unexpectedResponse("Error getting a token: \(response.status.code) from \(credentials.loginURL).")
        }
    }

    private func reaching(_ request: HTTPClientRequest) async throws -> HTTPClientResponse {
        do {
            return try await http.execute(request, timeout: .seconds(60))
        } catch {
            throw GenesysError.unreachable("cannot reach \(request.url) (\(error)); check GENESYS_REGION (or the URLs) and the network or proxy.")
        }
    }
}

/// The token and when it stops being used.
actor TokenCache {
    private var token: String?
    private var expiresAt = ContinuousClock.now

    func current() -> String? { ContinuousClock.now < expiresAt ? token : nil }
    func keep(_ token: String, until: ContinuousClock.Instant) { (self.token, expiresAt) = (token, until) }
    /// Drops a token Genesys refused, unless another request already replaced it.
    func invalidate(_ refused: String) { if token == refused { token = nil } }
}

extension String {
    var trimmingSlash: String { hasSuffix("/") ? String(dropLast()) : self }
}
