import Foundation
import HandoverCore
import HandoverTestSupport
import Hummingbird
import NIOCore

/// A fake Cognigy OData v4 endpoint on loopback: `GET /{version}/{Collection}?apikey=` answering
/// `{"@odata.context", "value": [...]}`. It reads `$filter` ([ODataFilter]), `$orderby`, `$top`, `$skip`, `$select`
/// and `$count` as a real server does and refuses what one would (400 with an OData error body); without `$orderby`
/// records come in insertion order, which the helpers make newest first. With `maxPageSize` it pages on its own,
/// by `@odata.nextLink` with a `$skiptoken`, or silently. Failures can be injected.
actor FakeOData {
    struct Failure {
        let status: HTTPResponse.Status
        let retryAfter: String?
        let body: String
        var remaining: Int
    }

    /// Where a `$skiptoken` resumes: the query it belongs to and how many of its records were served.
    struct Continuation {
        let collection: CognigyCollection
        let options: [String: String]
        let served: Int
    }

    static let apiKey = "k3y-SECRET-in-url"
    static let options: Set = ["$filter", "$orderby", "$top", "$skip", "$skiptoken", "$select", "$count"]
    let idField: String
    var records: [CognigyCollection: [[String: JSONValue]]] = [:]
    var failures: [Failure] = []
    /// At most this many records a response (nil: no cap); the rest of the request's result on later pages.
    var maxPageSize: Int?
    /// Whether a capped page says so with `@odata.nextLink`; some servers truncate silently.
    var sendsNextLink = true
    /// Whether the nextLink repeats the apikey; the client adds it when not.
    var nextLinkCarriesKey = false
    /// Where nextLinks point, from this server's scheme and host; by default here.
    var nextLinkBase: @Sendable (String) -> String = { $0 }
    private(set) var queries: [[String: String]] = []
    private var continuations: [String: Continuation] = [:]

    init(idField: String = "_id") { self.idField = idField }

    func configure(_ change: @Sendable (isolated FakeOData) -> Void) { change(self) }

    /// The fields each collection has, with their types, as `$filter`, `$orderby` and `$select` know them.
    func schema(_ collection: CognigyCollection) -> [String: ODataFilter.FieldType] {
        var fields: [String: ODataFilter.FieldType] = [idField: .string, "sessionId": .string, "userId": .string, "projectId": .string]
        switch collection {
        case .sessions:
            fields.merge(["startedAt": .dateTime, "handoverEscalations": .number, "stepsCount": .number, "projectName": .string]) { $1 }
        case .conversations, .analytics:
            let text: [String: ODataFilter.FieldType] = ["inputId": .string, "type": .string, "source": .string, "text": .string]
            fields.merge(text) { $1 }
            fields.merge(["intent": .string, "flowName": .string, "channel": .string, "timestamp": .dateTime]) { $1 }
            fields.merge(["inHandoverRequest": .boolean, "intentScore": .number]) { $1 }
        }
        return fields
    }

    /// `count` more Sessions from 09:00 on 2026-11-25, two starting in each second (so pages split ties).
    func addSessions(_ count: Int) {
        add(.sessions, count, perSecond: 2) { index, at in
            [
                "sessionId": .string("s-\(index)"), "startedAt": .string(at), "userId": .string("+49301234\(String(format: "%05d", index))"),
                "handoverEscalations": .integer(0), "projectId": .string("p-1"),
            ]
        }
    }

    /// `count` more Conversations messages, three a second, five to a session, every third with a handover request.
    func addConversations(_ count: Int) {
        add(.conversations, count, perSecond: 3) { index, at in
            [
                "sessionId": .string("s-\(index / 5)"), "timestamp": .string(at), "inputId": .string("in-\(index)"),
                "type": .string(index % 2 == 0 ? "input" : "output"), "source": .string(index % 2 == 0 ? "user" : "bot"),
                "text": .string("message \(index)"), "inHandoverRequest": .bool(index % 3 == 2), "flowName": .string("Main"),
                "channel": .string("voiceGateway2"), "userId": .string("+4930123456"), "projectId": .string("p-1"),
            ]
        }
    }

    /// `count` more Analytics inputs, three a second, five to a session.
    func addAnalytics(_ count: Int) {
        add(.analytics, count, perSecond: 3) { index, at in
            [
                "sessionId": .string("s-\(index / 5)"), "timestamp": .string(at), "inputId": .string("in-\(index)"),
                "type": .string("input"), "text": .string("input \(index)"), "intent": .string(index % 2 == 0 ? "billing" : "agent"),
                "intentScore": .double(0.75), "flowName": .string("Main"), "channel": .string("voiceGateway2"),
                "userId": .string("+4930123456"), "projectId": .string("p-1"),
            ]
        }
    }

    /// Records `rec-NNNN` numbered on from those already there, `perSecond` sharing each time; inserted newest first.
    private func add(
        _ collection: CognigyCollection, _ count: Int, perSecond: Int, _ fields: (Int, String) -> [String: JSONValue]
    ) {
        let first = records[collection]?.count ?? 0
        let start = Timestamps.parseISO8601("2026-11-25T09:00:00.000Z")!
        let added = (first..<first + count).map { index in
            let at = Timestamps.format(start.addingTimeInterval(Double(index / perSecond)))
            return fields(index, at).merging([idField: .string(String(format: "rec-%04d", index))]) { $1 }
        }
        records[collection, default: []].insert(contentsOf: added.reversed(), at: 0)
    }

    /// `pairs` as they came, keys and values decoded; `base` the scheme and host asked.
    func answer(version: String, collection name: String, pairs: [(String, String)], base: String) -> Response {
        let query = Dictionary(pairs, uniquingKeysWith: { $1 })
        queries.append(query)
        if let index = failures.indices.first(where: { failures[$0].remaining > 0 }) {
            failures[index].remaining -= 1
            let failure = failures[index]
            var response = LoopbackServer.json(failure.body, status: failure.status)
            if let wait = failure.retryAfter { response.headers[.retryAfter] = wait }
            return response
        }
        guard query["apikey"] == Self.apiKey else { return Self.error("Unauthorized", "missing or wrong apikey", .unauthorized) }
        guard let collection = CognigyCollection(rawValue: name) else {
            return Self.error("NotFound", "no collection \(name)", .notFound)
        }
        do throws(ODataFilter.Failure) {
            let body = try page(collection, pairs, link: "\(nextLinkBase(base))/\(version)/\(name)")
            let context: JSONValue = .string("\(base)/\(version)/$metadata#\(name)")
            return LoopbackServer.json(JSONValue.object(body.merging(["@odata.context": context]) { $1 }).jsonText)
        } catch {
            return Self.error("BadRequest", error.message, .badRequest)
        }
    }

    static func error(_ code: String, _ message: String, _ status: HTTPResponse.Status) -> Response {
        LoopbackServer.json(JSONValue.object(["error": .object(["code": .string(code), "message": .string(message)])]).jsonText, status: status)
    }

    /// The response's `value`, and `@odata.count` and `@odata.nextLink` when due.
    private func page(
        _ collection: CognigyCollection, _ pairs: [(String, String)], link: String
    ) throws(ODataFilter.Failure) -> [String: JSONValue] {
        var options: [String: String] = [:]
        for (key, value) in pairs where key.hasPrefix("$") {
            guard Self.options.contains(key) else { throw .init(message: "The query parameter '\(key)' is not supported.") }
            guard options.updateValue(value, forKey: key) == nil else { throw .init(message: "Query option '\(key)' was specified more than once") }
        }
        var served = 0
        if let token = options["$skiptoken"] {
            guard let continuation = continuations[token], continuation.collection == collection else {
                throw .init(message: "The $skiptoken '\(token)' is not valid.")
            }
            guard options.count == 1 else { throw .init(message: "A $skiptoken carries its query; follow @odata.nextLink as it is.") }
            (options, served) = (continuation.options, continuation.served)
        }
        let fields = schema(collection)
        var (filter, order, top, skip, select): (ODataFilter.Expression?, [(String, Bool)], Int, Int, Set<String>?) = (nil, [], .max, 0, nil)
        if let text = options["$filter"] { filter = try ODataFilter.parse(text, fields: fields) }
        if let text = options["$orderby"] { order = try Self.orderBy(text, fields) }
        if let text = options["$top"] { top = try Self.count(text, "$top") }
        if let text = options["$skip"] { skip = try Self.count(text, "$skip") }
        if let text = options["$select"] { select = try Self.select(text, fields) }
        guard [nil, "true", "false"].contains(options["$count"]) else { throw .init(message: "$count must be true or false") }

        let matching = (records[collection] ?? []).filter { filter?.matches($0) ?? true }
        let rest = Self.sorted(matching, order, fields).dropFirst(skip).prefix(top).dropFirst(served)
        let shown = rest.prefix(maxPageSize ?? .max)
        let value = shown.map { record in JSONValue.object(select.map { keep in record.filter { keep.contains($0.key) } } ?? record) }
        var body: [String: JSONValue] = ["value": .array(value)]
        if options["$count"] == "true" { body["@odata.count"] = .integer(Int64(matching.count)) }
        if rest.count > shown.count && sendsNextLink {
            let token = UUID().uuidString.replacingOccurrences(of: "-", with: "")
            continuations[token] = Continuation(collection: collection, options: options, served: served + shown.count)
            body["@odata.nextLink"] = .string("\(link)?$skiptoken=\(token)" + (nextLinkCarriesKey ? "&apikey=\(Self.apiKey)" : ""))
        }
        return body
    }

    /// `$top` and `$skip`: a non-negative integer.
    static func count(_ text: String, _ option: String) throws(ODataFilter.Failure) -> Int {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text) else {
            throw .init(message: "Invalid value '\(text)' for \(option) query option found. It must be a non-negative integer.")
        }
        return value
    }

    /// `$orderby`: `field [asc|desc]`, comma separated.
    static func orderBy(_ text: String, _ fields: [String: ODataFilter.FieldType]) throws(ODataFilter.Failure) -> [(String, Bool)] {
        var order: [(String, Bool)] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let words = item.split(separator: " ").map(String.init)
            guard (1...2).contains(words.count), words.count == 1 || ["asc", "desc"].contains(words[1]) else {
                throw .init(message: "Syntax error in $orderby at '\(item)'")
            }
            guard fields[words[0]] != nil else { throw .init(message: "Could not find a property named '\(words[0])'") }
            order.append((words[0], words.count == 2 && words[1] == "desc"))
        }
        return order
    }

    /// `$select`: known fields, comma separated.
    static func select(_ text: String, _ fields: [String: ODataFilter.FieldType]) throws(ODataFilter.Failure) -> Set<String> {
        let names = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        if let unknown = names.first(where: { fields[$0] == nil }) { throw .init(message: "Could not find a property named '\(unknown)'") }
        return Set(names)
    }

    /// Stable: ties keep insertion order.
    static func sorted(
        _ rows: [[String: JSONValue]], _ order: [(String, Bool)], _ fields: [String: ODataFilter.FieldType]
    ) -> [[String: JSONValue]] {
        guard !order.isEmpty else { return rows }
        return rows.enumerated().sorted { a, b in
            for (field, descending) in order {
                let type = fields[field]!
                let comparison = ODataFilter.Value.order(.init(a.element[field], as: type), .init(b.element[field], as: type)) ?? 0
                if comparison != 0 { return descending ? comparison > 0 : comparison < 0 }
            }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// Serves the fake on a port the OS picks, runs `body` with its base URL, then stops it.
    func serve<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        let router = Router()
        let fake = self
        router.get("/:version/:collection") { request, context in
            let pairs = request.uri.queryParameters.map { (String($0.key).removingPercentEncoding ?? String($0.key), String($0.value)) }
            return await fake.answer(
                version: context.parameters.get("version") ?? "", collection: context.parameters.get("collection") ?? "", pairs: pairs,
                base: "http://\(request.head.authority ?? "127.0.0.1")")
        }
        return try await LoopbackServer.serve(router, body)
    }
}
