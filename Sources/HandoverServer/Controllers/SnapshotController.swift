import Foundation
import HandoverCore
import HandoverStore
import Hummingbird
import Metrics

/// `POST /v1/snapshots` records what the bot knows at one step; `GET /v1/snapshots?sessionId=` reads them back.
struct SnapshotController<Context: RequestContext> {
    let store: any IngestStore
    let maxBodyBytes: Int
    let redactor: Redactor?
    let feed: LiveFeed
    let ingestTimer: Timer

    func addRoutes(to router: Router<Context>) {
        router.on(Routes.postSnapshot, use: create)
        router.on(Routes.listSnapshots, use: list)
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        let ingest = try await IngestRequest.read(request, maxBodyBytes: maxBodyBytes, redactor: redactor)
        var snapshot = try Snapshot.parse(ingest.fields)
        snapshot.hashedCallerKey = ingest.hashedCallerKey
        let outcome = try await store.record(snapshot, ingest.envelope)
        ingestTimer.record(duration: ContinuousClock.now - started)
        context.logger.debug("snapshot stored", metadata: ["sessionId": "\(snapshot.sessionId)", "outcome": "\(outcome)"])
        let (id, receivedAt, status) = try RecordAnswer.resolve(outcome)
        if status == .created {
            feed.publish(
                .init(
                    kind: "snapshot", sessionId: snapshot.sessionId, receivedAt: Timestamps.format(receivedAt),
                    detail: [snapshot.label, snapshot.intent].compactMap { $0 }.joined(separator: " · ")))
        }
        let body = SnapshotAnswer(
            id: id, sessionId: snapshot.sessionId, receivedAt: Timestamps.format(receivedAt),
            warnings: snapshot.warnings, duplicate: status == .ok ? true : nil)
        return try JSONResponse(body.json, status: status).response(from: request, context: context)
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let query = try SessionQuery(request)
        let records = try await store.snapshots(sessionId: query.sessionId, limit: query.limit)
        return try JSONResponse(["snapshots": records.map(SnapshotView.init)]).response(from: request, context: context)
    }
}

/// What a stored snapshot is answered with; `duplicate` only when the snapshot had been stored before.
struct SnapshotAnswer {
    let id: Int64
    let sessionId: String
    let receivedAt: String
    let warnings: [ValidationIssue]
    let duplicate: Bool?

    var json: JSONValue {
        var members: [String: JSONValue] = [
            "id": .integer(id), "sessionId": .string(sessionId), "receivedAt": .string(receivedAt), "warnings": .array(warnings.map(\.json)),
        ]
        if let duplicate { members["duplicate"] = .bool(duplicate) }
        return .object(members)
    }
}

/// Maps what the store did to an id, a receive time and the status that says it.
enum RecordAnswer {
    static func resolve(_ outcome: InsertOutcome) throws -> (id: Int64, receivedAt: Date, status: HTTPResponse.Status) {
        switch outcome {
        case .created(let id, let receivedAt): return (id, receivedAt, .created)
        case .duplicate(let id, let receivedAt): return (id, receivedAt, .ok)
        case .conflict(let id):
            throw APIError(
                .conflict, code: "IDEMPOTENCY_CONFLICT",
                message: "This Idempotency-Key was first used for record \(id) with a different body; use a new key for a new record.")
        }
    }
}

/// `?sessionId=...&limit=...` for the read endpoints.
struct SessionQuery {
    static let maxLimit = 1_000
    let sessionId: String
    let limit: Int

    init(_ request: Request) throws {
        let parameters = try request.queryParameters()
        guard let sessionId = parameters["sessionId"].map(String.init), !sessionId.isEmpty else {
            throw InputError(.missingSessionId, "Add ?sessionId=<bot session id> to the URL.")
        }
        guard !ControlCharacters.contained(in: sessionId) else {
            throw InputError(.invalidField, "sessionId contains a control character (such as NUL or a line break); a session id never does.")
        }
        let limitText = parameters["limit"].map(String.init)
        guard let limit = limitText.map({ Int($0) }) ?? Self.maxLimit, (1...Self.maxLimit).contains(limit) else {
            throw InputError(.invalidField, "limit must be a whole number from 1 to \(Self.maxLimit).")
        }
        self.sessionId = sessionId
        self.limit = limit
    }
}
