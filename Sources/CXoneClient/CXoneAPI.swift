import AsyncHTTPClient
import Foundation
import HandoverCore
import Logging
import NIOCore

/// What happened while fetching, for the progress line.
public enum CXoneEvent: Sendable {
    case page(number: Int, contacts: Int)
    case retry(path: String, status: UInt, wait: Duration)
    case tokenRefreshed
}

/// The CXone contacts API over AsyncHTTPClient: authorised GETs with bounded retries on 429 and 503, one token
/// refresh on 401, and errors that say which credential or permission to check.
public final class CXoneAPI: Sendable {
    let http: HTTPClient
    let session: CXoneSession
    let retry: RetryPolicy
    let events: @Sendable (CXoneEvent) -> Void

    public init(
        credentials: CXoneCredentials, apiVersion: String = "v30.0", retry: RetryPolicy = RetryPolicy(),
        events: @escaping @Sendable (CXoneEvent) -> Void = { _ in }
    ) {
        http = HTTPClient(eventLoopGroupProvider: .singleton)
        session = CXoneSession(credentials: credentials, http: http, apiVersion: apiVersion)
        self.retry = retry
        self.events = events
    }

    /// Discovery, the password grant and the tenant's API endpoint, without calling the API: `doctor`'s first check.
    public func signIn() async throws {
        _ = try await session.authorization()
    }

    public func shutdown() async throws {
        try await http.shutdown()
    }

    /// GET `{api base}{path}` (or an absolute URL CXone gave in `_links`); nil for 204 No Content.
    public func get(_ pathOrURL: String) async throws -> JSONValue? {
        var refreshed = false
        var attempt = 1
        while true {
            let authorization = try await session.authorization()
            let url = pathOrURL.hasPrefix("http") ? pathOrURL : authorization.apiBase + pathOrURL
            var request = HTTPClientRequest(url: url)
            request.headers.add(name: "Authorization", value: "Bearer \(authorization.accessToken)")
            request.headers.add(name: "Accept", value: "application/json")
            let response = try await http.reaching(request, timeout: .seconds(60))
            let body = try await response.body.collect(upTo: 64 << 20)
            let status = response.status.code
            switch status {
            case 204: return nil
            case 200..<300:
                guard let value = try? BodyDecoder().decodeJSON(Array(buffer: body)) else {
                    throw CXoneError.unexpectedResponse("GET \(pathOrURL) answered something that is not JSON.")
                }
                return value
            case 401 where !refreshed:
                refreshed = true
                await session.invalidate(authorization.accessToken)
                events(.tokenRefreshed)
            case 401:
                throw CXoneError.unauthorized(
                    """
                    CXone refused a fresh token for GET \(pathOrURL) (401): check the access key pair CXONE_ACCESS_KEY_ID / \
                    CXONE_ACCESS_KEY_SECRET is active.
                    """
                )
            case 403:
                throw CXoneError.forbidden(
                    """
                    CXone answered 403 for GET \(pathOrURL): the access key's user needs the Reporting permission to read contacts (Admin > \
                    Security Profiles).
                    """
                )
            case 404:
                throw CXoneError.notFound("CXone answered 404 for GET \(pathOrURL): check the API version (--api-version) and the contact id.")
            case _ where RetryPolicy.isRetryable(status: status) && attempt < retry.maxAttempts:
                let wait = retry.delay(afterAttempt: attempt, retryAfter: response.headers.first(name: "Retry-After"))
                events(.retry(path: pathOrURL, status: status, wait: wait))
                try await Task.sleep(for: wait)
                attempt += 1
            default:
                throw CXoneError.gaveUp("GET \(pathOrURL) answered \(status) after \(attempt) attempts; try again later.")
            }
        }
    }
}
