import Dispatch
import Hummingbird
import Metrics
import Synchronization

/// Hummingbird's `MetricsMiddleware` (the same families, labels and measurements) without its cost to every answer:
/// it wraps each body in a hook that runs once the body is written, and a wrapped body is no longer one buffer, so
/// the framework writes head, body and end separately instead of in one batch. Here an answer whose length is known
/// (held in memory) is counted when it is handed to the connection, and only a stream (the live feed, a report) is
/// wrapped and counted after its last byte.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    private let handles: RequestMetricHandles

    init(factory: any MetricsFactory) {
        handles = RequestMetricHandles(factory: factory)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        let active = handles.active(request.method)
        active.increment()
        do {
            var response = try await next(request, context)
            let route = handles.route(context.endpointPath ?? "Unknown", request.method, response.status)
            let answered: @Sendable () -> Void = {
                route.requests.increment()
                route.duration.recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - start))
                active.decrement()
            }
            if response.body.contentLength != nil { answered() } else { response.body = response.body.afterWriting(answered) }
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status ?? .internalServerError
            let route = handles.route(context.endpointPath ?? "NotFound", request.method, status)
            route.requests.increment()
            route.errors.increment()
            active.decrement()
            throw error
        }
    }
}

extension ResponseBody {
    /// The same body, calling `done` once it is written or has failed.
    fileprivate func afterWriting(_ done: @escaping @Sendable () -> Void) -> ResponseBody {
        ResponseBody(contentLength: contentLength) { writer in
            defer { done() }
            try await self.write(writer)
        }
    }
}

/// The metric handles, made once per method and per route, method and status: making one looks up the registry.
/// Labels as Hummingbird's middleware gives them (OpenTelemetry's names), so dashboards read either.
final class RequestMetricHandles: Sendable {
    struct Route: Sendable {
        let requests: Counter
        let duration: Timer
        let errors: Counter
    }

    private struct RouteKey: Hashable {
        let path: String
        let method: HTTPRequest.Method
        let status: Int
    }

    private let factory: any MetricsFactory
    private let routes = Mutex<[RouteKey: Route]>([:])
    private let methods = Mutex<[HTTPRequest.Method: Meter]>([:])

    init(factory: any MetricsFactory) { self.factory = factory }

    func active(_ method: HTTPRequest.Method) -> Meter {
        methods.withLock { made in
            if let meter = made[method] { return meter }
            let meter = Meter(label: "http.server.active_requests", dimensions: [("http.request.method", method.description)], factory: factory)
            made[method] = meter
            return meter
        }
    }

    func route(_ path: String, _ method: HTTPRequest.Method, _ status: HTTPResponse.Status) -> Route {
        routes.withLock { made in
            let key = RouteKey(path: path, method: method, status: status.code)
            if let route = made[key] { return route }
            let labels = [("http.route", path), ("http.request.method", method.description)]
            let code = status.code.description
            let route = Route(
                requests: Counter(label: "hb.requests", dimensions: labels + [("http.response.status_code", code)], factory: factory),
                duration: Timer(
                    label: "http.server.request.duration", dimensions: labels + [("http.response.status_code", code)],
                    preferredDisplayUnit: .seconds, factory: factory),
                errors: Counter(label: "hb.request.errors", dimensions: labels + [("error.type", code)], factory: factory))
            made[key] = route
            return route
        }
    }
}
