import Foundation
import HandoverCore
import HandoverStore
import PostgresNIO

extension PostgresStore: IngestStore {
    public func record(_ snapshot: Snapshot, _ envelope: IngestEnvelope) async throws -> InsertOutcome {
        try await writer.submit(Self.insert(SnapshotRecord(snapshot, envelope), key: envelope.idempotencyKey))
    }

    public func record(_ attempt: HandoverAttempt, verdict: HandoverVerdict, _ envelope: IngestEnvelope) async throws -> InsertOutcome {
        try await writer.submit(Self.insert(HandoverAttemptRecord(attempt, verdict, envelope), key: envelope.idempotencyKey))
    }

    public func snapshots(sessionId: String, limit: Int) async throws -> [SnapshotRecord] {
        try await rows(
            "SELECT \(Self.snapshotColumns.joined(separator: ", ")) FROM snapshot WHERE session_id = $1 ORDER BY received_at_ms, id LIMIT $2",
            [sessionId, limit]
        ).map(Self.snapshotRecord)
    }

    public func handoverAttempts(sessionId: String, limit: Int) async throws -> [HandoverAttemptRecord] {
        try await rows(
            "SELECT \(Self.attemptColumns.joined(separator: ", ")) FROM handover_attempt WHERE session_id = $1 ORDER BY received_at_ms, id LIMIT $2",
            [sessionId, limit]
        ).map(Self.attemptRecord)
    }

    public func checkHealth() async throws {
        try await execute("SELECT count(*) FROM schema_migration")
    }

    static let snapshotColumns = SnapshotRecord.Column.names
    static let attemptColumns = HandoverAttemptRecord.Column.names

    static func insert(_ record: SnapshotRecord, key: String?) -> PendingInsert {
        let values = SnapshotRecord.Column.allCases.dropFirst().map { column in
            column == .contextJson || column == .dataJson ? jsonSafe(record.value(column)).bindable : record.value(column).bindable
        }
        return PendingInsert(
            route: "snapshots", table: "snapshot", columns: Array(snapshotColumns.dropFirst()), values: values,
            key: key, rawBody: record.rawBody, receivedAt: Timestamps.date(milliseconds: record.receivedAtMs))
    }

    static func insert(_ record: HandoverAttemptRecord, key: String?) -> PendingInsert {
        let values = HandoverAttemptRecord.Column.allCases.dropFirst().map { column in
            column == .payloadJson || column == .outcomeJson ? jsonSafe(record.value(column)).bindable : record.value(column).bindable
        }
        return PendingInsert(
            route: "handovers", table: "handover_attempt", columns: Array(attemptColumns.dropFirst()), values: values,
            key: key, rawBody: record.rawBody, receivedAt: Timestamps.date(milliseconds: record.receivedAtMs))
    }

    /// PostgreSQL's JSON functions refuse the escape `\u0000`; the raw body keeps the original.
    static func jsonSafe(_ json: String) -> String {
        json.contains("\\u0000") ? json.replacingOccurrences(of: "\\u0000", with: "\\ufffd") : json
    }

    static func jsonSafe(_ value: ColumnValue) -> ColumnValue {
        value.text.map { .text(jsonSafe($0)) } ?? value
    }

    static func snapshotRecord(_ row: PostgresRow) throws -> SnapshotRecord {
        let cells = row.makeRandomAccess()
        return try SnapshotRecord { column in try ColumnValue.read(cells[column.rawValue], kind: column.kind) }
    }

    static func attemptRecord(_ row: PostgresRow) throws -> HandoverAttemptRecord {
        let cells = row.makeRandomAccess()
        return try HandoverAttemptRecord { column in try ColumnValue.read(cells[column.rawValue], kind: column.kind) }
    }
}
