import HandoverCore
import Metrics

/// Operational figures of the write path, recorded through swift-metrics.
public struct StoreMetrics: Sendable {
    package let batchSize: Recorder
    package let commitDuration: Timer
    package let rowsStored: Counter
    package let failedBatches: Counter

    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        batchSize = Recorder(label: "handover_trace_commit_batch_size", aggregate: true, factory: factory)
        commitDuration = Timer(label: "handover_trace_commit_duration_seconds", factory: factory)
        rowsStored = Counter(label: "handover_trace_rows_stored_total", factory: factory)
        failedBatches = Counter(label: "handover_trace_failed_batches_total", factory: factory)
    }

    package func recordBatch(size: Int, duration: Duration, results: [Result<InsertOutcome, any Error>]) {
        batchSize.record(size)
        commitDuration.recordNanoseconds(duration.nanoseconds)
        let created = results.filter { if case .success(.created) = $0 { return true } else { return false } }.count
        rowsStored.increment(by: created)
    }
}
