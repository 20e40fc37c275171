import Foundation
import HTTPTypes
import HandoverCore
import HandoverStore
import Hummingbird
import HummingbirdTesting
import InMemoryLogging
import Logging
import Testing

@testable import HandoverServer

@Suite("Security: sign-in redirects, headers on every route, cross-site posts, failed authentication, bidi text")
struct SecurityTests {
    static let key = "security-key-0123456789"
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    /// `next` values a browser would follow to another host, each as the issue's reviewer or a scanner sends it.
    static let hostileNext = [
        "/\\evil.example", "/\t/evil.example", "/\n/evil.example", "//evil.example", "///evil.example", "\\\\evil.example",
        "https://evil.example/", "javascript:alert(1)", " /\\evil.example", "/\u{0}/evil.example", "/\u{3000}/evil.example", "",
    ]

    static func signIn(next: String) -> String {
        "key=\(key)&next=" + next.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
    }

    @Test func signInSendsTheBrowserOnlyToAPathOnThisServer() async throws {
        try await withTestApp({ $0.apiKeys = [Self.key] }) { client, _, _ in
            for next in Self.hostileNext {
                let answer = try await client.execute(
                    uri: "/login", method: .post, headers: Self.form, body: ByteBuffer(string: Self.signIn(next: next)))
                #expect(answer.status == .seeOther)
                #expect(answer.headers[.location] == "/", "next=\(next.debugDescription) must not leave the server")
                let form = try await client.get("/login?next=" + next.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
                #expect(form.text.contains(#"name="next" value="/""#), "the form never carries \(next.debugDescription) on")
            }
            let kept = try await client.execute(
                uri: "/login", method: .post, headers: Self.form,
                body: ByteBuffer(string: Self.signIn(next: "/sessions?code=NOT_QUEUED&q=a%2Fb")))
            #expect(kept.headers[.location] == "/sessions?code=NOT_QUEUED&q=a%2Fb", "a plain path and query are kept")
        }
    }

    /// Every route, with every method it takes, with and without a key: the headers are on each answer, errors too.
    @Test func everyRouteCarriesTheSecurityHeaders() async throws {
        try await withTestApp({ $0.apiKeys = [Self.key] }) { client, _, _ in
            for route in Routes.all where route != Routes.stream {
                let path = route.path.replacingOccurrences(of: ":id", with: "nobody")
                for headers in [HTTPFields(["X-API-Key": Self.key]), HTTPFields()] {
                    let answer = try await client.execute(uri: path, method: route.method, headers: headers.merging(Self.form))
                    Self.expectSecurityHeaders(
                        answer, "\(route.method) \(path) \(headers.isEmpty ? "without" : "with") a key",
                        cacheable: ConsoleAssets.paths.contains(path) || path == Routes.openAPI.path)
                }
            }
            let unknown = try await client.get("/no/such/page")
            Self.expectSecurityHeaders(unknown, "a 404")
        }
    }

    static func expectSecurityHeaders(_ answer: TestResponse, _ what: String, cacheable: Bool = false) {
        let policy = answer.headers[.contentSecurityPolicy] ?? ""
        #expect(policy.contains("frame-ancestors 'none'") && policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"), "\(what)")
        #expect(answer.headers[.xFrameOptions] == "DENY", "\(what)")
        #expect(answer.headers[.xContentTypeOptions] == "nosniff", "\(what)")
        #expect(answer.headers[.referrerPolicy] == "no-referrer", "\(what)")
        #expect(answer.headers[.cacheControl] == (cacheable ? "public, max-age=3600" : "no-store"), "\(what)")
        #expect(answer.headers[.strictTransportSecurity] == nil, "\(what): no HSTS over plain HTTP")
    }

    @Test func consolePagesNeedNoInlineScriptOrStyle() async throws {
        try await withTestApp { client, _, _ in
            for page in ["/", "/sessions", "/validate", "/codes", "/live", "/login", "/sessions/nobody"] {
                let html = try await client.get(page).text
                #expect(!html.contains("<style") && !html.contains("style=\""), "\(page) has inline style")
                #expect(!html.contains("<script>"), "\(page) has an inline script")
            }
            let script = try await client.get(ConsoleAssets.liveScript)
            #expect(script.headers[.contentType]?.hasPrefix("text/javascript") == true)
            #expect(script.text.contains("EventSource"))
            #expect(try await client.get(ConsoleAssets.stylesheet).text.contains("--fail"))
        }
    }

    @Test func httpsBehindATrustedProxyGetsHSTSAndASecureCookie() async throws {
        try await withTestApp({
            $0.apiKeys = [Self.key]; $0.publicURL = "https://trace.example.com"
        }) { client, _, _ in
            let health = try await client.get("/health", headers: HTTPFields(["X-API-Key": Self.key]))
            #expect(health.headers[.strictTransportSecurity] == "max-age=31536000")
            let signedIn = try await client.execute(
                uri: "/login", method: .post, headers: Self.form, body: ByteBuffer(string: Self.signIn(next: "/")))
            #expect(signedIn.headers[.setCookie]?.hasSuffix("; Secure") == true)
        }
        try await withTestApp(
            {
                $0.apiKeys = [Self.key]; $0.trustedProxies = ["127.0.0.0/8"]
            }, setup: .live
        ) { client, _, _ in
            let viaProxy = try await client.get("/health", headers: HTTPFields(["X-API-Key": Self.key, "X-Forwarded-Proto": "https"]))
            #expect(viaProxy.headers[.strictTransportSecurity] != nil, "a trusted proxy says the browser used HTTPS")
        }
        try await withTestApp({ $0.apiKeys = [Self.key] }, setup: .live) { client, _, _ in
            let forged = try await client.get("/health", headers: HTTPFields(["X-API-Key": Self.key, "X-Forwarded-Proto": "https"]))
            #expect(forged.headers[.strictTransportSecurity] == nil, "anyone else's X-Forwarded-Proto is ignored")
        }
    }

    @Test func aPageOnAnotherSiteCannotPostToTheConsole() async throws {
        try await withTestApp({ $0.apiKeys = [Self.key] }, setup: .live) { client, _, _ in
            let port = try #require(client.port)
            let foreign: [HTTPFields] = [
                HTTPFields(["Sec-Fetch-Site": "cross-site"]), HTTPFields(["Sec-Fetch-Site": "same-site"]),
                HTTPFields(["Origin": "http://evil.example"]),
                HTTPFields(["Origin": "null"]), HTTPFields(["Origin": "http://127.0.0.1:\(port + 1)"]),
            ]
            for headers in foreign {
                for (path, body) in [("/login", Self.signIn(next: "/")), ("/logout", ""), ("/validate", "payload=%7B%7D")] {
                    let answer = try await client.execute(
                        uri: path, method: .post, headers: headers.merging(Self.form), body: ByteBuffer(string: body))
                    #expect(answer.status == .forbidden, "\(path) from \(headers)")
                    #expect(answer.errorCode == "CROSS_SITE_REQUEST")
                    #expect(answer.headers[.setCookie] == nil, "no one is signed in by a foreign page")
                }
            }
            // The test client sends `Host: localhost`, so that is this server's origin here.
            let own: [HTTPFields] = [HTTPFields(["Sec-Fetch-Site": "same-origin"]), HTTPFields(["Origin": "http://localhost"]), HTTPFields()]
            for headers in own {
                let answer = try await client.execute(
                    uri: "/login", method: .post, headers: headers.merging(Self.form),
                    body: ByteBuffer(string: Self.signIn(next: "/")))
                #expect(answer.status == .seeOther, "the console's own form, or a client that is not a browser: \(headers)")
            }
            let toolHeaders = HTTPFields(["Origin": "https://tool.example", "X-API-Key": Self.key])
            let api = try await client.post("/v1/snapshots", json: #"{"sessionId":"from-a-tool"}"#, headers: toolHeaders)
            #expect(api.status == .forbidden, "a page elsewhere that holds a key still may not write through a browser")
            let server = try await client.post("/v1/snapshots", json: #"{"sessionId":"from-a-tool"}"#, headers: HTTPFields(["X-API-Key": Self.key]))
            #expect(server.status == .created, "a server-side caller says neither where it comes from, and its key guards it")
        }
    }

    @Test func failedAuthenticationIsLoggedCountedAndLimitedPerAddress() async throws {
        let log = InMemoryLogHandler()
        try await withTestApp(
            {
                $0.apiKeys = [Self.key]; $0.trustedProxies = ["127.0.0.1"]; $0.authFailureLimit = 3
            }, setup: .live, logger: Logger(label: "test") { _ in log }
        ) { client, _, _ in
            let attacker: HTTPFields = HTTPFields(["X-Forwarded-For": "198.51.100.7", "X-API-Key": "wrong-key-wrong-key"])
            for _ in 0..<3 { #expect(try await client.post("/v1/snapshots", json: #"{"sessionId":"a"}"#, headers: attacker).status == .unauthorized) }
            let limited = try await client.post("/v1/snapshots", json: #"{"sessionId":"a"}"#, headers: attacker)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.errorCode == "TOO_MANY_AUTH_FAILURES")
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 > 0)
            let goodKey = HTTPFields(["X-Forwarded-For": "198.51.100.7", "X-API-Key": Self.key])
            let good = try await client.post("/v1/snapshots", json: #"{"sessionId":"a"}"#, headers: goodKey)
            #expect(good.status == .tooManyRequests, "during the lockout a right key is refused too, so a lucky guess is not confirmed")
            let neighbour = try await client.post(
                "/v1/snapshots", json: #"{"sessionId":"a"}"#, headers: HTTPFields(["X-Forwarded-For": "203.0.113.9"]))
            #expect(neighbour.status == .unauthorized, "another address keeps its own count")
            let signIn = try await client.execute(
                uri: "/login", method: .post, headers: Self.form.merging(HTTPFields(["X-Forwarded-For": "198.51.100.7"])),
                body: ByteBuffer(string: "key=nope&next=%2F"))
            #expect(signIn.status == .tooManyRequests, "the sign-in form shares the address's count")
            #expect(signIn.text.contains("Too many failed authentications"))
            let neighbourSignIn = try await client.execute(
                uri: "/login", method: .post, headers: Self.form.merging(HTTPFields(["X-Forwarded-For": "203.0.113.9"])),
                body: ByteBuffer(string: "key=nope&next=%2F"))
            #expect(neighbourSignIn.status == .unauthorized, "a wrong sign-in key is counted like a wrong API key")

            let metrics = try await client.get("/metrics", headers: HTTPFields(["X-API-Key": Self.key])).text
            #expect(metrics.contains(#"handover_trace_auth_failures_total{reason="wrong_key"} 4"#))
            #expect(metrics.contains(#"handover_trace_auth_failures_total{reason="no_key"} 1"#))
            #expect(metrics.contains(#"handover_trace_auth_failures_total{reason="wrong_sign_in_key"} 1"#))
            #expect(metrics.contains("handover_trace_auth_lockouts_total 1"))
        }
        let warnings = log.entries.filter { $0.level == .warning }
        let failures = warnings.filter { "\($0.message)" == "authentication failed" }
        #expect(failures.count == 5, "each refusal until the lockout is logged, then one line for the lockout, then the neighbour's two")
        #expect(failures.first?.metadata["client"] == "198.51.100.7")
        #expect(failures.first?.metadata["route"] == "POST /v1/snapshots")
        #expect(failures.first?.metadata["reason"] == "wrong_key")
        #expect(warnings.contains { "\($0.message)".hasPrefix("too many failed authentications") })
        #expect(!log.entries.contains { "\($0.message) \($0.metadata)".contains("wrong-key-wrong-key") }, "a key never reaches the log")
    }

    @Test func forwardedAddressesFromAnUntrustedPeerAreIgnored() async throws {
        try await withTestApp(
            {
                $0.apiKeys = [Self.key]; $0.authFailureLimit = 2
            }, setup: .live
        ) { client, _, _ in
            var statuses: [HTTPResponse.Status] = []
            for spoofed in ["192.0.2.1", "192.0.2.2", "192.0.2.3"] {
                statuses.append(try await client.get("/v1/codes", headers: HTTPFields(["X-Forwarded-For": spoofed])).status)
            }
            #expect(statuses == [.unauthorized, .unauthorized, .tooManyRequests], "a client cannot dodge its count by naming other addresses")
        }
    }

    @Test func plainHTTPOnAnOpenAddressIsWarnedAbout() throws {
        func warnings(_ configure: (inout ServerConfiguration) -> Void) throws -> [String] {
            let log = InMemoryLogHandler()
            var configuration = ServerConfiguration()
            configuration.apiKeys = [Self.key]
            configure(&configuration)
            _ = try buildApplication(configuration, store: UnavailableStore(), telemetry: Telemetry(), logger: Logger(label: "test") { _ in log })
            return log.entries.filter { $0.level == .warning }.map { "\($0.message)" }
        }
        let open = try warnings { $0.host = "0.0.0.0" }
        #expect(open.contains { $0.hasPrefix("serving plain HTTP on a non-loopback address: API keys, console sign-ins and callers' data") })
        #expect(try warnings { $0.host = "127.0.0.1" }.isEmpty, "loopback stays on this machine")
        #expect(
            try warnings {
                $0.host = "0.0.0.0"; $0.publicURL = "https://trace.example.com"
            }.isEmpty, "a TLS proxy in front")
    }

    @Test func bidiControlsAreShownNotObeyed() async throws {
        let spoofed = "session-\u{202E}txt.exe"
        try await withTestApp { client, _, _ in
            let json = #"{"sessionId":"\#(spoofed)","label":"Greeting\#u{2066}x\#u{2069}","intent":"agent_request"}"#
            #expect(try await client.post("/v1/snapshots", json: json).status == .created)
            let page = try await client.get("/sessions/" + spoofed.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!).text
            #expect(page.contains("session-<span class=\"bidi\">&lt;U+202E&gt;</span>txt.exe"))
            #expect(page.contains("&lt;U+2066&gt;") && page.contains("&lt;U+2069&gt;"))
            #expect(!page.unicodeScalars.contains { VisibleText.isBidiControl($0) })
            let text = try await client.get("/v1/report?format=text").text
            #expect(text.contains("session-<U+202E>txt.exe"))
            #expect(!text.unicodeScalars.contains { VisibleText.isBidiControl($0) })
            let json2 = try await client.get("/v1/report?format=json").text
            #expect(json2.contains("\u{202E}"), "JSON keeps the exact id for programs")
        }
    }
}

extension HTTPFields {
    /// Header fields from names and values written as strings.
    init(_ pairs: [String: String]) {
        self.init()
        for (name, value) in pairs { self[HTTPField.Name(name)!] = value }
    }

    func merging(_ other: HTTPFields) -> HTTPFields {
        var merged = self
        for field in other { merged.append(field) }
        return merged
    }
}
