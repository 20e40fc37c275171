import Foundation
import HandoverCore
import HandoverStore
import Hummingbird

/// `GET /v1/sessions` (diagnosed sessions, newest first, filtered and paged), `GET /v1/sessions/{id}` (one session
/// by bot session id or contact id), `GET /v1/report` (the whole report, streamed, as `report` prints it) and
/// `GET /v1/codes` (the diagnosis catalogue).
struct SessionsController<Context: RequestContext> {
    let store: any CorrelationStore

    func addRoutes(to router: Router<Context>) {
        router.on(Routes.sessions, use: list)
        router.on(Routes.session, use: show)
        router.on(Routes.report, use: report)
        router.on(Routes.codes, use: codes)
    }

    @Sendable func codes(_ request: Request, context: Context) async throws -> Response {
        let entries = DiagnosisCatalogue.all.map(CodeView.init)
        return try JSONResponse(["codes": entries]).response(from: request, context: context)
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let query = try SessionListQuery(try request.queryParameters())
        let page = try await SessionSearch(store: store).page(query.search)
        return try JSONResponse(SessionPage(sessions: page.reports, nextCursor: page.nextCursor, diagnosesPending: page.diagnosesPending)).response(
            from: request, context: context)
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.requireDecoded("id")
        guard let session = try await store.session(matching: id) else {
            throw APIError(
                .notFound, code: "SESSION_NOT_FOUND",
                message: "No bot session or contact \(id): check the id, or import CXone data and record the flow first.")
        }
        let report = SessionReport(session, settlement: try await store.settlement())
        return try JSONResponse(report).response(from: request, context: context)
    }

    @Sendable func report(_ request: Request, context: Context) async throws -> Response {
        let query = try SessionListQuery(try request.queryParameters())
        let format = try query.format()
        let writer = ReportWriter(format: format, diagnoses: query.diagnoses)
        let store = self.store
        let body = ResponseBody { output in
            _ = try await writer.write(from: store, filter: query.filter) { try await output.write(ByteBuffer(bytes: $0)) }
            try await output.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: format.mediaType], body: body)
    }
}

struct SessionPage: Encodable {
    let sessions: [SessionReport]
    let nextCursor: String?
    let diagnosesPending: Bool
}

extension ReportFormat {
    var mediaType: String {
        switch self {
        case .text: return "text/plain; charset=utf-8"
        case .json: return "application/json; charset=utf-8"
        case .csv: return "text/csv; charset=utf-8"
        case .md: return "text/markdown; charset=utf-8"
        case .html: return "text/html; charset=utf-8"
        }
    }
}

/// One catalogue entry as `GET /v1/codes` answers it: `failure` is a JSON boolean.
struct CodeView: Encodable {
    let code: String
    let failure: Bool
    let meaning: String
    let evidence: String
    let action: String

    init(_ entry: DiagnosisCatalogue.Entry) {
        code = entry.code.rawValue
        failure = entry.isFailure
        meaning = entry.meaning
        evidence = entry.evidence
        action = entry.action
    }
}
