import Foundation
import HandoverCore

/// Cognigy's tables, each column once (`TableColumn`): what the upserts write.
extension CognigyImport {
    /// The columns of `cognigy_session`.
    enum SessionColumn: String, TableColumn {
        case sessionId = "session_id", userId = "user_id", callerKey = "caller_key", startedAtMs = "started_at_ms"
        case handoverEscalations = "handover_escalations", stepsCount = "steps_count", projectId = "project_id"
        case projectName = "project_name", endpointName = "endpoint_name", rawJson = "raw_json", importedAtMs = "imported_at_ms"
    }

    static func value(of session: CognigySession, _ column: SessionColumn, importedAt: Int64) -> ColumnValue {
        switch column {
        case .sessionId: .text(session.sessionId)
        case .userId: ColumnValue(session.userId)
        case .callerKey: ColumnValue(session.callerKey)
        case .startedAtMs: ColumnValue(session.startedAt.map(Timestamps.milliseconds))
        case .handoverEscalations: ColumnValue(session.handoverEscalations.map(Int64.init))
        case .stepsCount: ColumnValue(session.stepsCount.map(Int64.init))
        case .projectId: ColumnValue(session.projectId)
        case .projectName: ColumnValue(session.projectName)
        case .endpointName: ColumnValue(session.endpointName)
        case .rawJson: .text(session.rawJSON)
        case .importedAtMs: .integer(importedAt)
        }
    }

    /// The columns of `cognigy_message`: a message, input or analytics record of a session.
    enum MessageColumn: String, TableColumn {
        case collection, recordId = "record_id", sessionId = "session_id", atMs = "at_ms", inputId = "input_id", type, source, text
        case intent, intentScore = "intent_score", flowName = "flow_name", channel, inHandoverRequest = "in_handover_request"
        case contactId = "contact_id", spawnedContactId = "spawned_contact_id", transferEvent = "transfer_event"
        case sipStatus = "sip_status", sipReason = "sip_reason", rawJson = "raw_json", importedAtMs = "imported_at_ms"
    }

    static func value(of message: CognigyMessage, _ column: MessageColumn, importedAt: Int64) -> ColumnValue {
        switch column {
        case .collection: .text(message.collection.rawValue)
        case .recordId: .text(message.recordId)
        case .sessionId: .text(message.sessionId)
        case .atMs: ColumnValue(message.at.map(Timestamps.milliseconds))
        case .inputId: ColumnValue(message.inputId)
        case .type: ColumnValue(message.type)
        case .source: ColumnValue(message.source)
        case .text: ColumnValue(message.text)
        case .intent: ColumnValue(message.intent)
        case .intentScore: message.intentScore.map(ColumnValue.real) ?? .null
        case .flowName: ColumnValue(message.flowName)
        case .channel: ColumnValue(message.channel)
        case .inHandoverRequest: ColumnValue(message.inHandoverRequest.map { $0 ? 1 : 0 })
        case .contactId: ColumnValue(message.contactId)
        case .spawnedContactId: ColumnValue(message.spawnedContactId)
        case .transferEvent: ColumnValue(message.transfer?.name)
        case .sipStatus: ColumnValue(message.transfer?.sipStatus.map(Int64.init))
        case .sipReason: ColumnValue(message.transfer?.sipReason)
        case .rawJson: .text(message.rawJSON)
        case .importedAtMs: .integer(importedAt)
        }
    }
}
