import Foundation
import HandoverCore
import Hummingbird
import NIOCore

/// A fake CXone on loopback, built from the shapes in DOMAIN.md: discovery, the password grant, the tenant's
/// configuration, paged completed contacts, state history and custom data, with injectable failures. It refuses
/// what CXone would (a date window missing, unreadable or backwards; another tenant than the token's) and serves only
/// the contacts within the window asked for, so a client that sends the wrong window or tenant is caught.
public actor FakeCXone {
    public struct Failure: Sendable {
        let pathPrefix: String
        let status: HTTPResponse.Status
        let retryAfter: String?
        var remaining: Int

        public init(pathPrefix: String, status: HTTPResponse.Status, retryAfter: String?, remaining: Int) {
            self.pathPrefix = pathPrefix
            self.status = status
            self.retryAfter = retryAfter
            self.remaining = remaining
        }
    }

    public init() {}

    public var contacts: [[String: String]] = (1...5).map {
        [
            "contactId": "\(700_000_000 + $0)", "masterContactId": "700000001", "inQueueSeconds": "\($0 * 10)",
            "contactStartDate": "2026-11-24T10:00:00Z",
        ]
    }
    /// The tenant the id token names; its configuration is served for that tenant alone.
    public var tenantId = "11EB0000-TENANT"
    /// Every contact gets the same two states and custom data naming `session-<contactId>`; false: none of either.
    public var cannedDetails = true
    public var pageSize = 2
    public var failures: [Failure] = []
    /// Tokens stop working after this many API calls each (simulates expiry mid-run).
    public var tokenLifetimeCalls = Int.max
    public var tokenStatus: HTTPResponse.Status = .ok
    public private(set) var tokenRequests: [(authorization: String, body: String)] = []
    public private(set) var apiCalls: [String] = []
    private var callsPerToken: [String: Int] = [:]

    public func configure(_ change: @Sendable (isolated FakeCXone) -> Void) { change(self) }

    static func base(_ request: Request) -> String { "http://\(request.head.authority ?? "127.0.0.1")" }

    func token(authorization: String, body: String, base: String) -> Response {
        tokenRequests.append((authorization, body))
        guard tokenStatus == .ok else { return LoopbackServer.json(#"{"error":"invalid_client"}"#, status: tokenStatus) }
        let claims = Data(#"{"iss":"\#(base)","tenantId":"\#(tenantId)"}"#.utf8).base64EncodedString()
            .replacingOccurrences(of: "=", with: "").replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        let token = "tok-\(tokenRequests.count)"
        return LoopbackServer.json(
            #"{"access_token":"\#(token)","id_token":"eyJhbGciOiJSUzI1NiJ9.\#(claims).sig","token_type":"Bearer","expires_in":3600}"#)
    }

    func api(path: String, query: String, authorization: String?, base: String) -> Response {
        apiCalls.append(path + (query.isEmpty ? "" : "?" + query))
        let token = authorization?.replacingOccurrences(of: "Bearer ", with: "") ?? ""
        callsPerToken[token, default: 0] += 1
        guard token.hasPrefix("tok-"), callsPerToken[token]! <= tokenLifetimeCalls else {
            return LoopbackServer.json(#"{"error":"expired"}"#, status: .unauthorized)
        }
        if let index = failures.firstIndex(where: { path.contains($0.pathPrefix) && $0.remaining > 0 }) {
            failures[index].remaining -= 1
            var headers: HTTPFields = [:]
            if let retryAfter = failures[index].retryAfter { headers[.retryAfter] = retryAfter }
            return Response(status: failures[index].status, headers: headers)
        }
        if path.hasSuffix("/contacts/completed") { return completed(query: query, base: base) }
        let contactId = path.split(separator: "/").dropLast().last.map(String.init) ?? ""
        if !cannedDetails {
            if path.hasSuffix("/state-history") { return LoopbackServer.json(#"{"contactStateHistory":[]}"#) }
            if path.hasSuffix("/custom-data") { return Response(status: .noContent) }
        }
        if path.hasSuffix("/state-history") {
            // Ids and durations as strings in one row and numbers in the other, as CXone sends them.
            return LoopbackServer.json(
                """
                {"contactStateHistory":[{"stateIndex":1,"contactId":"\(contactId)","contactStateName":"PreQueue","startDate":"2026-11-24T10:00:00Z","duration":"30"},
                {"stateIndex":2,"contactId":\(contactId),"contactStateName":"InQueue","startDate":"2026-11-24T10:00:30.250Z","duration":12}]}
                """)
        }
        if path.hasSuffix("/custom-data") {
            return contactId.hasSuffix("3")
                ? Response(status: .noContent)
                : LoopbackServer.json(#"{"contactCustomData":[{"name":"BotSessionId","value":"session-\#(contactId)"}]}"#)
        }
        return LoopbackServer.json(#"{"error":"not found"}"#, status: .notFound)
    }

    /// The tenant's configuration, for the tenant the id token named and no other: a client asking for another
    /// would be sent to someone else's API endpoint.
    func configuration(tenantId asked: String?, base: String) -> Response {
        guard asked == tenantId else {
            return LoopbackServer.json(#"{"error":"tenantId \#(asked ?? "missing") is not the token's tenant"}"#, status: .badRequest)
        }
        return LoopbackServer.json(#"{"api_endpoint":"\#(base)","area":"na1","cluster":"B32","domain":"niceincontact.com"}"#)
    }

    /// The contacts that started within `startDate..<endDate`, as CXone requires them: both given, ISO 8601, start
    /// first; nil when the query is refused.
    func windowed(_ parameters: [String: String]) -> [[String: String]]? {
        let date = { (name: String) in parameters[name]?.removingPercentEncoding.flatMap(Timestamps.parseISO8601) }
        guard let start = date("startDate"), let end = date("endDate"), start < end else { return nil }
        return contacts.filter { contact in
            contact["contactStartDate"].flatMap(Timestamps.parseISO8601).map { (start..<end).contains($0) } ?? false
        }
    }

    /// Pages with `top`/`skip` within the window; the first page also gives `_links.next`, later ones leave it out.
    func completed(query: String, base: String) -> Response {
        let parameters = Dictionary(
            query.split(separator: "&").map { pair -> (String, String) in
                let parts = pair.split(separator: "=", maxSplits: 1)
                return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
            }, uniquingKeysWith: { first, _ in first })
        guard let within = windowed(parameters) else {
            return LoopbackServer.json(#"{"error":"startDate and endDate: ISO 8601, startDate first"}"#, status: .badRequest)
        }
        let skip = Int(parameters["skip"] ?? "0") ?? 0
        let top = min(Int(parameters["top"] ?? "\(pageSize)") ?? pageSize, pageSize)
        let page = within.dropFirst(skip).prefix(top)
        // Every field the contact holds, as CXone writes it: the contact id a number, the rest strings.
        let items = page.map { contact -> String in
            let fields = contact.sorted { $0.key < $1.key }.map { key, value in
                key == "contactId" ? #""contactId":\#(value)"# : #""\#(key)":"\#(value)""#
            }
            return "{" + fields.joined(separator: ",") + "}"
        }.joined(separator: ",")
        // CXone's link carries the window of the query it answers.
        let window = "startDate=\(parameters["startDate"]!)&endDate=\(parameters["endDate"]!)"
        let next =
            skip == 0 && within.count > top
            ? #""\#(base)/incontactapi/services/v30.0/contacts/completed?\#(window)&top=\#(top)&skip=\#(top)""# : "null"
        return LoopbackServer.json(#"{"totalRecords":\#(within.count),"_links":{"next":\#(next)},"completedContacts":[\#(items)]}"#)
    }

    /// Serves the fake on a port the OS picks, runs `body` with its base URL, then stops it.
    public func serve<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        let router = Router()
        let fake = self
        router.get("/.well-known/openid-configuration") { request, _ in
            LoopbackServer.json(#"{"issuer":"\#(FakeCXone.base(request))","token_endpoint":"\#(FakeCXone.base(request))/auth/token"}"#)
        }
        router.post("/auth/token") { request, _ in
            let body = String(buffer: try await request.body.collect(upTo: 4096))
            return await fake.token(authorization: request.headers[.authorization] ?? "", body: body, base: FakeCXone.base(request))
        }
        router.get("/.well-known/cxone-configuration") { request, _ in
            await fake.configuration(tenantId: request.uri.queryParameters.get("tenantId"), base: FakeCXone.base(request))
        }
        router.get("/incontactapi/services/v30.0/**") { request, _ in
            await fake.api(
                path: request.uri.path, query: request.uri.query ?? "", authorization: request.headers[.authorization], base: FakeCXone.base(request))
        }
        return try await LoopbackServer.serve(router, body)
    }
}
