import AsyncHTTPClient
import Foundation
import HandoverCore
import NIOCore
import NIOHTTP1

/// A bearer token with the API base it unlocks, valid until shortly before CXone says it expires.
struct Authorization: Sendable {
    let accessToken: String
    let apiBase: String
    let expiresAt: ContinuousClock.Instant
}

/// Discovery, the password grant and the tenant's API endpoint, with the token cached until a minute before expiry.
actor CXoneSession {
    let credentials: CXoneCredentials
    let http: HTTPClient
    let apiVersion: String
    private var current: Authorization?

    init(credentials: CXoneCredentials, http: HTTPClient, apiVersion: String) {
        self.credentials = credentials
        self.http = http
        self.apiVersion = apiVersion
    }

    func authorization() async throws -> Authorization {
        if let current, ContinuousClock.now < current.expiresAt { return current }
        let fresh = try await authorize()
        current = fresh
        return fresh
    }

    /// Drops a token CXone refused, unless another request already replaced it.
    func invalidate(_ token: String) {
        if current?.accessToken == token { current = nil }
    }

    private func authorize() async throws -> Authorization {
        let discovery = try await getJSON(credentials.discoveryURL.trimmingSlash + "/.well-known/openid-configuration", purpose: "discovery")
        guard let tokenEndpoint = discovery["token_endpoint"]?.stringValue else {
            throw CXoneError.unexpectedResponse(
                "Token Endpoint URL not found in the discovery response of \(credentials.discoveryURL); check CXONE_DISCOVERY_URL.")
        }
        let token = try await requestToken(at: tokenEndpoint)
        guard let accessToken = token["access_token"]?.stringValue else {
            throw CXoneError.unexpectedResponse("the token response has no access_token.")
        }
        let claims = try Self.claims(ofJWT: token["id_token"]?.stringValue ?? accessToken)
        guard let issuer = claims["iss"]?.stringValue, let tenantId = claims["tenantId"]?.scalarText else {
            throw CXoneError.unexpectedResponse("the id token carries no iss or tenantId claim, so the tenant's API endpoint cannot be found.")
        }
        let configuration = try await getJSON(
            issuer.trimmingSlash + "/.well-known/cxone-configuration?tenantId=\(tenantId)", purpose: "tenant configuration")
        guard let apiEndpoint = configuration["api_endpoint"]?.stringValue else {
            throw CXoneError.unexpectedResponse("API endpoint not found in discovery response (cxone-configuration for tenant \(tenantId)).")
        }
        let lifetime = max(60, (token["expires_in"]?.scalarText.flatMap(Double.init) ?? 3600) - 60)
        return Authorization(
            accessToken: accessToken, apiBase: apiEndpoint.trimmingSlash + "/incontactapi/services/\(apiVersion)",
            expiresAt: .now + .seconds(lifetime))
    }

    private func requestToken(at endpoint: String) async throws -> [String: JSONValue] {
        var request = HTTPClientRequest(url: endpoint)
        request.method = .POST
        let basic = Data("\(credentials.clientId):\(credentials.clientSecret)".utf8).base64EncodedString()
        request.headers.add(name: "Authorization", value: "Basic \(basic)")
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        let form = "grant_type=password&username=\(credentials.accessKeyId.formEncoded)&password=\(credentials.accessKeySecret.formEncoded)"
        request.body = .bytes(ByteBuffer(string: form))
        let response = try await http.reaching(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        switch response.status.code {
        case 200..<300: return try Self.object(body, purpose: "token")
        case 400, 401:
            throw CXoneError.unauthorized(
                """
                Error getting bearer token: \(response.status.code). Check CXONE_CLIENT_ID and CXONE_CLIENT_SECRET (the OAuth client) and \
                CXONE_ACCESS_KEY_ID and CXONE_ACCESS_KEY_SECRET (the user's access key).
                """
            )
        default:
            throw CXoneError.unexpectedResponse("Error getting bearer token: \(response.status.code) from \(endpoint).")
        }
    }

    private func getJSON(_ url: String, purpose: String) async throws -> [String: JSONValue] {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/json")
        let response = try await http.reaching(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        guard (200..<300).contains(response.status.code) else {
            throw CXoneError.unexpectedResponse("\(purpose) at \(url) answered \(response.status.code); check CXONE_DISCOVERY_URL.")
        }
        return try Self.object(body, purpose: purpose)
    }

    static func object(_ body: ByteBuffer, purpose: String) throws -> [String: JSONValue] {
        guard let object = try? BodyDecoder().decodeJSONObject(Array(buffer: body)) else {
            throw CXoneError.unexpectedResponse("the \(purpose) response is not a JSON object.")
        }
        return object
    }

    /// The claims of a JWT, read without verifying its signature: we only need to know where to go next.
    static func claims(ofJWT token: String) throws -> [String: JSONValue] {
        let parts = token.split(separator: ".")
        guard parts.count >= 2 else { throw CXoneError.unexpectedResponse("the id token is not a JWT.") }
        var base64 = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let claims = try? BodyDecoder().decodeJSONObject(Array(data)) else {
            throw CXoneError.unexpectedResponse("the id token's claims cannot be read.")
        }
        return claims
    }
}

extension HTTPClient {
    /// Runs a request, turning a failure to connect into a message that names the address and what to check.
    func reaching(_ request: HTTPClientRequest, timeout: TimeAmount) async throws -> HTTPClientResponse {
        do {
            return try await execute(request, timeout: timeout)
        } catch {
            throw CXoneError.unreachable("cannot reach \(request.url) (\(error)); check CXONE_DISCOVERY_URL and the network or proxy.")
        }
    }
}

extension String {
    var trimmingSlash: String { hasSuffix("/") ? String(dropLast()) : self }

    var formEncoded: String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return addingPercentEncoding(withAllowedCharacters: allowed) ?? self
    }
}
