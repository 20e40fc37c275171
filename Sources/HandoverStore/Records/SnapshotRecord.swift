import Foundation
import HandoverCore

/// A row of `snapshot` (Schema/*/0001_snapshots.sql, 0007, 0012, 0014, 0016).
public struct SnapshotRecord: Codable, Sendable {
    public var id: Int64?
    public var sessionId: String
    public var contactId: String?
    public var spawnedContactId: String?
    public var masterContactId: String?
    public var userId: String?
    public var inputId: String?
    public var traceId: String?
    public var channel: String?
    public var label: String?
    public var intent: String?
    public var confidence: Double?
    public var text: String?
    public var occurredAtMs: Int64?
    public var receivedAtMs: Int64
    public var contextJson: String?
    public var dataJson: String?
    public var contentType: String
    public var rawBody: Data
    /// What the context reported about a handover already tried (HandoverReport), decided at ingest.
    public var handoverReport: String?
    public var handoverFailed: Bool?
    public var handoverStage: String?
    public var handoverError: String?
    /// The caller's number as the caller-and-time join compares it (CallerKey), decided at ingest.
    public var callerKey: String?
    /// The Voice Gateway transfer outcome the data carries (TransferEvent), decided at ingest.
    public var transferEvent: String?
    public var transferSipStatus: Int64?
    public var transferSipReason: String?
    /// The Genesys conversation the flow recorded, and whether it said it asked for an agent (GenesysEscalation).
    public var genesysConversationId: String?
    public var handoverRequested: Bool?
}

extension SnapshotRecord {
    /// The table's columns in one list: both backends insert and decode by walking it, so a column added here is
    /// written and read everywhere at once.
    package enum Column: String, TableColumn {
        case id, sessionId = "session_id", contactId = "contact_id", spawnedContactId = "spawned_contact_id"
        case masterContactId = "master_contact_id", userId = "user_id", inputId = "input_id", traceId = "trace_id", channel
        case label, intent, confidence, text, occurredAtMs = "occurred_at_ms", receivedAtMs = "received_at_ms"
        case contextJson = "context_json", dataJson = "data_json", contentType = "content_type", rawBody = "raw_body"
        case handoverReport = "handover_report", handoverFailed = "handover_failed", handoverStage = "handover_stage"
        case handoverError = "handover_error", callerKey = "caller_key", transferEvent = "transfer_event"
        case transferSipStatus = "transfer_sip_status", transferSipReason = "transfer_sip_reason"
        case genesysConversationId = "genesys_conversation_id", handoverRequested = "handover_requested"

        package var kind: ColumnValue.Kind {
            switch self {
            case .id, .occurredAtMs, .receivedAtMs, .handoverFailed, .transferSipStatus, .handoverRequested: .integer
            case .confidence: .real
            case .rawBody: .blob
            default: .text
            }
        }
    }

    package func value(_ column: Column) -> ColumnValue {
        switch column {
        case .id: ColumnValue(id)
        case .sessionId: .text(sessionId)
        case .contactId: ColumnValue(contactId)
        case .spawnedContactId: ColumnValue(spawnedContactId)
        case .masterContactId: ColumnValue(masterContactId)
        case .userId: ColumnValue(userId)
        case .inputId: ColumnValue(inputId)
        case .traceId: ColumnValue(traceId)
        case .channel: ColumnValue(channel)
        case .label: ColumnValue(label)
        case .intent: ColumnValue(intent)
        case .confidence: confidence.map(ColumnValue.real) ?? .null
        case .text: ColumnValue(text)
        case .occurredAtMs: ColumnValue(occurredAtMs)
        case .receivedAtMs: .integer(receivedAtMs)
        case .contextJson: ColumnValue(contextJson)
        case .dataJson: ColumnValue(dataJson)
        case .contentType: .text(contentType)
        case .rawBody: .blob(rawBody)
        case .handoverReport: ColumnValue(handoverReport)
        case .handoverFailed: ColumnValue(handoverFailed.map { $0 ? 1 : 0 })
        case .handoverStage: ColumnValue(handoverStage)
        case .handoverError: ColumnValue(handoverError)
        case .callerKey: ColumnValue(callerKey)
        case .transferEvent: ColumnValue(transferEvent)
        case .transferSipStatus: ColumnValue(transferSipStatus)
        case .transferSipReason: ColumnValue(transferSipReason)
        case .genesysConversationId: ColumnValue(genesysConversationId)
        case .handoverRequested: ColumnValue(handoverRequested.map { $0 ? 1 : 0 })
        }
    }

    /// A row as a backend read it, each column's value asked for by name.
    package init(reading value: (Column) throws -> ColumnValue) throws {
        self.init(
            id: try value(.id).integer, sessionId: try value(.sessionId).text ?? "", contactId: try value(.contactId).text,
            spawnedContactId: try value(.spawnedContactId).text, masterContactId: try value(.masterContactId).text,
            userId: try value(.userId).text, inputId: try value(.inputId).text, traceId: try value(.traceId).text,
            channel: try value(.channel).text, label: try value(.label).text, intent: try value(.intent).text,
            confidence: try value(.confidence).real, text: try value(.text).text, occurredAtMs: try value(.occurredAtMs).integer,
            receivedAtMs: try value(.receivedAtMs).integer ?? 0, contextJson: try value(.contextJson).text,
            dataJson: try value(.dataJson).text, contentType: try value(.contentType).text ?? "", rawBody: try value(.rawBody).blob ?? Data(),
            handoverReport: try value(.handoverReport).text, handoverFailed: try value(.handoverFailed).integer.map { $0 != 0 },
            handoverStage: try value(.handoverStage).text, handoverError: try value(.handoverError).text,
            callerKey: try value(.callerKey).text, transferEvent: try value(.transferEvent).text,
            transferSipStatus: try value(.transferSipStatus).integer, transferSipReason: try value(.transferSipReason).text,
            genesysConversationId: try value(.genesysConversationId).text, handoverRequested: try value(.handoverRequested).integer.map { $0 != 0 })
    }

    package init(_ snapshot: Snapshot, _ envelope: IngestEnvelope) {
        let (report, transfer) = (snapshot.handoverReport, snapshot.transfer)
        self.init(
            id: nil, sessionId: snapshot.sessionId, contactId: snapshot.contactId,
            spawnedContactId: snapshot.spawnedContactId, masterContactId: snapshot.masterContactId,
            userId: snapshot.userId, inputId: snapshot.inputId, traceId: snapshot.traceId, channel: snapshot.channel,
            label: snapshot.label, intent: snapshot.intent, confidence: snapshot.confidence, text: snapshot.text,
            occurredAtMs: snapshot.occurredAt.map(Timestamps.milliseconds),
            receivedAtMs: Timestamps.milliseconds(envelope.receivedAt),
            contextJson: snapshot.context?.jsonText, dataJson: snapshot.data?.jsonText,
            contentType: envelope.contentType, rawBody: Data(envelope.rawBody),
            handoverReport: report?.source.rawValue, handoverFailed: report?.failed, handoverStage: report?.stage,
            handoverError: report?.error, callerKey: snapshot.callerKey, transferEvent: transfer?.name,
            transferSipStatus: transfer?.sipStatus.map(Int64.init), transferSipReason: transfer?.sipReason,
            genesysConversationId: snapshot.genesysConversationId, handoverRequested: snapshot.handoverRequested ? true : nil)
    }

    /// The report as the join reads it back from the columns.
    package static func handoverReport(source: String?, failed: Bool?, stage: String?, error: String?) -> HandoverReport? {
        guard let source = source.flatMap(HandoverReport.Source.init(rawValue:)) else { return nil }
        return HandoverReport(source: source, failed: failed ?? false, stage: stage, error: error)
    }
}
