import Foundation
import Testing

@testable import HandoverServer

/// Requests the HTTP parser refuses before any route sees them get the same JSON error as every other refusal,
/// exactly one answer each, and the connection closes without a reset that could destroy that answer.
@Suite("Requests the HTTP parser refuses, on a live server", .serialized)
struct MalformedRequestTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let request: String
        let explanation: String
        var testDescription: String { name }
    }

    static let snapshot = #"{"sessionId":"smuggled"}"#
    static let post = "POST /v1/snapshots HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    static let cases: [Case] = [
        Case(
            name: "Content-Length then Transfer-Encoding",
            request: post + "Content-Length: \(snapshot.utf8.count)\r\nTransfer-Encoding: chunked\r\n\r\n" + snapshot,
            explanation: "both Content-Length and Transfer-Encoding"),
        Case(
            name: "Transfer-Encoding then Content-Length",
            request: post + "Transfer-Encoding: chunked\r\nContent-Length: \(snapshot.utf8.count)\r\n\r\n" + snapshot,
            explanation: "both Content-Length and Transfer-Encoding"),
        Case(
            name: "three thousand headers",
            request: "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n" + (0..<3_000).map { "X-Header-\($0): v\r\n" }.joined() + "\r\n",
            explanation: "too long or too many"),
        Case(
            name: "a request line of 200,000 bytes",
            request: "GET /health?" + String(repeating: "a", count: 200_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
            explanation: "too long or too many"),
        Case(name: "not HTTP at all", request: "HELLO THERE\r\n\r\n", explanation: "not METHOD /path HTTP/1.1"),
    ]

    @Test(arguments: cases) func isAnsweredWithJSONOnceAndTheServerServesOn(_ refused: Case) async throws {
        try await withTestApp(setup: .live) { client, store, _ in
            let connection = try RawConnection(port: try #require(client.port))
            connection.send(refused.request)
            let answer = await connection.readResponse()
            #expect(answer.hasPrefix("HTTP/1.1 400"), "\(answer.prefix(300))")
            #expect(answer.lowercased().contains("content-type: application/json"))
            #expect(answer.lowercased().contains("x-content-type-options: nosniff"), "the security headers too")
            let body = try #require(answer.range(of: "\r\n\r\n").map { answer[$0.upperBound...] })
            let error = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: [String: String]])
            #expect(error["error"]?["code"] == "MALFORMED_REQUEST")
            #expect(error["error"]?["message"]?.contains(refused.explanation) == true, "\(error)")
            #expect(await connection.readToEnd() == "", "one answer, then the server closes the connection")
            #expect(try await store.snapshots(sessionId: "smuggled", limit: 1).isEmpty, "a refused request stores nothing")
            #expect(try await client.get("/health").status == .ok)
        }
    }

    @Test func garbageAfterAGoodRequestOnOneConnectionIsAnsweredAfterIt() async throws {
        try await withTestApp(setup: .live) { client, _, _ in
            let connection = try RawConnection(port: try #require(client.port))
            connection.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nNOT HTTP\r\n\r\n")
            let both = await connection.readToEnd()
            let answers = both.components(separatedBy: "HTTP/1.1 ").dropFirst().map { "HTTP/1.1 " + $0 }
            #expect(answers.count == 2, "\(both)")
            #expect(answers.first?.hasPrefix("HTTP/1.1 200") == true)
            #expect(answers.last?.hasPrefix("HTTP/1.1 400") == true)
            #expect(answers.last?.contains(#""code":"MALFORMED_REQUEST""#) == true)
        }
    }

    @Test func aBodyBrokenAfterTheAnswerDoesNotGetASecondAnswer() async throws {
        try await withTestApp(setup: .live) { client, _, _ in
            let connection = try RawConnection(port: try #require(client.port))
            // No Content-Type: the server answers 415 without reading the body, whose chunk framing is broken.
            connection.send("POST /v1/snapshots HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
            let all = await connection.readToEnd()
            #expect(all.hasPrefix("HTTP/1.1 415"), "\(all)")
            #expect(all.components(separatedBy: "HTTP/1.1 ").count == 2, "exactly one answer: \(all)")
        }
    }
}
