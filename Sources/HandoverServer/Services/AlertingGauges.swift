import Foundation
import HandoverCore
import HandoverStore
import Prometheus

/// What alerting rules read: sessions by diagnosis code over recent windows, and when data last arrived. The figures
/// come from the stored diagnoses, so every replica sharing a database reports the same values: rules take `max`
/// over instances, never `sum`. Labels are bounded (code, failure, window): no session or contact ids.
public struct AlertingGauges: Sendable {
    /// The windows sessions are counted over, by their first event.
    static let windows: [(label: String, seconds: TimeInterval)] = [("15m", 900), ("1h", 3_600)]

    private let sessions: [String: Prometheus.Gauge]
    private let lastRecord: Prometheus.Gauge
    private let lastCXoneImport: Prometheus.Gauge
    private let lastCognigyImport: Prometheus.Gauge
    private let lastGenesysImport: Prometheus.Gauge
    private let refreshed: Prometheus.Gauge
    private let pending: [String: Prometheus.Gauge]
    private let sources: [HistorySource: SourceGauges]

    /// How far a source has been read and whether it is failing, from `source_position`.
    struct SourceGauges {
        let coveredUntil: Prometheus.Gauge
        let lastSuccess: Prometheus.Gauge
        let failingSince: Prometheus.Gauge

        init(_ source: HistorySource, registry: PrometheusCollectorRegistry) {
            let labels = [("source", source.rawValue)]
            coveredUntil = registry.makeGauge(
                descriptor: .named(
                    "handover_trace_source_covered_until_timestamp_seconds",
                    help: "Everything the source completed before this has been read (Unix time; 0 before the first fetch or import)."),
                labels: labels)
            lastSuccess = registry.makeGauge(
                descriptor: .named(
                    "handover_trace_source_last_success_timestamp_seconds",
                    help: "When the source's last successful fetch or import ended (Unix time; 0 before the first)."),
                labels: labels)
            failingSince = registry.makeGauge(
                descriptor: .named(
                    "handover_trace_source_failing_since_timestamp_seconds",
                    help: "When the source's current run of failed fetches began (Unix time); 0 while its last fetch succeeded."),
                labels: labels)
        }

        func set(_ status: SourceStatus) {
            coveredUntil.set(status.coveredUntil?.timeIntervalSince1970 ?? 0)
            lastSuccess.set(status.fetchedAt?.timeIntervalSince1970 ?? 0)
            failingSince.set(status.failingSince?.timeIntervalSince1970 ?? 0)
        }
    }

    init(registry: PrometheusCollectorRegistry) {
        var sessions: [String: Prometheus.Gauge] = [:]
        for code in DiagnosisCode.allCases {
            for window in Self.windows {
                sessions[Self.key(code, window.label)] = registry.makeGauge(
                    descriptor: .named(
                        "handover_trace_sessions",
                        help: "Sessions whose first event falls in the window, by their final stored diagnosis code (pending ones are not counted)."),
                    labels: [("code", code.rawValue), ("failure", code.entry.isFailure ? "true" : "false"), ("window", window.label)])
            }
        }
        self.sessions = sessions
        pending = Dictionary(
            uniqueKeysWithValues: Self.windows.map { window in
                (
                    window.label,
                    registry.makeGauge(
                        descriptor: .named(
                            "handover_trace_sessions_pending",
                            help:
                                "Sessions in the window whose diagnosis the other side's late data may still change; not in handover_trace_sessions."
                        ),
                        labels: [("window", window.label)])
                )
            })
        sources = Dictionary(uniqueKeysWithValues: HistorySource.allCases.map { ($0, SourceGauges($0, registry: registry)) })
        lastRecord = registry.makeGauge(
            descriptor: .named(
                "handover_trace_last_record_timestamp_seconds",
                help: "When the newest snapshot or handover attempt from a flow was received (Unix time; 0 before the first)."))
        lastCXoneImport = registry.makeGauge(
            descriptor: .named(
                "handover_trace_last_cxone_import_timestamp_seconds",
                help: "When CXone contact data last came in through import-cxone or fetch-cxone (Unix time; 0 before the first)."))
        lastCognigyImport = registry.makeGauge(
            descriptor: .named(
                "handover_trace_last_cognigy_import_timestamp_seconds",
                help: "When Cognigy's OData history last came in through import-cognigy or fetch-cognigy (Unix time; 0 before the first)."))
        lastGenesysImport = registry.makeGauge(
            descriptor: .named(
                "handover_trace_last_genesys_import_timestamp_seconds",
                help: "When Genesys Cloud's conversations last came in through import-genesys or fetch-genesys (Unix time; 0 before the first)."))
        refreshed = registry.makeGauge(
            descriptor: .named(
                "handover_trace_diagnoses_refreshed_timestamp_seconds",
                help: "When these figures were last read from the stored diagnoses (Unix time)."))
    }

    private static func key(_ code: DiagnosisCode, _ window: String) -> String { "\(code.rawValue) \(window)" }

    /// Reads the stored diagnoses and the newest arrivals; every code is set, so one that drops out of a window
    /// reads 0 rather than keeping its last value.
    func update(from store: any CorrelationStore, now: Date = Date()) async throws {
        for window in Self.windows {
            let overview = try await store.diagnosisOverview(since: now.addingTimeInterval(-window.seconds), recent: 0)
            for code in DiagnosisCode.allCases { sessions[Self.key(code, window.label)]?.set(Double(overview.counts[code] ?? 0)) }
            pending[window.label]?.set(Double(overview.pending.values.reduce(0, +)))
        }
        for status in try await store.sourceStatuses() { sources[status.source]?.set(status) }
        let activity = try await store.activity()
        lastRecord.set(activity.lastIngested?.timeIntervalSince1970 ?? 0)
        lastCXoneImport.set(activity.lastFetched?.timeIntervalSince1970 ?? 0)
        lastCognigyImport.set(activity.lastCognigyImport?.timeIntervalSince1970 ?? 0)
        lastGenesysImport.set(activity.lastGenesysImport?.timeIntervalSince1970 ?? 0)
        refreshed.set(now.timeIntervalSince1970)
    }
}
