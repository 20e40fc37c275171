import Foundation
import HandoverCore

/// A row of `handover_attempt` (Schema/*/0002_handover_attempts.sql, 0005, 0015).
public struct HandoverAttemptRecord: Codable, Sendable {
    public var id: Int64?
    public var sessionId: String?
    public var shape: String
    public var contactId: String?
    public var queueId: String?
    public var transferType: String?
    public var intent: String?
    public var confidence: Double?
    public var valid: Bool
    public var errorsJson: String
    public var warningsJson: String
    public var payloadJson: String
    public var outcome: String?
    public var outcomeJson: String?
    /// What the outcome names (`HandoverOutcome.detail`), decided at ingest so the join reads columns.
    public var outcomeStage: String?
    public var outcomeError: String?
    public var occurredAtMs: Int64?
    public var receivedAtMs: Int64
    public var contentType: String
    public var rawBody: Data
}

extension HandoverAttemptRecord {
    /// The table's columns in one list: both backends insert and decode by walking it.
    package enum Column: String, TableColumn {
        case id, sessionId = "session_id", shape, contactId = "contact_id", queueId = "queue_id", transferType = "transfer_type"
        case intent, confidence, valid, errorsJson = "errors_json", warningsJson = "warnings_json", payloadJson = "payload_json"
        case outcome, outcomeJson = "outcome_json", outcomeStage = "outcome_stage", outcomeError = "outcome_error"
        case occurredAtMs = "occurred_at_ms", receivedAtMs = "received_at_ms"
        case contentType = "content_type", rawBody = "raw_body"

        package var kind: ColumnValue.Kind {
            switch self {
            case .id, .valid, .occurredAtMs, .receivedAtMs: .integer
            case .confidence: .real
            case .rawBody: .blob
            default: .text
            }
        }
    }

    package func value(_ column: Column) -> ColumnValue {
        switch column {
        case .id: ColumnValue(id)
        case .sessionId: ColumnValue(sessionId)
        case .shape: .text(shape)
        case .contactId: ColumnValue(contactId)
        case .queueId: ColumnValue(queueId)
        case .transferType: ColumnValue(transferType)
        case .intent: ColumnValue(intent)
        case .confidence: confidence.map(ColumnValue.real) ?? .null
        case .valid: .integer(valid ? 1 : 0)
        case .errorsJson: .text(errorsJson)
        case .warningsJson: .text(warningsJson)
        case .payloadJson: .text(payloadJson)
        case .outcome: ColumnValue(outcome)
        case .outcomeJson: ColumnValue(outcomeJson)
        case .outcomeStage: ColumnValue(outcomeStage)
        case .outcomeError: ColumnValue(outcomeError)
        case .occurredAtMs: ColumnValue(occurredAtMs)
        case .receivedAtMs: .integer(receivedAtMs)
        case .contentType: .text(contentType)
        case .rawBody: .blob(rawBody)
        }
    }

    /// A row as a backend read it, each column's value asked for by name.
    package init(reading value: (Column) throws -> ColumnValue) throws {
        self.init(
            id: try value(.id).integer, sessionId: try value(.sessionId).text, shape: try value(.shape).text ?? "",
            contactId: try value(.contactId).text, queueId: try value(.queueId).text, transferType: try value(.transferType).text,
            intent: try value(.intent).text, confidence: try value(.confidence).real, valid: try value(.valid).integer == 1,
            errorsJson: try value(.errorsJson).text ?? "[]", warningsJson: try value(.warningsJson).text ?? "[]",
            payloadJson: try value(.payloadJson).text ?? "{}", outcome: try value(.outcome).text, outcomeJson: try value(.outcomeJson).text,
            outcomeStage: try value(.outcomeStage).text, outcomeError: try value(.outcomeError).text,
            occurredAtMs: try value(.occurredAtMs).integer, receivedAtMs: try value(.receivedAtMs).integer ?? 0,
            contentType: try value(.contentType).text ?? "", rawBody: try value(.rawBody).blob ?? Data())
    }

    package init(_ attempt: HandoverAttempt, _ verdict: HandoverVerdict, _ envelope: IngestEnvelope) {
        let detail = attempt.outcomeDetail
        self.init(
            id: nil, sessionId: attempt.sessionId, shape: verdict.shape.rawValue, contactId: verdict.contactId,
            queueId: verdict.queueId, transferType: verdict.transferType, intent: verdict.intent,
            confidence: verdict.confidence, valid: verdict.valid, errorsJson: Self.json(verdict.errors),
            warningsJson: Self.json(verdict.warnings), payloadJson: verdict.normalisedPayload.jsonText,
            outcome: attempt.reportedOutcome?.rawValue, outcomeJson: attempt.outcome?.jsonText,
            outcomeStage: detail.stage, outcomeError: detail.error, occurredAtMs: attempt.occurredAt.map(Timestamps.milliseconds),
            receivedAtMs: Timestamps.milliseconds(envelope.receivedAt), contentType: envelope.contentType,
            rawBody: Data(envelope.rawBody))
    }

    private static func json(_ issues: [ValidationIssue]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(issues)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }
}
