import Foundation
import HandoverCore
import Hummingbird
import NIOCore

/// A fake Genesys Cloud on loopback, built from the shapes in DOMAIN.md (the platform SDKs' models): the client
/// credentials token, the jobs API (availability, create, states, cursor pages), the synchronous details query
/// (paged, without attributes) and the conversations API (with them). It reads what it is sent: a job or a query
/// without a readable interval, a page size past 100 or a page number below 1 is refused with an ErrorBody, a job's
/// results before it is FULFILLED are refused, and each answers only the conversations its interval selects.
public actor FakeGenesys {
    /// Every conversation Genesys holds, as job results give them (attributes included).
    public var conversations: [[String: JSONValue]]
    /// Before this, the data lake (the jobs API) holds the conversations; after it, only the query does.
    public var dataAvailabilityDate: Date
    public var clientId = "genesys-client", clientSecret = "genesys-secret-do-not-print"
    /// The states a job reports on successive polls; the last one stays.
    public var jobStates = ["QUEUED", "PENDING", "FULFILLED"]
    public var resultsPageSize = 2
    /// Tokens stop working after this many API calls each (expiry mid-run).
    public var tokenLifetimeCalls = Int.max
    /// Requests to paths containing the key are answered 429 with `Retry-After: retryAfter` this many times.
    public var throttled: [String: Int] = [:]
    public var retryAfter = "0"
    public private(set) var tokenRequests = 0
    public private(set) var apiCalls: [String] = []
    public private(set) var retried: [String] = []
    private var callsPerToken: [String: Int] = [:]
    private var jobs: [String: (selected: [[String: JSONValue]], polls: Int)] = [:]

    public init(conversations: [[String: JSONValue]], dataAvailabilityDate: Date) {
        self.conversations = conversations
        self.dataAvailabilityDate = dataAvailabilityDate
    }

    public func configure(_ change: @Sendable (isolated FakeGenesys) -> Void) { change(self) }

    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        LoopbackServer.json(
            JSONValue.object(["message": .string(message), "code": .string("bad.request"), "status": .integer(Int64(status.code))]).jsonText,
            status: status)
    }

    func token(authorization: String, body: String) -> Response {
        tokenRequests += 1
        let expected = "Basic " + Data("\(clientId):\(clientSecret)".utf8).base64EncodedString()
        guard body == "grant_type=client_credentials" else { return Self.error(.badRequest, "unsupported grant type") }
        guard authorization == expected else { return LoopbackServer.json(#"{"error":"invalid_client"}"#, status: .unauthorized) }
        return LoopbackServer.json(#"{"access_token":"gtok-\#(tokenRequests)","token_type":"bearer","expires_in":86399}"#)
    }

    func api(_ method: String, path: String, query: String, authorization: String?, body: JSONValue?) -> Response {
        apiCalls.append("\(method) \(path)" + (query.isEmpty ? "" : "?" + query))
        let token = authorization?.replacingOccurrences(of: "Bearer ", with: "") ?? ""
        callsPerToken[token, default: 0] += 1
        guard token.hasPrefix("gtok-"), callsPerToken[token]! <= tokenLifetimeCalls else { return Self.error(.unauthorized, "token expired") }
        if let key = throttled.keys.first(where: { path.contains($0) && throttled[$0]! > 0 }) {
            throttled[key]! -= 1
            retried.append(path)
            return Response(status: .tooManyRequests, headers: [.retryAfter: retryAfter])
        }
        let analytics = "/api/v2/analytics/conversations/details"
        switch (method, path) {
        case ("GET", analytics + "/jobs/availability"):
            return LoopbackServer.json(#"{"dataAvailabilityDate":"\#(Timestamps.format(dataAvailabilityDate))"}"#)
        case ("POST", analytics + "/jobs"): return createJob(body)
        case ("POST", analytics + "/query"): return detailsQuery(body)
        case ("GET", _) where path.hasPrefix(analytics + "/jobs/"):
            let parts = path.dropFirst((analytics + "/jobs/").count).split(separator: "/").map(String.init)
            return parts.count == 2 && parts[1] == "results" ? results(parts[0], query: query) : jobStatus(parts[0])
        case ("GET", _) where path.hasPrefix("/api/v2/conversations/"):
            return liveConversation(String(path.dropFirst("/api/v2/conversations/".count)))
        default: return Self.error(.notFound, "no route \(method) \(path)")
        }
    }

    /// `start/end` as ISO 8601, start before end.
    static func interval(_ body: JSONValue?) -> (Date, Date)? {
        let parts = body?["interval"]?.stringValue?.split(separator: "/").map(String.init) ?? []
        guard parts.count == 2, let start = Timestamps.parseISO8601(parts[0]), let end = Timestamps.parseISO8601(parts[1]), start < end else {
            return nil
        }
        return (start, end)
    }

    static func span(_ conversation: [String: JSONValue]) -> (start: Date, last: Date)? {
        guard let record = try? GenesysDocumentReader.conversation(conversation), let start = record.startedAt else { return nil }
        return (start, record.lastActivityAt ?? start)
    }

    func createJob(_ body: JSONValue?) -> Response {
        guard let (start, end) = Self.interval(body) else { return Self.error(.badRequest, "interval is required: start/end in ISO 8601") }
        // "All conversations that had activity during the interval", held by the data lake.
        let selected = conversations.filter { record in
            guard let span = Self.span(record) else { return false }
            return span.start < end && span.last >= start && span.start < dataAvailabilityDate
        }
        let id = "job-\(jobs.count + 1)"
        jobs[id] = (selected, 0)
        return LoopbackServer.json(#"{"jobId":"\#(id)"}"#, status: .accepted)
    }

    func jobStatus(_ id: String) -> Response {
        guard let job = jobs[id] else { return Self.error(.notFound, "no job \(id)") }
        let state = jobStates[min(job.polls, jobStates.count - 1)]
        jobs[id]?.polls += 1
        let message = state == "FAILED" ? #","errorMessage":"the analytics service failed""# : ""
        return LoopbackServer.json(#"{"state":"\#(state)"\#(message)}"#)
    }

    func results(_ id: String, query: String) -> Response {
        guard let job = jobs[id] else { return Self.error(.notFound, "no job \(id)") }
        guard jobStates[min(max(job.polls - 1, 0), jobStates.count - 1)] == "FULFILLED", job.polls > 0 else {
            return Self.error(.badRequest, "job \(id) is not fulfilled")
        }
        let parameters = Self.parameters(query)
        let size = min(Int(parameters["pageSize"] ?? "") ?? resultsPageSize, resultsPageSize)
        let offset = parameters["cursor"].flatMap { Int($0.dropFirst("after-".count)) } ?? 0
        let page = Array(job.selected.dropFirst(offset).prefix(size))
        var answer: [String: JSONValue] = [
            "conversations": .array(page.map(JSONValue.object)), "dataAvailabilityDate": .string(Timestamps.format(dataAvailabilityDate)),
        ]
        if offset + size < job.selected.count { answer["cursor"] = .string("after-\(offset + size)") }
        return LoopbackServer.json(JSONValue.object(answer).jsonText)
    }

    func detailsQuery(_ body: JSONValue?) -> Response {
        guard let (start, end) = Self.interval(body) else { return Self.error(.badRequest, "interval is required: start/end in ISO 8601") }
        let size = body?["paging"]?["pageSize"]?.scalarText.flatMap(Int.init) ?? 25
        let number = body?["paging"]?["pageNumber"]?.scalarText.flatMap(Int.init) ?? 1
        guard (1...100).contains(size), number >= 1 else { return Self.error(.badRequest, "paging: pageSize 1 to 100, pageNumber from 1") }
        // "Started on a day touched by the interval AND any activity during the interval", ordered by start.
        let day = { (date: Date) in Timestamps.format(date).prefix(10) }
        let days = Set([day(start), day(end)])
        let selected = conversations.compactMap { record -> (Date, [String: JSONValue])? in
            guard let span = Self.span(record), days.contains(day(span.start)), span.start < end, span.last >= start else { return nil }
            return (span.start, record)
        }.sorted { $0.0 < $1.0 }.map { Self.withoutAttributes($0.1) }
        let page = selected.dropFirst((number - 1) * size).prefix(size)
        return LoopbackServer.json(
            JSONValue.object(["conversations": .array(page.map(JSONValue.object)), "totalHits": .integer(Int64(selected.count))]).jsonText)
    }

    /// A record as the query and the single-conversation details give it: without participants' attributes.
    public static func withoutAttributes(_ record: [String: JSONValue]) -> [String: JSONValue] {
        var record = record
        record["participants"] = .array(
            (record["participants"]?.arrayValue ?? []).map { participant in
                guard case .object(var fields) = participant else { return participant }
                fields["attributes"] = nil
                return .object(fields)
            })
        return record
    }

    /// `GET /api/v2/conversations/{id}`: Conversation, whose participants carry `id` and `attributes`.
    func liveConversation(_ id: String) -> Response {
        guard let record = conversations.first(where: { $0["conversationId"]?.stringValue == id }) else {
            return Self.error(.notFound, "conversation \(id) not found")
        }
        let participants = (record["participants"]?.arrayValue ?? []).map { participant -> JSONValue in
            .object([
                "id": participant["participantId"] ?? .null, "purpose": participant["purpose"] ?? .null,
                "attributes": participant["attributes"] ?? .object([:]),
            ])
        }
        return LoopbackServer.json(
            JSONValue.object(["id": .string(id), "startTime": record["conversationStart"] ?? .null, "participants": .array(participants)]).jsonText)
    }

    static func parameters(_ query: String) -> [String: String] {
        Dictionary(
            query.split(separator: "&").map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
                return (parts[0], parts.count > 1 ? parts[1] : "")
            }, uniquingKeysWith: { first, _ in first })
    }

    /// Serves the fake on a port the OS picks, runs `body` with its base URL (login and API alike), then stops it.
    public func serve<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        let router = Router()
        let fake = self
        router.post("/oauth/token") { request, _ in
            let body = String(buffer: try await request.body.collect(upTo: 4096))
            return await fake.token(authorization: request.headers[.authorization] ?? "", body: body)
        }
        for method in [HTTPRequest.Method.get, .post] {
            router.on("/api/v2/**", method: method) { request, _ in
                let bytes = try await request.body.collect(upTo: 1 << 20)
                let json = bytes.readableBytes == 0 ? nil : try? BodyDecoder().decodeJSON(Array(buffer: bytes))
                return await fake.api(
                    method.rawValue, path: request.uri.path, query: request.uri.query ?? "", authorization: request.headers[.authorization],
                    body: json)
            }
        }
        return try await LoopbackServer.serve(router, body)
    }
}
