import Foundation
import GRDB
import HandoverCore

/// A row of `handover_attempt` (Schema/sqlite/0002_handover_attempts.sql, 0005).
public struct HandoverAttemptRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "handover_attempt"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase

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
    public var occurredAtMs: Int64?
    public var receivedAtMs: Int64
    public var contentType: String
    public var rawBody: Data

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// Columns written by name, as in `SnapshotRecord`.
    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["session_id"] = sessionId
        container["shape"] = shape
        container["contact_id"] = contactId
        container["queue_id"] = queueId
        container["transfer_type"] = transferType
        container["intent"] = intent
        container["confidence"] = confidence
        container["valid"] = valid
        container["errors_json"] = errorsJson
        container["warnings_json"] = warningsJson
        container["payload_json"] = payloadJson
        container["outcome"] = outcome
        container["outcome_json"] = outcomeJson
        container["occurred_at_ms"] = occurredAtMs
        container["received_at_ms"] = receivedAtMs
        container["content_type"] = contentType
        container["raw_body"] = rawBody
    }
}

extension HandoverAttemptRecord {
    /// A row read by another backend: the required columns, the rest set field by field.
    package init(id: Int64, shape: String, valid: Bool, errorsJson: String, warningsJson: String, payloadJson: String,
                 receivedAtMs: Int64, contentType: String, rawBody: Data) {
        self.init(id: id, sessionId: nil, shape: shape, contactId: nil, queueId: nil, transferType: nil, intent: nil,
                  confidence: nil, valid: valid, errorsJson: errorsJson, warningsJson: warningsJson, payloadJson: payloadJson,
                  outcome: nil, outcomeJson: nil, occurredAtMs: nil, receivedAtMs: receivedAtMs, contentType: contentType,
                  rawBody: rawBody)
    }

    package init(_ attempt: HandoverAttempt, _ verdict: HandoverVerdict, _ envelope: IngestEnvelope) {
        self.init(
            id: nil, sessionId: attempt.sessionId, shape: verdict.shape.rawValue, contactId: verdict.contactId,
            queueId: verdict.queueId, transferType: verdict.transferType, intent: verdict.intent,
            confidence: verdict.confidence, valid: verdict.valid, errorsJson: Self.json(verdict.errors),
            warningsJson: Self.json(verdict.warnings), payloadJson: verdict.normalisedPayload.jsonText,
            outcome: HandoverOutcome.read(attempt.outcome)?.rawValue, outcomeJson: attempt.outcome?.jsonText,
            occurredAtMs: attempt.occurredAt.map(Timestamps.milliseconds),
            receivedAtMs: Timestamps.milliseconds(envelope.receivedAt), contentType: envelope.contentType,
            rawBody: Data(envelope.rawBody))
    }

    private static func json(_ issues: [ValidationIssue]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(issues)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }
}
