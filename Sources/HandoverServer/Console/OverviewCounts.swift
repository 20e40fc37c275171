import HandoverCore
import HandoverStore

/// The overview's figures from the stored diagnoses: final ones by code, pending ones apart and never as failures.
struct OverviewCounts {
    var rows: [(code: DiagnosisCode, count: Int)]
    var total: Int
    var failures: Int
    var pending: Int
    var counts: [DiagnosisCode: Int]

    init(_ overview: DiagnosisOverview) {
        counts = overview.counts
        rows = DiagnosisCode.allCases.compactMap { code in overview.counts[code].map { (code, $0) } }
        pending = overview.pending.values.reduce(0, +)
        failures = overview.counts.filter { $0.key.entry.isFailure }.values.reduce(0, +)
        total = overview.counts.values.reduce(0, +) + pending
    }
}
