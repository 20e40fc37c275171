import Foundation
import HTTPTypes
import HandoverCore
import HandoverServer
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HandoverSQLite
@testable import HandoverStore

/// Headless Chromium from Debian (`apt-get install chromium`; `.ci/run` installs it).
enum Chromium {
    static let path = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// A temporary folder, so a test run never changes tracked files; scripts/regenerate-examples names
    /// Examples/screenshots with HANDOVER_TRACE_SCREENSHOTS_DIR to refresh the pictures README shows.
    static let screenshots =
        ProcessInfo.processInfo.environment["HANDOVER_TRACE_SCREENSHOTS_DIR"].map { URL(fileURLWithPath: $0) }
        ?? FileManager.default.temporaryDirectory.appendingPathComponent("handover-trace-screenshots-\(UUID().uuidString)")

    /// The page's DOM after it loaded, as Chromium serialises it.
    static func dom(_ url: String) async throws -> String {
        try await run(["--dump-dom", url])
    }

    static func screenshot(_ url: String, name: String, height: Int = 1000) async throws {
        try FileManager.default.createDirectory(at: screenshots, withIntermediateDirectories: true)
        _ = try await run([
            "--hide-scrollbars", "--window-size=1280,\(height)", "--screenshot=\(screenshots.appendingPathComponent(name + ".png").path)", url,
        ])
    }

    /// Runs Chromium on a thread of its own: waiting for it on one of Swift's few cooperative threads would starve
    /// the very server it is loading pages from (and every other test running meanwhile).
    static func run(_ arguments: [String]) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try runBlocking(arguments) }) }.start()
        }
    }

    static func runBlocking(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path!)
        process.arguments =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--user-data-dir=\(FileManager.default.temporaryDirectory.appendingPathComponent("chromium-\(UUID().uuidString)").path)",
            ] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

@Suite("Web console in headless Chromium", .enabled(if: Chromium.path != nil, "needs Debian's chromium package"), .serialized)
struct ConsoleTests {
    static let hostile = "<script>alert('pwned')</script>"

    /// A live server on a demo database plus a snapshot carrying markup, as a hostile flow might send it.
    func withConsole(
        _ configure: @escaping (inout ServerConfiguration) -> Void = { _ in },
        _ body: @escaping @Sendable (String, any TestClientProtocol) async throws -> Void
    ) async throws {
        try await withTestApp(configure, setup: .live) { client, store, _ in
            let generator = DemoGenerator(sessions: 2 * DiagnosisCode.allCases.count, end: Date().addingTimeInterval(-3_600))
            try await store.writeBulk(try BulkRecords(demo: (0..<generator.sessions).map(generator.session)))
            try await store.recordRead(.cxone, coveredUntil: Date(), records: generator.sessions, at: Date())
            var snapshot = Snapshot(sessionId: "hostile-session")
            snapshot.label = Self.hostile
            snapshot.intent = "agent_request"
            _ = try await store.record(
                snapshot, IngestEnvelope(contentType: "application/json", rawBody: Array(#"{"label":"\#(Self.hostile)"}"#.utf8)))
            _ = try await store.refreshDiagnoses()  // pages wait for a refresh only briefly; a loaded machine needs longer
            try await body("http://127.0.0.1:\(try #require(client.port))", client)
        }
    }

    @Test func pagesShowSessionsCodesAndErrorsAndEscapeWhatFlowsSent() async throws {
        try await withConsole { base, _ in
            let overview = try await Chromium.dom(base + "/?window=week")
            #expect(overview.contains("id=\"counts\""))
            #expect(overview.contains("NOT_QUEUED") && overview.contains("HANDED_OVER"))
            #expect(overview.contains("<svg"), "the failure chart is drawn by the server")

            let all = try await Chromium.dom(base + "/sessions?limit=100")
            let narrowed = try await Chromium.dom(base + "/sessions?q=700000000021")
            #expect(Self.rows(all) > 20)
            #expect(Self.rows(narrowed) == 1, "a search narrows the table")
            #expect(narrowed.contains(DemoGenerator.sessionId(10)))

            let session = try await Chromium.dom(base + "/sessions/" + DemoGenerator.sessionId(2))
            #expect(session.contains("INVALID_PAYLOAD"))
            #expect(session.contains("EMPTY_FIELD"), "the attempt's validation error is shown with its field")
            #expect(session.contains("class=\"error-row\""))

            let hostile = try await Chromium.dom(base + "/sessions/hostile-session")
            #expect(!hostile.contains(Self.hostile), "markup from a request never becomes markup on the page")
            #expect(hostile.contains("&lt;script&gt;alert('pwned')&lt;/script&gt;"))

            let payload = #"{"externalContactId":"100000000000","queueId":"","transferType":"warm"}"#
            let verdict = try await Chromium.dom(base + "/validate?payload=" + payload.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            for code in ["PLACEHOLDER_CONTACT_ID", "EMPTY_FIELD", "INVALID_TRANSFER_TYPE"] { #expect(verdict.contains(code)) }

            let codes = try await Chromium.dom(base + "/codes")
            #expect(DiagnosisCode.allCases.allSatisfy { codes.contains($0.rawValue) })
        }
    }

    @Test func screenshotsOfEveryPage() async throws {
        defer {
            if ProcessInfo.processInfo.environment["HANDOVER_TRACE_SCREENSHOTS_DIR"] == nil {
                try? FileManager.default.removeItem(at: Chromium.screenshots)
            }
        }
        try await withConsole { base, _ in
            let payload = #"{"sessionId":"s-1","payload":{"externalContactId":"100000000000","queueId":" ","transferType":"warm"}}"#
            let pages: [(String, String, Int)] = [
                ("overview", "/?window=week", 1100), ("sessions", "/sessions?failuresOnly=true", 1000),
                ("session", "/sessions/" + DemoGenerator.sessionId(2), 1300),
                ("validator", "/validate?payload=" + payload.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!, 900),
                ("codes", "/codes", 1100), ("live", "/live", 500),
            ]
            for (name, path, height) in pages {
                try await Chromium.screenshot(base + path, name: name, height: height)
                let file = Chromium.screenshots.appendingPathComponent(name + ".png")
                let picture = try Data(contentsOf: file)
                #expect(picture.count > 10_000 && picture.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(name).png holds a real picture")
            }
        }
    }

    @Test func withAKeyTheConsoleAsksForItAndTheCookieOpensIt() async throws {
        let key = "console-key-0123456789"
        try await withConsole({ $0.apiKeys = [key] }) { base, client in
            let signIn = try await Chromium.dom(base + "/sessions")
            #expect(signIn.contains("Sign in"), "an unauthenticated browser lands on the sign-in form")
            let refused = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "key=wrong&next=%2Fsessions"))
            #expect(refused.status == .unauthorized)
            let signedIn = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "key=\(key)&next=%2Fsessions"))
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.location] == "/sessions")
            let cookie = try #require(signedIn.headers[.setCookie])
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            #expect(!cookie.contains(key), "the cookie never holds the key itself")
            let page = try await client.execute(uri: "/sessions", method: .get, headers: [.cookie: String(cookie.split(separator: ";")[0])])
            #expect(page.status == .ok)
            let download = try await client.execute(
                uri: "/v1/report?format=csv", method: .get, headers: [.cookie: String(cookie.split(separator: ";")[0])])
            #expect(download.status == .ok, "downloads from the console work with the cookie")
            let evil = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "key=\(key)&next=%2F%2Fevil.example"))
            #expect(evil.headers[.location] == "/", "never an open redirect")
        }
    }

    /// Chromium follows each `Location` the sign-in answers for a hostile `next`, as served by a stand-in origin
    /// (signing in through a form needs a script, which the console's policy forbids): it must land on that origin.
    /// The old answer for `/\evil.example` is the control: the browser reads it as another host.
    @Test func afterSignInWithAHostileNextTheBrowserStaysOnTheServer() async throws {
        let key = "console-key-0123456789"
        let answered: [String] = try await withTestApp({ $0.apiKeys = [key] }) { client, _, _ in
            var locations: [String] = []
            for next in SecurityTests.hostileNext {
                let body = "key=\(key)&next=" + next.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                let answer = try await client.execute(uri: "/login", method: .post, headers: SecurityTests.form, body: ByteBuffer(string: body))
                locations.append(answer.headers[.location] ?? "(none)")
            }
            return locations
        }
        let control = "/\\evil.example"
        let router = Router()
        router.get("/go/:index") { _, context in
            let index = try context.parameters.require("index", as: Int.self)
            return Response(status: .seeOther, headers: [.location: index < answered.count ? answered[index] : control])
        }
        router.get("/") { _, _ in Self.landed }
        router.get("**") { _, _ in Self.landed }
        let origin = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await origin.test(.live) { client in
            let base = "http://127.0.0.1:\(try #require(client.port))"
            for (index, location) in answered.enumerated() {
                let page = try await Chromium.dom(base + "/go/\(index)")
                #expect(page.contains("landed-on-own-origin"), "Location \(location.debugDescription) took the browser elsewhere")
            }
            let escaped = try await Chromium.dom(base + "/go/\(answered.count)")
            #expect(!escaped.contains("landed-on-own-origin"), "the control: \(control) leaves the origin, so this check can fail")
        }
    }

    static var landed: Response {
        Response(
            status: .ok, headers: [.contentType: "text/html"], body: .init(byteBuffer: ByteBuffer(string: "<p id=landed-on-own-origin>here</p>")))
    }

    @Test func theLiveStreamCarriesEachStoredSnapshot() async throws {
        try await withConsole { base, client in
            let port = try #require(client.port)
            let watcher = try RawConnection(port: port)
            watcher.send("GET /v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
            #expect(await watcher.read(until: ": connected").contains("text/event-stream"), "sent once the watcher is registered")
            _ = try await client.post("/v1/snapshots", json: #"{"sessionId":"live-call","label":"Greeting"}"#)
            let event = await watcher.read(until: "live-call")
            #expect(event.contains(#""sessionId":"live-call""#))
            #expect(event.contains("data: "))
            _ = base
        }
    }

    static func rows(_ dom: String) -> Int {
        dom.components(separatedBy: "<a href=\"/sessions/").count - 1
    }
}
