import Foundation
import HandoverCore

/// Cognigy's OData records as table rows: multi-row upserts written once for both backends, each row rewritten only
/// when what Cognigy sent differs, so a re-import changes (and counts) nothing.
package struct CognigyImport: Sendable {
    let database: any SQLDatabase

    package init(_ database: any SQLDatabase) { self.database = database }

    static let sessionColumns = [
        "session_id", "user_id", "caller_key", "started_at_ms", "handover_escalations", "steps_count", "project_id", "project_name",
        "endpoint_name", "raw_json", "imported_at_ms",
    ]
    static let messageColumns = [
        "collection", "record_id", "session_id", "at_ms", "input_id", "type", "source", "text", "intent", "intent_score", "flow_name",
        "channel", "in_handover_request", "contact_id", "spawned_contact_id", "transfer_event", "sip_status", "sip_reason", "raw_json",
        "imported_at_ms",
    ]
    /// Returns how many rows were inserted or changed, all in one transaction.
    package func write(_ batch: CognigyBatch, importedAt: Date) async throws -> Int {
        let statements = statements(batch, importedAt: importedAt)
        guard !statements.isEmpty else { return 0 }
        return try await database.writeAll(statements).reduce(0, +)
    }

    /// The upserts of a batch, for a backend to run inside a transaction of its own (bulk writes).
    package func statements(_ batch: CognigyBatch, importedAt: Date) -> [SQLStatement] {
        let now = SQLValue.integer(Timestamps.milliseconds(importedAt))
        let sessions = UpsertRows.lastOfEach(batch.sessions, by: \.sessionId).map { Self.row($0) + [now] }
        let messages = UpsertRows.lastOfEach(batch.messages, by: { "\($0.collection.rawValue)\u{0}\($0.recordId)" }).map { Self.row($0) + [now] }
        return upserts("cognigy_session", Self.sessionColumns, sessions, key: ["session_id"])
            + upserts("cognigy_message", Self.messageColumns, messages, key: ["collection", "record_id"])
    }

    private func upserts(_ table: String, _ columns: [String], _ rows: [[SQLValue]], key: [String]) -> [SQLStatement] {
        UpsertRows.statements(table, columns, rows, key: key, changed: UpsertRows.differs(table, "raw_json"), database.dialect)
    }

    static func row(_ session: CognigySession) -> [SQLValue] {
        [
            .text(session.sessionId), SQLValue(session.userId), SQLValue(session.callerKey),
            SQLValue(session.startedAt.map(Timestamps.milliseconds)), SQLValue(session.handoverEscalations.map(Int64.init)),
            SQLValue(session.stepsCount.map(Int64.init)), SQLValue(session.projectId), SQLValue(session.projectName),
            SQLValue(session.endpointName), .text(session.rawJSON),
        ]
    }

    static func row(_ message: CognigyMessage) -> [SQLValue] {
        [
            .text(message.collection.rawValue), .text(message.recordId), .text(message.sessionId),
            SQLValue(message.at.map(Timestamps.milliseconds)), SQLValue(message.inputId), SQLValue(message.type), SQLValue(message.source),
            SQLValue(message.text), SQLValue(message.intent), message.intentScore.map(SQLValue.real) ?? .null, SQLValue(message.flowName),
            SQLValue(message.channel), SQLValue(message.inHandoverRequest.map { $0 ? 1 : 0 }), SQLValue(message.contactId),
            SQLValue(message.spawnedContactId), SQLValue(message.transfer?.name), SQLValue(message.transfer?.sipStatus.map(Int64.init)),
            SQLValue(message.transfer?.sipReason), .text(message.rawJSON),
        ]
    }

    /// The newest import time of Cognigy's records, 0 before the first: what the diagnoses and `activity` follow.
    static func lastImportedSQL(_ dialect: any SQLDialect) -> String {
        dialect.greatest(
            "COALESCE((SELECT MAX(imported_at_ms) FROM cognigy_session), 0)", "COALESCE((SELECT MAX(imported_at_ms) FROM cognigy_message), 0)")
    }
}
