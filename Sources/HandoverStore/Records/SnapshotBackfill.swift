import HandoverCore

/// Migration 0007 adds the snapshot's handover-report columns; rows stored before it are filled in by each backend
/// right after the migration, in its transaction, through the same rule ingest now applies (HandoverReport).
package enum HandoverReportBackfill {
    package static let migration = "0007_snapshot_handover_report"
    /// Only a context that mentions a handover can hold a report: a cheap filter before the JSON is parsed.
    package static let candidates = "context_json LIKE '%andover%'"

    /// The UPDATE of one row: the four columns' values, then the id.
    package static func update(_ dialect: any SQLDialect) -> String {
        let value = dialect.placeholder
        return "UPDATE snapshot SET handover_report = \(value(1)), handover_failed = \(value(2)), handover_stage = \(value(3)), "
            + "handover_error = \(value(4)) WHERE id = \(value(5))"
    }

    /// The four columns' values for a stored context, or nil when it reports no handover.
    package static func columns(context json: String?) -> [ColumnValue]? {
        guard let json, let context = try? BodyDecoder().decodeJSON(Array(json.utf8)), let report = HandoverReport.read(context) else {
            return nil
        }
        return [.text(report.source.rawValue), .integer(report.failed ? 1 : 0), ColumnValue(report.stage), ColumnValue(report.error)]
    }
}
