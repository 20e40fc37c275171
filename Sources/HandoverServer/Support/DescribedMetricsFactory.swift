import Foundation
import Metrics
import Prometheus

/// swift-metrics into the Prometheus registry, as swift-prometheus's own factory does, but with every family's
/// `# HELP` line and the names Prometheus expects (counters end in `_total`, durations in `_seconds`).
/// Hummingbird's metrics middleware names its families `hb_requests`, `hb_request_errors` and
/// `http_server_request_duration`; they are renamed here, once, and listed in docs/operations.md.
public struct DescribedMetricsFactory: MetricsFactory {
    let base: PrometheusMetricsFactory

    init(base: PrometheusMetricsFactory) { self.base = base }

    /// By the labels the middleware gives (dotted, as OpenTelemetry spells them).
    static let renamed = [
        "hb.requests": "hb_requests_total", "hb.request.errors": "hb_request_errors_total",
        "http.server.request.duration": "http_server_request_duration_seconds",
    ]

    /// Every family the server exposes through swift-metrics, with what it counts. A family missing here is
    /// exposed without help, which `promtool check metrics` reports (the conformance check fails on it).
    static let help = [
        "hb_requests_total": "HTTP requests answered, by route, method and status.",
        "hb_request_errors_total": "HTTP requests answered with an error (4xx or 5xx), by route, method and status.",
        "http_server_request_duration_seconds": "Time from a request's arrival to its answer, by route, method and status.",
        "http_server_active_requests": "HTTP requests being handled now, by method.",
        "handover_trace_ingest_duration_seconds": "Time from a webhook's arrival to the commit of its record, by route.",
        "handover_trace_commit_batch_size": "Records committed together in one transaction (group commit).",
        "handover_trace_commit_duration_seconds": "Time one group commit took.",
        "handover_trace_rows_stored_total": "Snapshots and handover attempts committed.",
        "handover_trace_failed_batches_total": "Group commits that failed; their requests were answered 503.",
        "handover_trace_auth_failures_total": "Requests refused for a missing or wrong key, cookie or signature, by reason.",
        "handover_trace_auth_lockouts_total": "Client addresses answered 429 after too many failed authentications.",
    ]

    private func described(_ label: String, _ dimensions: [(String, String)]) -> (String, [(String, String)], String) {
        let (label, dimensions) = base.nameAndLabelSanitizer(label, dimensions)
        // The registry turns dots into underscores too; done here first so the help is found by the final name.
        let name = Self.renamed[label] ?? label.replacingOccurrences(of: ".", with: "_")
        return (name, dimensions, Self.help[name] ?? "")
    }

    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        let (name, labels, help) = described(label, dimensions)
        return base.registry.makeCounter(descriptor: .named(name, help: help), labels: labels)
    }

    public func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        let (name, labels, help) = described(label, dimensions)
        return base.registry.makeCounter(descriptor: .named(name, help: help), labels: labels)
    }

    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        let (name, labels, help) = described(label, dimensions)
        guard aggregate else { return base.registry.makeGauge(descriptor: .named(name, help: help), labels: labels) }
        let buckets = base.valueHistogramBuckets[name] ?? base.defaultValueHistogramBuckets
        return base.registry.makeValueHistogram(descriptor: .named(name, help: help), labels: labels, buckets: buckets)
    }

    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        let (name, labels, help) = described(label, dimensions)
        return base.registry.makeGauge(descriptor: .named(name, help: help), labels: labels)
    }

    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        let (name, labels, help) = described(label, dimensions)
        let buckets = base.durationHistogramBuckets[name] ?? base.defaultDurationHistogramBuckets
        return base.registry.makeDurationHistogram(descriptor: .named(name, help: help), labels: labels, buckets: buckets)
    }

    public func destroyCounter(_ handler: any CounterHandler) { base.destroyCounter(handler) }
    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) { base.destroyFloatingPointCounter(handler) }
    public func destroyRecorder(_ handler: any RecorderHandler) { base.destroyRecorder(handler) }
    public func destroyMeter(_ handler: any MeterHandler) { base.destroyMeter(handler) }
    public func destroyTimer(_ handler: any TimerHandler) { base.destroyTimer(handler) }
}

extension MetricNameDescriptor {
    /// A family by its whole name as exposed, which already ends in its unit where it has one (`_seconds`, `_total`).
    static func named(_ name: String, help: String) -> Self { .init(metricName: name, unitName: "", helpText: help) }
}
