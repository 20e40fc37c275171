import HandoverStore
import Hummingbird

/// `GET /health` (checks the database) and `GET /metrics` (Prometheus text).
struct OperationsController<Context: RequestContext> {
    let store: any IngestStore
    let telemetry: Telemetry

    func addRoutes(to router: Router<Context>) {
        router.on(Routes.health, use: health)
        router.on(Routes.metrics, use: metrics)
    }

    @Sendable func health(_ request: Request, context: Context) async throws -> Response {
        do {
            try await store.checkHealth()
        } catch {
            throw StoreUnavailable("health check failed: \(error)")
        }
        return try JSONResponse(["status": "ok"]).response(from: request, context: context)
    }

    @Sendable func metrics(_ request: Request, context: Context) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: telemetry.emit())))
    }
}
