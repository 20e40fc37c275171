import Foundation
import HandoverCore
import HandoverTestSupport
import Hummingbird
import NIOCore

/// A fake Cognigy OData endpoint on loopback, built from DOMAIN.md: `GET /{version}/{Collection}?apikey=` with
/// `$filter` on the time window and the keyset (`time gt T or (time eq T and id gt 'I')`), `$orderby` time then id,
/// `$top`; responses `{"@odata.context", "value": [...]}`; with injectable failures.
actor FakeOData {
    struct Failure {
        let status: HTTPResponse.Status
        let retryAfter: String?
        let body: String
        var remaining: Int
    }

    static let apiKey = "k3y-SECRET-in-url"
    let idField: String
    var records: [CognigyCollection: [[String: String]]] = [:]
    var failures: [Failure] = []
    private(set) var queries: [[String: String]] = []

    init(idField: String = "_id") { self.idField = idField }

    func configure(_ change: @Sendable (isolated FakeOData) -> Void) { change(self) }

    /// `count` Sessions records from 09:00 on 2026-11-25, two starting in each second (so pages split ties).
    func addSessions(_ count: Int) {
        records[.sessions, default: []] += (0..<count).map { index in
            [
                idField: String(format: "rec-%04d", index), "sessionId": "s-\(index)",
                "startedAt": String(format: "2026-11-25T09:00:%02d.000Z", index / 2),
                "userId": "+49301234\(String(format: "%05d", index))", "handoverEscalations": "0",
            ]
        }
    }

    func answer(collection name: String, query: [String: String]) -> Response {
        queries.append(query)
        if let index = failures.indices.first(where: { failures[$0].remaining > 0 }) {
            failures[index].remaining -= 1
            let failure = failures[index]
            var response = LoopbackServer.json(failure.body, status: failure.status)
            if let wait = failure.retryAfter { response.headers[.retryAfter] = wait }
            return response
        }
        guard query["apikey"] == Self.apiKey else { return LoopbackServer.json(#"{"error":"Unauthorized"}"#, status: .unauthorized) }
        guard let collection = CognigyCollection(rawValue: name) else { return LoopbackServer.json("{}", status: .notFound) }
        let time = collection == .sessions ? "startedAt" : "timestamp"
        let filter = query["$filter"] ?? ""
        let top = Int(query["$top"] ?? "") ?? 100
        let rows = (records[collection] ?? []).filter { Self.matches($0, filter: filter, time: time, id: idField) }
            .sorted { ($0[time]!, $0[idField]!) < ($1[time]!, $1[idField]!) }.prefix(top)
        let value = rows.map { row in
            "{"
                + row.map { key, text in "\"\(key)\":" + (Int(text) != nil && key == "handoverEscalations" ? text : "\"\(text)\"") }
                .joined(separator: ",") + "}"
        }
        return LoopbackServer.json(#"{"@odata.context":"$metadata#\#(name)","value":[\#(value.joined(separator: ","))]}"#)
    }

    /// The filter forms the client sends: `time ge A`, `time lt B`, and the keyset condition.
    static func matches(_ row: [String: String], filter: String, time: String, id: String) -> Bool {
        func instant(_ text: String) -> Date { Timestamps.parseISO8601(text) ?? .distantPast }
        let at = instant(row[time] ?? "")
        let value = { (pattern: String) -> String? in
            guard let range = filter.range(of: pattern, options: .regularExpression) else { return nil }
            return String(filter[range]).split(separator: " ").last.map(String.init)
        }
        if let from = value("\(time) ge [^ )]+"), at < instant(from) { return false }
        if let until = value("\(time) lt [^ )]+"), at >= instant(until) { return false }
        if let after = value("\(time) gt [^ )]+") {
            let lastId = value("\(id) gt '[^']*'")?.trimmingCharacters(in: CharacterSet(charactersIn: "'")) ?? ""
            let afterAt = instant(after)
            return at > afterAt || (at == afterAt && (row[id] ?? "") > lastId)
        }
        return true
    }

    /// Serves the fake on a port the OS picks, runs `body` with its base URL, then stops it.
    func serve<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        let router = Router()
        let fake = self
        router.get("/:version/:collection") { request, context in
            let query = Dictionary(request.uri.queryParameters.map { (String($0.key), String($0.value)) }, uniquingKeysWith: { $1 })
            return await fake.answer(collection: context.parameters.get("collection") ?? "", query: query)
        }
        return try await LoopbackServer.serve(router, body)
    }
}
