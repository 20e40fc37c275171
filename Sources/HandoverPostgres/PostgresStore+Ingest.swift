import Foundation
import HandoverCore
import HandoverStore
import PostgresNIO

extension PostgresStore: HandoverStore {
    public func record(_ snapshot: Snapshot, _ envelope: IngestEnvelope) async throws -> InsertOutcome {
        try await writer.submit(Self.insert(SnapshotRecord(snapshot, envelope), key: envelope.idempotencyKey))
    }

    public func record(_ attempt: HandoverAttempt, verdict: HandoverVerdict, _ envelope: IngestEnvelope) async throws -> InsertOutcome {
        try await writer.submit(Self.insert(HandoverAttemptRecord(attempt, verdict, envelope), key: envelope.idempotencyKey))
    }

    public func snapshots(sessionId: String, limit: Int) async throws -> [SnapshotRecord] {
        try await rows("SELECT \(Self.snapshotColumns.joined(separator: ", ")) FROM snapshot WHERE session_id = $1 ORDER BY received_at_ms, id LIMIT $2",
                       [sessionId, limit]).map(Self.snapshotRecord)
    }

    public func handoverAttempts(sessionId: String, limit: Int) async throws -> [HandoverAttemptRecord] {
        try await rows("SELECT \(Self.attemptColumns.joined(separator: ", ")) FROM handover_attempt WHERE session_id = $1 ORDER BY received_at_ms, id LIMIT $2",
                       [sessionId, limit]).map(Self.attemptRecord)
    }

    public func checkHealth() async throws {
        try await execute("SELECT count(*) FROM schema_migration")
    }

    static let snapshotColumns = [
        "id", "session_id", "contact_id", "spawned_contact_id", "master_contact_id", "user_id", "input_id", "trace_id", "channel",
        "label", "intent", "confidence", "text", "occurred_at_ms", "received_at_ms", "context_json", "data_json", "content_type", "raw_body",
    ]

    static let attemptColumns = [
        "id", "session_id", "shape", "contact_id", "queue_id", "transfer_type", "intent", "confidence", "valid", "errors_json",
        "warnings_json", "payload_json", "outcome", "outcome_json", "occurred_at_ms", "received_at_ms", "content_type", "raw_body",
    ]

    static func insert(_ record: SnapshotRecord, key: String?) -> PendingInsert {
        let values: [any PostgresBindable] = [
            record.sessionId, record.contactId, record.spawnedContactId, record.masterContactId, record.userId, record.inputId,
            record.traceId, record.channel, record.label, record.intent, record.confidence, record.text, record.occurredAtMs,
            record.receivedAtMs, record.contextJson.map(jsonSafe), record.dataJson.map(jsonSafe), record.contentType, record.rawBody,
        ]
        return PendingInsert(route: "snapshots", table: "snapshot", columns: Array(snapshotColumns.dropFirst()), values: values,
                             key: key, rawBody: record.rawBody, receivedAt: Timestamps.date(milliseconds: record.receivedAtMs))
    }

    static func insert(_ record: HandoverAttemptRecord, key: String?) -> PendingInsert {
        let values: [any PostgresBindable] = [
            record.sessionId, record.shape, record.contactId, record.queueId, record.transferType, record.intent, record.confidence,
            Int64(record.valid ? 1 : 0), record.errorsJson, record.warningsJson, jsonSafe(record.payloadJson), record.outcome,
            record.outcomeJson.map(jsonSafe), record.occurredAtMs, record.receivedAtMs, record.contentType, record.rawBody,
        ]
        return PendingInsert(route: "handovers", table: "handover_attempt", columns: Array(attemptColumns.dropFirst()), values: values,
                             key: key, rawBody: record.rawBody, receivedAt: Timestamps.date(milliseconds: record.receivedAtMs))
    }

    /// PostgreSQL's JSON functions refuse the escape `\u0000`; the raw body keeps the original.
    static func jsonSafe(_ json: String) -> String {
        json.contains("\\u0000") ? json.replacingOccurrences(of: "\\u0000", with: "\\ufffd") : json
    }

    static func snapshotRecord(_ row: PostgresRow) throws -> SnapshotRecord {
        let cells = row.makeRandomAccess()
        var record = SnapshotRecord(id: try cells[0].decode(Int64.self), sessionId: try cells[1].decode(String.self),
                                    receivedAtMs: try cells[14].decode(Int64.self), contentType: try cells[17].decode(String.self),
                                    rawBody: try cells[18].decode(Data.self))
        record.contactId = try cells[2].decode(String?.self)
        record.spawnedContactId = try cells[3].decode(String?.self)
        record.masterContactId = try cells[4].decode(String?.self)
        record.userId = try cells[5].decode(String?.self)
        record.inputId = try cells[6].decode(String?.self)
        record.traceId = try cells[7].decode(String?.self)
        record.channel = try cells[8].decode(String?.self)
        record.label = try cells[9].decode(String?.self)
        record.intent = try cells[10].decode(String?.self)
        record.confidence = try cells[11].decode(Double?.self)
        record.text = try cells[12].decode(String?.self)
        record.occurredAtMs = try cells[13].decode(Int64?.self)
        record.contextJson = try cells[15].decode(String?.self)
        record.dataJson = try cells[16].decode(String?.self)
        return record
    }

    static func attemptRecord(_ row: PostgresRow) throws -> HandoverAttemptRecord {
        let cells = row.makeRandomAccess()
        var record = HandoverAttemptRecord(
            id: try cells[0].decode(Int64.self), shape: try cells[2].decode(String.self), valid: try cells[8].decode(Int64.self) == 1,
            errorsJson: try cells[9].decode(String.self), warningsJson: try cells[10].decode(String.self),
            payloadJson: try cells[11].decode(String.self), receivedAtMs: try cells[15].decode(Int64.self),
            contentType: try cells[16].decode(String.self), rawBody: try cells[17].decode(Data.self))
        record.sessionId = try cells[1].decode(String?.self)
        record.contactId = try cells[3].decode(String?.self)
        record.queueId = try cells[4].decode(String?.self)
        record.transferType = try cells[5].decode(String?.self)
        record.intent = try cells[6].decode(String?.self)
        record.confidence = try cells[7].decode(Double?.self)
        record.outcome = try cells[12].decode(String?.self)
        record.outcomeJson = try cells[13].decode(String?.self)
        record.occurredAtMs = try cells[14].decode(Int64?.self)
        return record
    }
}
