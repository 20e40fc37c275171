import HandoverStore
import Metrics
import Prometheus

/// The server's metrics, kept in one Prometheus registry that `/metrics` prints.
public struct Telemetry: Sendable {
    public let registry: PrometheusCollectorRegistry
    public let factory: DescribedMetricsFactory
    /// Figures for alerting rules, from the stored diagnoses.
    public let alerting: AlertingGauges

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets["handover_trace_ingest_duration_seconds"] = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1), .seconds(8),
        ]
        factory.valueHistogramBuckets["handover_trace_commit_batch_size"] = [1, 2, 4, 8, 16, 32, 64, 128, 256]
        self.factory = DescribedMetricsFactory(base: factory)
        alerting = AlertingGauges(registry: registry)
    }

    public var storeMetrics: StoreMetrics { StoreMetrics(factory: factory) }

    /// Time from the request's arrival to its commit, per route.
    func ingestTimer(route: String) -> Timer {
        Timer(label: "handover_trace_ingest_duration_seconds", dimensions: [("route", route)], factory: factory)
    }

    func emit() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
