import HandoverCore

/// Columns a migration adds to a record's table whose values HandoverCore decides: rows stored before it are filled in
/// by each backend right after the migration, in its transaction, through the same rule ingest now applies.
package struct ColumnBackfill: Sendable {
    package let migration: String
    package let table: String
    /// The stored column the values are worked out from.
    let source: String
    /// A cheap filter on the rows that can have values, before any is parsed.
    let candidates: String
    let targets: [String]
    /// The target columns' values for a stored source value, or nil when there are none.
    package let values: @Sendable (String?) -> [ColumnValue]?

    package static func after(_ migration: String) -> ColumnBackfill? { all.first { $0.migration == migration } }

    package static let all = [handoverReport, callerKey, transferEvent, outcomeDetail]

    /// 0007: what the context reports about a handover (HandoverReport). Only a context that mentions one can hold it.
    static let handoverReport = ColumnBackfill(
        migration: "0007_snapshot_handover_report", table: "snapshot", source: "context_json", candidates: "context_json LIKE '%andover%'",
        targets: ["handover_report", "handover_failed", "handover_stage", "handover_error"]
    ) { json in
        guard let json, let context = try? BodyDecoder().decodeJSON(Array(json.utf8)), let report = HandoverReport.read(context) else {
            return nil
        }
        return [.text(report.source.rawValue), .integer(report.failed ? 1 : 0), ColumnValue(report.stage), ColumnValue(report.error)]
    }

    /// 0012: the caller's number as the caller-and-time join compares it (CallerKey).
    static let callerKey = ColumnBackfill(
        migration: "0012_snapshot_caller_key", table: "snapshot", source: "user_id", candidates: "user_id IS NOT NULL", targets: ["caller_key"]
    ) { userId in CallerKey.key(userId).map { [.text($0)] } }

    /// 0014: the Voice Gateway transfer outcome in the data (TransferEvent). Only data that names an event can hold one.
    static let transferEvent = ColumnBackfill(
        migration: "0014_snapshot_transfer_event", table: "snapshot", source: "data_json", candidates: "data_json LIKE '%event%'",
        targets: ["transfer_event", "transfer_sip_status", "transfer_sip_reason"]
    ) { json in
        guard let json, let data = try? BodyDecoder().decodeJSON(Array(json.utf8)), let event = TransferEvent.read(data) else { return nil }
        return [.text(event.name), ColumnValue(event.sipStatus.map(Int64.init)), ColumnValue(event.sipReason)]
    }

    /// 0015: the stage and the error an attempt's reported outcome names (HandoverOutcome.detail).
    static let outcomeDetail = ColumnBackfill(
        migration: "0015_attempt_outcome_detail", table: "handover_attempt", source: "outcome_json", candidates: "outcome_json IS NOT NULL",
        targets: ["outcome_stage", "outcome_error"]
    ) { json in
        guard let json, let outcome = try? BodyDecoder().decodeJSON(Array(json.utf8)) else { return nil }
        let detail = HandoverOutcome.detail(outcome)
        return detail == HandoverOutcome.Detail() ? nil : [ColumnValue(detail.stage), ColumnValue(detail.error)]
    }

    /// Every candidate row's id and source value (SQLite reads them at once, in its one transaction).
    package var selectAll: String { "SELECT id, \(source) FROM \(table) WHERE \(candidates)" }

    /// A page of candidates after the id bound to the first placeholder.
    package func selectPage(_ dialect: any SQLDialect, size: Int) -> String {
        "SELECT id, \(source) FROM \(table) WHERE id > \(dialect.placeholder(1)) AND \(candidates) ORDER BY id LIMIT \(size)"
    }

    /// The UPDATE of one row: the targets' values, then the id.
    package func update(_ dialect: any SQLDialect) -> String {
        let assignments = targets.enumerated().map { "\($1) = \(dialect.placeholder($0 + 1))" }
        return "UPDATE \(table) SET \(assignments.joined(separator: ", ")) WHERE id = \(dialect.placeholder(targets.count + 1))"
    }
}
