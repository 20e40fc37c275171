import HandoverCore
import HandoverStore
import Hummingbird
import Metrics

/// `POST /v1/handovers` records and judges the payload a flow is about to send to CXone; `POST /v1/validate` only
/// judges it. `GET /v1/handovers?sessionId=` reads attempts back.
struct HandoverController<Context: RequestContext> {
    let store: any IngestStore
    let maxBodyBytes: Int
    let redactor: Redactor?
    let feed: LiveFeed
    let ingestTimer: Timer

    func addRoutes(to router: Router<Context>) {
        router.on(Routes.postHandover, use: create)
        router.on(Routes.listHandovers, use: list)
        router.on(Routes.validate, use: validateOnly)
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        let strict = try request.isStrict()
        let ingest = try await IngestRequest.read(request, maxBodyBytes: maxBodyBytes, redactor: redactor)
        let attempt = try HandoverAttempt.parse(ingest.fields)
        let verdict = PayloadValidator.validate(attempt)
        let outcome = try await store.record(attempt, verdict: verdict, ingest.envelope)
        ingestTimer.record(duration: ContinuousClock.now - started)
        context.logger.debug(
            "handover attempt stored",
            metadata: [
                "sessionId": "\(attempt.sessionId ?? "-")", "valid": "\(verdict.valid)", "outcome": "\(outcome)",
            ])
        let (id, receivedAt, status) = try RecordAnswer.resolve(outcome)
        if status == .created {
            feed.publish(
                .init(
                    kind: "handover", sessionId: attempt.sessionId ?? "(none)", receivedAt: Timestamps.format(receivedAt),
                    detail: verdict.valid ? "valid" : verdict.errors.map(\.code.rawValue).joined(separator: ", ")))
        }
        let answer = VerdictAnswer(
            verdict, attempt: attempt, id: id, receivedAt: Timestamps.format(receivedAt), duplicate: status == .ok)
        return try respond(answer, status: status, strict: strict, request: request, context: context)
    }

    @Sendable func validateOnly(_ request: Request, context: Context) async throws -> Response {
        let strict = try request.isStrict()
        let ingest = try await IngestRequest.read(request, maxBodyBytes: maxBodyBytes, redactor: redactor)
        let attempt = try HandoverAttempt.parse(ingest.fields)
        let answer = VerdictAnswer(PayloadValidator.validate(attempt), attempt: attempt)
        return try respond(answer, status: .ok, strict: strict, request: request, context: context)
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let query = try SessionQuery(request)
        let records = try await store.handoverAttempts(sessionId: query.sessionId, limit: query.limit)
        return try JSONResponse(["handovers": records.map(HandoverAttemptView.init)]).response(from: request, context: context)
    }

    private func respond(
        _ answer: VerdictAnswer, status: HTTPResponse.Status, strict: Bool, request: Request, context: Context
    ) throws -> Response {
        let status = strict && !answer.valid ? .unprocessableContent : status
        return try JSONResponse(answer.json, status: status).response(from: request, context: context)
    }
}
