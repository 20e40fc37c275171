import Foundation
import HandoverCore

/// Stored rows as the read endpoints show them: times as ISO 8601, JSON columns as JSON, raw bodies as text.
public struct SnapshotView: Encodable {
    let id: Int64?
    let sessionId: String
    let contactId, spawnedContactId, masterContactId: String?
    let userId, inputId, traceId, channel, label, intent, text: String?
    let confidence: Double?
    let occurredAt: String?
    let receivedAt: String
    let context, data: JSONValue?
    let contentType: String
    let rawBody: String

    public init(_ record: SnapshotRecord) {
        id = record.id
        sessionId = record.sessionId
        contactId = record.contactId
        spawnedContactId = record.spawnedContactId
        masterContactId = record.masterContactId
        userId = record.userId
        inputId = record.inputId
        traceId = record.traceId
        channel = record.channel
        label = record.label
        intent = record.intent
        text = record.text
        confidence = record.confidence
        occurredAt = record.occurredAtMs.map { Timestamps.format(Timestamps.date(milliseconds: $0)) }
        receivedAt = Timestamps.format(Timestamps.date(milliseconds: record.receivedAtMs))
        context = record.contextJson.flatMap(JSONText.parse)
        data = record.dataJson.flatMap(JSONText.parse)
        contentType = record.contentType
        rawBody = String(decoding: record.rawBody, as: UTF8.self)
    }
}

public struct HandoverAttemptView: Encodable {
    let id: Int64?
    let sessionId: String?
    let shape: String
    let contactId, queueId, transferType, intent: String?
    let confidence: Double?
    let valid: Bool
    let errors, warnings, payload: JSONValue?
    let outcome: String?
    let outcomeDetail: JSONValue?
    let receivedAt: String
    let contentType: String
    let rawBody: String

    public init(_ record: HandoverAttemptRecord) {
        id = record.id
        sessionId = record.sessionId
        shape = record.shape
        contactId = record.contactId
        queueId = record.queueId
        transferType = record.transferType
        intent = record.intent
        confidence = record.confidence
        valid = record.valid
        errors = JSONText.parse(record.errorsJson)
        warnings = JSONText.parse(record.warningsJson)
        payload = JSONText.parse(record.payloadJson)
        outcome = record.outcome
        outcomeDetail = record.outcomeJson.flatMap(JSONText.parse)
        receivedAt = Timestamps.format(Timestamps.date(milliseconds: record.receivedAtMs))
        contentType = record.contentType
        rawBody = String(decoding: record.rawBody, as: UTF8.self)
    }
}

enum JSONText {
    static func parse(_ text: String) -> JSONValue? {
        try? BodyDecoder().decodeJSON(Array(text.utf8))
    }
}
