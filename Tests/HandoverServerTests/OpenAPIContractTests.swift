import Foundation
import HTTPTypes
import HandoverCore
import HandoverStore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HandoverServer

/// The served OpenAPI document and the router agree: every route is documented, every documented operation is served.
@Suite("OpenAPI document: served, complete, and no more than the router")
struct OpenAPIContractTests {
    static func served() async throws -> [String: Any] {
        let body = try await withTestApp({ $0.apiKeys = ["openapi-test-key-0123456789"] }) { client, _, _ in
            let response = try await client.get("/openapi.json")
            #expect(response.status == .ok, "open without a key, like the console's static files")
            #expect(response.headers[.contentType] == "application/json")
            return Data(buffer: response.body)
        }
        return try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
    }

    static let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    @Test func everyRouteIsDocumentedAndEveryDocumentedOperationIsARoute() async throws {
        let document = try await Self.served()
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let documented = Set(
            paths.flatMap { path, operations in
                operations.keys.filter(Self.methods.contains).map { method in
                    method.uppercased() + " " + path.replacingOccurrences(of: "{id}", with: ":id")
                }
            })
        let routed = Set(Routes.all.map { "\($0.method.rawValue) \($0.path)" })
        #expect(routed.subtracting(documented).isEmpty, "routes the document lacks: \(routed.subtracting(documented).sorted())")
        #expect(documented.subtracting(routed).isEmpty, "documented operations the router lacks: \(documented.subtracting(routed).sorted())")
    }

    @Test func everyReferenceResolvesAndEveryOperationHasAnIdAndResponses() async throws {
        let document = try await Self.served()
        for reference in Self.references(in: document) {
            var node: Any? = document
            for key in reference.dropFirst(2).split(separator: "/") { node = (node as? [String: Any])?[String(key)] }
            #expect(node != nil, "\(reference) resolves")
        }
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var ids: [String] = []
        for (path, operations) in paths {
            for (method, operation) in operations where Self.methods.contains(method) {
                let operation = operation as? [String: Any]
                ids.append(operation?["operationId"] as? String ?? "")
                #expect((operation?["responses"] as? [String: Any])?.isEmpty == false, "\(method) \(path) documents its answers")
            }
        }
        #expect(!ids.contains("") && Set(ids).count == ids.count, "unique operation ids")
    }

    /// The server refuses exactly what the document's time pattern refuses, so a generated value it calls invalid
    /// is never accepted.
    @Test func sinceAndUntilStateTheGrammarTheServerParses() async throws {
        let document = try await Self.served()
        let parameters = try #require((document["components"] as? [String: Any])?["parameters"] as? [String: [String: Any]])
        for name in ["Since", "Until"] {
            #expect((parameters[name]?["schema"] as? [String: Any])?["pattern"] as? String == TimeExpression.pattern, "\(name)")
        }
        let refused = [
            "1e3d", "infd", "2026-01-01T10:00:00ZZ", "2026-01-01T10:00", "9373-06-06T828", "5 m", "2023-02-29", "2026-04-31",
            "2026-11-24T24:00:00Z", "1234567890d",
        ]
        for text in refused { #expect(TimeExpression.parse(text) == nil, "\(text)") }
        let accepted: [(String, String)] = [
            ("2026-11-24", "2026-11-24T00:00:00.000Z"), ("2026-11-24T10:00:00.5+05:30", "2026-11-24T04:30:00.500Z"),
            ("2026-11-24T10:00:00+05", "2026-11-24T05:00:00.000Z"), ("2024-02-29T23:59:59.123456-0130", "2024-03-01T01:29:59.123Z"),
            ("2000-02-29", "2000-02-29T00:00:00.000Z"),
        ]
        for (text, instant) in accepted { #expect(TimeExpression.parse(text).map(Timestamps.format) == instant, "\(text)") }
        for text in ["90s", "1.5h", " 7d"] { #expect(TimeExpression.parse(text) != nil, "\(text)") }
    }

    /// The body's timestamp, a number written as text and the session list's cursor: each pattern is the one the
    /// server holds values to.
    @Test func bodyFieldsAndTheCursorStateThePatternsTheServerChecks() async throws {
        let document = try await Self.served()
        let components = try #require(document["components"] as? [String: Any])
        let schemas = try #require(components["schemas"] as? [String: [String: Any]])
        let timestamp = (schemas["Timestamp"]?["oneOf"] as? [[String: Any]])?.first?["pattern"] as? String
        #expect(timestamp == TimeGrammar.timestamp)
        let confidence = ((schemas["SnapshotBody"]?["properties"] as? [String: Any])?["confidence"] as? [String: Any])?["anyOf"] as? [[String: Any]]
        #expect(confidence?.contains { $0["pattern"] as? String == FieldReader.numberTextPattern } == true)
        let paths = try #require(document["paths"] as? [String: [String: [String: Any]]])
        let parameters = try #require(paths["/v1/sessions"]?["get"]?["parameters"] as? [[String: Any]])
        let cursor = parameters.first { $0["name"] as? String == "cursor" }?["schema"] as? [String: Any]
        #expect(cursor?["pattern"] as? String == SessionCursor.pattern)
        let reader = FieldReader(["a": .string("2026-11-24T10:15:00.120+01:00"), "b": .string(" 1764000000000 "), "c": .string("2026-11-24")])
        #expect(try reader.timestamp("a").map(Timestamps.format) == "2026-11-24T09:15:00.120Z")
        #expect(try reader.timestamp("b").map(Timestamps.format) == "2025-11-24T16:00:00.000Z")
        #expect(throws: InputError.self) { try reader.timestamp("c") }
    }

    /// Every `$ref` anywhere in the document.
    static func references(in node: Any) -> [String] {
        switch node {
        case let object as [String: Any]: [object["$ref"] as? String].compactMap { $0 } + object.values.flatMap(references)
        case let array as [Any]: array.flatMap(references)
        default: []
        }
    }

    @Test func theDiagnosisCodesAreTheCatalogue() async throws {
        let document = try await Self.served()
        let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any]
        let codes = (schemas?["DiagnosisCode"] as? [String: Any])?["enum"] as? [String]
        #expect(codes == DiagnosisCode.allCases.map(\.rawValue))
    }
}
