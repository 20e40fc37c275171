import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HandoverServer

/// `Routes.all` is the one list of routes: the router serves each of them, and the 405 table and the console's
/// signed-in pages follow from it.
@Suite("Routes declared once")
struct RoutesTests {
    static let key = "routes-test-key-0123456789"

    @Test func everyDeclaredRouteIsServed() async throws {
        try await withTestApp({ $0.apiKeys = [Self.key] }) { client, _, _ in
            for route in Routes.all where route != Routes.stream {
                let path = route.path.replacingOccurrences(of: ":id", with: "nobody")
                let answer = try await client.execute(uri: path, method: route.method, headers: HTTPFields(["X-API-Key": Self.key]))
                #expect(
                    answer.errorCode != "NOT_FOUND" && answer.status != .methodNotAllowed,
                    "\(route.method) \(route.path) is declared but not served: \(answer.status)")
            }
        }
    }

    @Test func aKnownPathWithAnotherMethodAnswers405WithItsDeclaredMethods() async throws {
        try await withTestApp { client, _, _ in
            let snapshots = try await client.execute(uri: "/v1/snapshots", method: .delete)
            #expect(snapshots.status == .methodNotAllowed)
            #expect(snapshots.headers[.allow] == "POST, GET")
            let session = try await client.execute(uri: "/v1/sessions/abc", method: .post)
            #expect(session.status == .methodNotAllowed, "a path with a parameter is a known path too")
            #expect(session.headers[.allow] == "GET")
            let unknown = try await client.execute(uri: "/v1/sessions/abc/other", method: .get)
            #expect(unknown.errorCode == "NOT_FOUND")
        }
    }

    @Test func consolePagesAreReadFromTheList() {
        let page = { (path: String) in Routes.isPage(path, method: .get) }
        #expect(page("/") && page("/sessions") && page("/sessions/s-1") && page("/live") && Routes.isPage("/", method: .head))
        #expect(!page("/v1/sessions/s-1") && !page("/login") && !page("/sessions/s-1/extra"))
        #expect(!Routes.isPage("/sessions", method: .trace), "a method no page takes is answered 405, not sent to sign in")
        #expect(Routes.open == ["/openapi.json", "/login", ConsoleAssets.stylesheet, ConsoleAssets.liveScript])
        #expect(Set(Routes.all).count == Routes.all.count, "no route is declared twice")
    }
}
