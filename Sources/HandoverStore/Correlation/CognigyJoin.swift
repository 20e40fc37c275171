import Foundation
import HandoverCore

/// The join's Cognigy-history half: each session's OData Sessions record and its Conversations and Analytics records,
/// two indexed queries per chunk of sessions.
struct CognigyJoin {
    let dialect: any SQLDialect
    let reader: any SQLReader

    func attach(to sessions: inout [String: CorrelatedSession]) async throws {
        let ids = Array(sessions.keys)
        guard !ids.isEmpty else { return }
        for record in try await sessionRecords(ids) { sessions[record.sessionId]?.cognigySession = record }
        for message in try await messages(ids) { sessions[message.sessionId]?.messages.append(message) }
    }

    private enum SessionColumn: Int, SelectList {
        case sessionId, userId, callerKey, startedAtMs, handoverEscalations, stepsCount, projectId, projectName, endpointName

        func expression(_ dialect: any SQLDialect) -> String {
            switch self {
            case .sessionId: "session_id"
            case .userId: "user_id"
            case .callerKey: "caller_key"
            case .startedAtMs: "started_at_ms"
            case .handoverEscalations: "handover_escalations"
            case .stepsCount: "steps_count"
            case .projectId: "project_id"
            case .projectName: "project_name"
            case .endpointName: "endpoint_name"
            }
        }
    }

    private func sessionRecords(_ ids: [String]) async throws -> [CognigySession] {
        typealias C = SessionColumn
        var query = SQLQuery(dialect)
        let sql = "SELECT \(C.sql(dialect)) FROM cognigy_session WHERE \(query.isIn("session_id", ids))"
        return try await reader.rows(sql, query.values) { row in
            var record = CognigySession(sessionId: try row.text(C.sessionId) ?? "", rawJSON: "")
            record.userId = try row.text(C.userId)
            record.callerKey = try row.text(C.callerKey)
            record.startedAt = try row.integer(C.startedAtMs).map(Timestamps.date(milliseconds:))
            record.handoverEscalations = try row.integer(C.handoverEscalations).map(Int.init)
            record.stepsCount = try row.integer(C.stepsCount).map(Int.init)
            record.projectId = try row.text(C.projectId)
            record.projectName = try row.text(C.projectName)
            record.endpointName = try row.text(C.endpointName)
            return record
        }
    }

    private enum MessageColumn: Int, SelectList {
        case collection, recordId, sessionId, atMs, inputId, type, source, text, intent, intentScore, flowName, channel
        case inHandoverRequest, contactId, spawnedContactId, transferEvent, sipStatus, sipReason

        func expression(_ dialect: any SQLDialect) -> String {
            switch self {
            case .collection: "collection"
            case .recordId: "record_id"
            case .sessionId: "session_id"
            case .atMs: "at_ms"
            case .inputId: "input_id"
            case .type: "type"
            case .source: "source"
            case .text: "text"
            case .intent: "intent"
            case .intentScore: "intent_score"
            case .flowName: "flow_name"
            case .channel: "channel"
            case .inHandoverRequest: "in_handover_request"
            case .contactId: "contact_id"
            case .spawnedContactId: "spawned_contact_id"
            case .transferEvent: "transfer_event"
            case .sipStatus: "sip_status"
            case .sipReason: "sip_reason"
            }
        }
    }

    private func messages(_ ids: [String]) async throws -> [CognigyMessage] {
        typealias C = MessageColumn
        var query = SQLQuery(dialect)
        let sql = """
            SELECT \(C.sql(dialect)) FROM cognigy_message WHERE \(query.isIn("session_id", ids))
            ORDER BY session_id, at_ms\(dialect.nullsFirst), collection, record_id
            """
        return try await reader.rows(sql, query.values) { row in
            let collection = CognigyCollection(rawValue: try row.text(C.collection) ?? "") ?? .conversations
            var message = CognigyMessage(
                collection: collection, recordId: try row.text(C.recordId) ?? "", sessionId: try row.text(C.sessionId) ?? "", rawJSON: "")
            message.at = try row.integer(C.atMs).map(Timestamps.date(milliseconds:))
            message.inputId = try row.text(C.inputId)
            message.type = try row.text(C.type)
            message.source = try row.text(C.source)
            message.text = try row.text(C.text)
            message.intent = try row.text(C.intent)
            message.intentScore = try row.real(C.intentScore)
            message.flowName = try row.text(C.flowName)
            message.channel = try row.text(C.channel)
            message.inHandoverRequest = try row.bool(C.inHandoverRequest)
            message.contactId = try row.text(C.contactId)
            message.spawnedContactId = try row.text(C.spawnedContactId)
            message.transfer = TransferEvent.from(
                name: try row.text(C.transferEvent), sipStatus: try row.integer(C.sipStatus).map(Int.init), sipReason: try row.text(C.sipReason))
            return message
        }
    }
}
