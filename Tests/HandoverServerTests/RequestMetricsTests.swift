import Foundation
import Hummingbird
import HummingbirdTesting
import Metrics
import Testing

@testable import HandoverServer

/// The server's request metrics middleware records what Hummingbird's own `MetricsMiddleware` does: the same
/// families, labels, counts and gauges, for answers held in memory, streamed answers, errors and unknown paths.
@Suite("Request metrics: what Hummingbird's middleware records, without its cost")
struct RequestMetricsTests {
    /// Hummingbird's middleware writes through swift-metrics' global system, bootstrapped here once for the test
    /// process; nothing else in the server writes there, and this suite's routes are its own.
    static let global: Telemetry = {
        let telemetry = Telemetry()
        MetricsSystem.bootstrap(telemetry.factory)
        return telemetry
    }()

    struct Broken: Error {}

    static func router(_ middleware: some RouterMiddleware<BasicRequestContext>) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: middleware)
        router.post("/metrics-check/:id") { _, _ in Response(status: .created, body: .init(byteBuffer: ByteBuffer(string: "{}"))) }
        router.get("/metrics-check/stream") { _, _ in
            Response(
                status: .ok,
                body: ResponseBody { writer in
                    try await writer.write(ByteBuffer(string: "first "))
                    try await writer.write(ByteBuffer(string: "second"))
                    try await writer.finish(nil)
                })
        }
        router.get("/metrics-check/refused") { _, _ -> Response in throw HTTPError(.badRequest) }
        router.get("/metrics-check/broken") { _, _ -> Response in throw Broken() }
        return router
    }

    static func exercise(_ router: Router<BasicRequestContext>) async throws {
        try await Application(router: router).test(.router) { client in
            for id in ["1", "2"] { #expect(try await client.execute(uri: "/metrics-check/\(id)", method: .post).status == .created) }
            let streamed = try await client.execute(uri: "/metrics-check/stream", method: .get)
            #expect(String(buffer: streamed.body) == "first second")
            #expect(try await client.execute(uri: "/metrics-check/refused", method: .get).status == .badRequest)
            #expect(try await client.execute(uri: "/metrics-check/broken", method: .get).status == .internalServerError)
            #expect(try await client.execute(uri: "/metrics-check-nowhere", method: .get).status == .notFound)
        }
    }

    /// The request families' samples, sorted, without those that depend on timing (histogram buckets and sums).
    static func samples(_ telemetry: Telemetry) -> [String] {
        String(decoding: telemetry.emit(), as: UTF8.self).split(separator: "\n").map(String.init)
            .filter { ($0.hasPrefix("hb_") || $0.hasPrefix("http_server_")) && !$0.contains("_bucket{") && !$0.contains("_sum{") }
            .sorted()
    }

    @Test func recordsWhatHummingbirdsMiddlewareRecords() async throws {
        let global = Self.global  // bootstrapped before Hummingbird's middleware makes its metrics
        try await Self.exercise(Self.router(MetricsMiddleware()))
        let ours = Telemetry()
        try await Self.exercise(Self.router(RequestMetricsMiddleware(factory: ours.factory)))
        let expected = Self.samples(global)
        let recorded = Self.samples(ours)
        #expect(recorded == expected)
        let route = #"http_route="/metrics-check/{id}",http_request_method="POST",http_response_status_code="201""#
        #expect(expected.contains("hb_requests_total{\(route)} 2"), "\(expected)")
        #expect(expected.contains("http_server_request_duration_seconds_count{\(route)} 2"))
        #expect(expected.contains { $0.hasPrefix(#"hb_requests_total{http_route="/metrics-check/stream""#) })
        #expect(expected.contains { $0.hasPrefix(#"hb_request_errors_total{http_route="NotFound",http_request_method="GET",error_type="404"}"#) })
        #expect(expected.contains { $0.hasPrefix(#"hb_request_errors_total{http_route="/metrics-check/broken""#) && $0.contains(#""500"} 1"#) })
        #expect(expected.contains(#"http_server_active_requests{http_request_method="GET"} 0.0"#), "every request ended")
    }
}
