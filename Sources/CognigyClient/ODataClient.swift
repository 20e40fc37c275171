import AsyncHTTPClient
import Foundation
import HandoverCore
import NIOCore

/// Where Cognigy's OData endpoint is and how to sign in: `COGNIGY_ODATA_URL` and `COGNIGY_API_KEY`.
public struct ODataConfiguration: Sendable {
    /// e.g. `https://odata-trial.cognigy.ai`, without the version.
    public var baseURL: String
    public var apiKey: String
    /// `v2.3` (record id `_id`) or `v2.4` (`id`).
    public var version: String

    public init(baseURL: String, apiKey: String, version: String = "v2.3") {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.version = version
    }

    /// The record id's name in this version.
    public var idField: String { version == "v2.4" ? "id" : "_id" }

    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment, version: String
    ) throws(CognigyError) -> ODataConfiguration {
        guard let url = environment["COGNIGY_ODATA_URL"], !url.isEmpty else {
            throw .configuration("set COGNIGY_ODATA_URL to your OData endpoint, e.g. https://odata-trial.cognigy.ai (no version).")
        }
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
            throw .configuration("COGNIGY_ODATA_URL must start with https:// (for example https://odata-trial.cognigy.ai).")
        }
        guard let key = environment["COGNIGY_API_KEY"], !key.isEmpty else {
            throw .configuration("set COGNIGY_API_KEY to an API key of a user with the odata or admin global role.")
        }
        guard ["v2.3", "v2.4"].contains(version) else { throw .configuration("--odata-version must be v2.3 or v2.4, not \(version).") }
        return ODataConfiguration(baseURL: url, apiKey: key, version: version)
    }
}

/// What went wrong talking to Cognigy, in words that say what to fix. Never holds the API key.
public enum CognigyError: Error, Equatable, Sendable, CustomStringConvertible {
    case configuration(String)
    case refused(String)
    case unexpectedResponse(String)
    case gaveUp(String)
    case unreachable(String)

    public var description: String {
        switch self {
        case .configuration(let message), .refused(let message), .unexpectedResponse(let message), .gaveUp(let message),
            .unreachable(let message):
            message
        }
    }
}

/// What happened while fetching, for the progress line.
public enum ODataEvent: Sendable {
    case page(collection: CognigyCollection, number: Int, records: Int)
    case retry(collection: CognigyCollection, status: UInt, wait: Duration)
}

/// Cognigy's OData analytics endpoint over AsyncHTTPClient: GETs with the key in the URL (as Cognigy requires),
/// bounded retries on 429 and 5xx, and errors that name the role or key to check and never the key itself.
public final class ODataClient: Sendable {
    let http: HTTPClient
    let configuration: ODataConfiguration
    let retry: RetryPolicy
    let events: @Sendable (ODataEvent) -> Void

    /// `connectTimeout`: how long to keep trying to connect (AsyncHTTPClient retries a refused connection until then).
    public init(
        configuration: ODataConfiguration, retry: RetryPolicy = RetryPolicy(), connectTimeout: TimeAmount = .seconds(10),
        events: @escaping @Sendable (ODataEvent) -> Void = { _ in }
    ) {
        var settings = HTTPClient.Configuration()
        settings.timeout.connect = connectTimeout
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: settings)
        self.configuration = configuration
        self.retry = retry
        self.events = events
    }

    public func shutdown() async throws { try await http.shutdown() }

    /// GET `{base}/{version}/{collection}?{query}&apikey=...`: the response's JSON.
    public func get(_ collection: CognigyCollection, query: [(String, String)]) async throws -> JSONValue {
        let pairs = query + [("apikey", configuration.apiKey)]
        let url =
            "\(configuration.baseURL)/\(configuration.version)/\(collection.rawValue)?"
            + pairs.map { "\($0.0.queryEncoded)=\($0.1.queryEncoded)" }.joined(separator: "&")
        return try await get(url: url, collection)
    }

    /// GET a server-driven page (`@odata.nextLink`, absolute or relative to the collection): only on the configured
    /// endpoint, since the key travels with it; the key is added when the link leaves it out.
    public func get(nextLink: String, _ collection: CognigyCollection) async throws -> JSONValue {
        let collectionURL = URL(string: "\(configuration.baseURL)/\(configuration.version)/\(collection.rawValue)")
        guard let base = URL(string: configuration.baseURL), let link = URL(string: nextLink, relativeTo: collectionURL)?.absoluteURL,
            link.scheme == base.scheme, link.host == base.host, link.port == base.port, link.user == nil,
            var components = URLComponents(url: link, resolvingAgainstBaseURL: false)
        else {
            throw CognigyError.unexpectedResponse(
                "GET \(collection.rawValue) answered an @odata.nextLink to another server; the API key is not sent there.")
        }
        if !(components.queryItems ?? []).contains(where: { $0.name == "apikey" }) {
            let key = "apikey=\(configuration.apiKey.queryEncoded)"
            components.percentEncodedQuery = [components.percentEncodedQuery, key].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "&")
        }
        guard let url = components.url?.absoluteString else {
            throw CognigyError.unexpectedResponse("GET \(collection.rawValue) answered an @odata.nextLink that is not a URL.")
        }
        return try await get(url: url, collection)
    }

    private func get(url: String, _ collection: CognigyCollection) async throws -> JSONValue {
        let name = "GET \(configuration.version)/\(collection.rawValue)"
        var attempt = 1
        while true {
            var request = HTTPClientRequest(url: url)
            request.headers.add(name: "Accept", value: "application/json")
            let response: HTTPClientResponse
            let body: ByteBuffer
            do {
                response = try await http.execute(request, timeout: .seconds(120))
                body = try await response.body.collect(upTo: 256 << 20)
            } catch {
                // The error may quote the URL, and with it the key: say where, not what.
                throw CognigyError.unreachable(
                    "cannot reach \(configuration.baseURL) for \(name) (\(Self.kind(of: error))); check COGNIGY_ODATA_URL and the network or proxy.")
            }
            let status = response.status.code
            switch status {
            case 200..<300:
                guard let value = try? BodyDecoder().decodeJSON(Array(buffer: body)) else {
                    throw CognigyError.unexpectedResponse(
                        "\(name) answered something that is not JSON; check COGNIGY_ODATA_URL names the OData endpoint.")
                }
                return value
            case 401, 403:
                throw CognigyError.refused(
                    """
                    Cognigy refused \(name) (\(status)): check COGNIGY_API_KEY, and that its user has the odata or admin global role \
                    (Access Control > Members).
                    """)
            case 404:
                throw CognigyError.refused("\(name) answered 404: check COGNIGY_ODATA_URL and --odata-version.")
            case 400:
                // A refused query does not mend itself: say what the server said, without the key.
                let said = (try? BodyDecoder().decodeJSON(Array(buffer: body)))?.value(atPath: "error.message")?.stringValue ?? "no reason given"
                let reason = said.replacingOccurrences(of: configuration.apiKey, with: "***")
                throw CognigyError.unexpectedResponse("\(name) was refused as a bad request (400): \(reason)")
            case _ where (status == 429 || status >= 500) && attempt < retry.maxAttempts:
                let wait = retry.delay(afterAttempt: attempt, retryAfter: response.headers.first(name: "Retry-After"))
                events(.retry(collection: collection, status: status, wait: wait))
                try await Task.sleep(for: wait)
                attempt += 1
            default:
                throw CognigyError.gaveUp("\(name) answered \(status) after \(attempt) attempts; try again later.")
            }
        }
    }

    /// The error's type and nothing of its text, which can hold the request's URL.
    static func kind(of error: any Error) -> String {
        if let client = error as? HTTPClientError { return client == .deadlineExceeded ? "timed out" : "connection failed" }
        return "connection failed"
    }
}

extension String {
    var queryEncoded: String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~$")
        return addingPercentEncoding(withAllowedCharacters: allowed) ?? self
    }
}
