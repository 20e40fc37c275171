import Foundation
import HTTPTypes
import HandoverCore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import HandoverServer

/// The ways in that a review found open: DNS rebinding, cross-site writes without keys, a lockout that let a right
/// guess through, and a sign-in that outlived its sign-out.
@Suite("Trust: the Host check, cross-site writes, the lockout, the sign-in's end")
struct TrustTests {
    static let key = SecurityTests.key

    /// Sends one request over a real connection with `Host: authority`, as a rebound browser or curl would.
    static func request(
        port: Int, _ path: String, method: HTTPRequest.Method = .get, authority: String, headers: HTTPFields = [:], body: String? = nil
    ) async throws -> TestClient.Response {
        try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            try await client.execute(.init(path, method: method, authority: authority, headers: headers, body: body.map { ByteBuffer(string: $0) }))
        }
    }

    @Test func aHostThatIsNotTheServersOwnIsRefusedOnEveryRoute() async throws {
        try await withTestApp(
            {
                $0.allowedHosts = ["trace.example.com"]; $0.publicURL = "https://public.example.org"
            }, setup: .live
        ) {
            client, _, _ in
            let port = try #require(client.port)
            for authority in ["evil.example", "evil.example:\(port)", "rebind.attacker.test", "127.0.0.1.evil.example"] {
                for route in Routes.all {
                    let path = route.path.replacingOccurrences(of: ":id", with: "nobody")
                    let answer = try await Self.request(port: port, path, method: route.method, authority: authority)
                    #expect(answer.status == .misdirectedRequest, "\(route.method) \(path) with Host: \(authority)")
                    let body = String(buffer: answer.body ?? ByteBuffer())
                    #expect(body.contains(#""code":"HOST_NOT_ALLOWED""#) && body.contains("--allowed-host"), "\(body)")
                }
            }
            let own = [
                "localhost:\(port)", "127.0.0.1:\(port)", "127.0.0.1", "[::1]:\(port)", "LOCALHOST", "trace.example.com", "Trace.Example.COM.:443",
                "public.example.org", "app.localhost",
            ]
            for authority in own {
                let answer = try await Self.request(port: port, "/v1/sessions", authority: authority)
                #expect(answer.status == .ok, "Host: \(authority) is this server's own")
            }
        }
    }

    @Test func theAllowedHostsFollowTheListenAddress() {
        let wildcard = AllowedHosts(listenHost: "0.0.0.0", publicURL: nil, extra: []) { ["10.1.2.3", "fe80::1"] }
        #expect(wildcard.admits(authority: "10.1.2.3:8080") && wildcard.admits(authority: "[fe80::1]:8080"), "every address of this machine")
        #expect(!wildcard.admits(authority: "10.1.2.4:8080") && !wildcard.admits(authority: "trace.example.com"))
        let bound = AllowedHosts(listenHost: "192.0.2.10", publicURL: nil, extra: []) { ["10.1.2.3"] }
        #expect(bound.admits(authority: "192.0.2.10:8080") && !bound.admits(authority: "10.1.2.3"), "only the address it listens on")
    }

    @Test func browsersOnOtherSitesCannotWriteRecordsWithoutKeys() async throws {
        try await withTestApp(setup: .live) { client, store, _ in
            let port = try #require(client.port)
            let foreign: [HTTPFields] = [
                HTTPFields(["Origin": "http://evil.example"]), HTTPFields(["Sec-Fetch-Site": "cross-site"]),
                HTTPFields(["Sec-Fetch-Site": "same-site"]), HTTPFields(["Origin": "http://localhost:\(port + 1)"]),
            ]
            for headers in foreign {
                for path in ["/v1/snapshots", "/v1/handovers", "/v1/validate"] {
                    let answer = try await client.post(path, form: "sessionId=from-a-web-page&contactId=1", headers: headers)
                    #expect(answer.status == .forbidden, "\(path) from \(headers)")
                    #expect(answer.errorCode == "CROSS_SITE_REQUEST")
                }
            }
            #expect(try await store.snapshots(sessionId: "from-a-web-page", limit: 10).isEmpty, "nothing a foreign page sent was stored")
            let flow = try await client.post("/v1/snapshots", form: "sessionId=from-a-flow")
            #expect(flow.status == .created, "a flow sends neither Origin nor Sec-Fetch-Site")
            let own = try await client.post("/v1/snapshots", json: #"{"sessionId":"own"}"#, headers: HTTPFields(["Origin": "http://localhost"]))
            #expect(own.status == .created, "the server's own origin")
            let reading = try await client.get("/v1/sessions", headers: HTTPFields(["Sec-Fetch-Site": "cross-site"]))
            #expect(reading.status == .ok, "reads are not writes; the Host check guards them")
        }
    }

    @Test func aLockedOutAddressIsRefusedWithTheRightKeyToo() async throws {
        try await withTestApp(
            {
                $0.apiKeys = [Self.key]; $0.trustedProxies = ["127.0.0.1"]; $0.authFailureLimit = 5
            }, setup: .live
        ) {
            client, _, _ in
            let wrong = HTTPFields(["X-Forwarded-For": "198.51.100.7", "X-API-Key": "wrong-key-wrong-key"])
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<7 { statuses.append(try await client.get("/v1/codes", headers: wrong).status) }
            #expect(statuses == Array(repeating: .unauthorized, count: 5) + [.tooManyRequests, .tooManyRequests])
            let right = HTTPFields(["X-Forwarded-For": "198.51.100.7", "X-API-Key": Self.key])
            let guessed = try await client.get("/v1/codes", headers: right)
            #expect(guessed.status == .tooManyRequests, "a right guess during the lockout is not confirmed")
            #expect(guessed.errorCode == "TOO_MANY_AUTH_FAILURES")
            let signIn = try await client.execute(
                uri: "/login", method: .post, headers: SecurityTests.form.merging(HTTPFields(["X-Forwarded-For": "198.51.100.7"])),
                body: ByteBuffer(string: SecurityTests.signIn(next: "/")))
            #expect(signIn.status == .tooManyRequests && signIn.headers[.setCookie] == nil, "nor signed in with it")
            let other = try await client.get("/v1/codes", headers: HTTPFields(["X-Forwarded-For": "203.0.113.9", "X-API-Key": Self.key]))
            #expect(other.status == .ok, "another address keeps its own count")
            let open = try await client.get(ConsoleAssets.stylesheet, headers: HTTPFields(["X-Forwarded-For": "198.51.100.7"]))
            #expect(open.status == .ok, "what needs no authentication is still served")
        }
    }

    @Test func ipv6ClientsAreCountedByTheirSlash64() async throws {
        try await withTestApp(
            {
                $0.apiKeys = [Self.key]; $0.trustedProxies = ["127.0.0.1"]; $0.authFailureLimit = 3
            }, setup: .live
        ) {
            client, _, _ in
            var statuses: [HTTPResponse.Status] = []
            for host in 1...5 {
                let headers = HTTPFields(["X-Forwarded-For": "2001:db8:1:2::\(host)", "X-API-Key": "wrong-key-wrong-key"])
                statuses.append(try await client.get("/v1/codes", headers: headers).status)
            }
            #expect(statuses == [.unauthorized, .unauthorized, .unauthorized, .tooManyRequests, .tooManyRequests])
            let elsewhere = HTTPFields(["X-Forwarded-For": "2001:db8:1:3::1", "X-API-Key": Self.key])
            #expect(try await client.get("/v1/codes", headers: elsewhere).status == .ok, "the next /64 is another client")
        }
        #expect(AuthFailureGuard.counted("2001:db8:1:2:aaaa:bbbb:cccc:dddd") == "2001:db8:1:2::/64")
        #expect(AuthFailureGuard.counted("198.51.100.7") == "198.51.100.7")
    }

    @Test func signingOutEndsTheSignInOnTheServer() async throws {
        try await withTestApp({ $0.apiKeys = [Self.key] }) { client, _, _ in
            let signedIn = try await client.execute(
                uri: "/login", method: .post, headers: SecurityTests.form, body: ByteBuffer(string: SecurityTests.signIn(next: "/")))
            let setCookie = try #require(signedIn.headers[.setCookie])
            #expect(setCookie.contains("Max-Age=43200"), "the cookie lasts 12 hours")
            let cookie = try #require(setCookie.split(separator: ";").first.map(String.init))
            #expect(try await client.get("/v1/codes", headers: HTTPFields(["Cookie": cookie])).status == .ok)
            let out = try await client.execute(uri: "/logout", method: .post, headers: HTTPFields(["Cookie": cookie]))
            #expect(out.status == .seeOther)
            let replayed = try await client.get("/v1/codes", headers: HTTPFields(["Cookie": cookie]))
            #expect(replayed.status == .unauthorized, "a copy of the cookie kept after signing out opens nothing")
        }
    }

    @Test func aSignInExpiresAfterTwelveHours() throws {
        let auth = ConsoleAuth(keys: [Self.key])
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(auth.signIn("not-the-key-at-all", now: start) == nil)
        let token = try #require(auth.signIn(Self.key, now: start))
        var head = HTTPRequest(method: .get, scheme: "http", authority: "localhost", path: "/")
        head.headerFields[.cookie] = "\(ConsoleAuth.cookieName)=\(token)"
        let request = Request(head: head, body: .init(buffer: ByteBuffer()))
        #expect(auth.hasValidCookie(request, now: start.addingTimeInterval(12 * 3_600 - 1)))
        #expect(!auth.hasValidCookie(request, now: start.addingTimeInterval(12 * 3_600)))
    }
}
