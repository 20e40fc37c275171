import Foundation
import GRDB
import HandoverCore

/// A row of `snapshot` (Schema/sqlite/0001_snapshots.sql).
public struct SnapshotRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "snapshot"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase

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

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// Columns written by name: Codable's key conversion cost a sixth of the ingest path's CPU.
    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["session_id"] = sessionId
        container["contact_id"] = contactId
        container["spawned_contact_id"] = spawnedContactId
        container["master_contact_id"] = masterContactId
        container["user_id"] = userId
        container["input_id"] = inputId
        container["trace_id"] = traceId
        container["channel"] = channel
        container["label"] = label
        container["intent"] = intent
        container["confidence"] = confidence
        container["text"] = text
        container["occurred_at_ms"] = occurredAtMs
        container["received_at_ms"] = receivedAtMs
        container["context_json"] = contextJson
        container["data_json"] = dataJson
        container["content_type"] = contentType
        container["raw_body"] = rawBody
    }
}

extension SnapshotRecord {
    /// A row read by another backend: the required columns, the rest set field by field.
    package init(id: Int64, sessionId: String, receivedAtMs: Int64, contentType: String, rawBody: Data) {
        self.init(id: id, sessionId: sessionId, contactId: nil, spawnedContactId: nil, masterContactId: nil, userId: nil,
                  inputId: nil, traceId: nil, channel: nil, label: nil, intent: nil, confidence: nil, text: nil,
                  occurredAtMs: nil, receivedAtMs: receivedAtMs, contextJson: nil, dataJson: nil, contentType: contentType,
                  rawBody: rawBody)
    }

    package init(_ snapshot: Snapshot, _ envelope: IngestEnvelope) {
        self.init(
            id: nil, sessionId: snapshot.sessionId, contactId: snapshot.contactId,
            spawnedContactId: snapshot.spawnedContactId, masterContactId: snapshot.masterContactId,
            userId: snapshot.userId, inputId: snapshot.inputId, traceId: snapshot.traceId, channel: snapshot.channel,
            label: snapshot.label, intent: snapshot.intent, confidence: snapshot.confidence, text: snapshot.text,
            occurredAtMs: snapshot.occurredAt.map(Timestamps.milliseconds),
            receivedAtMs: Timestamps.milliseconds(envelope.receivedAt),
            contextJson: snapshot.context?.jsonText, dataJson: snapshot.data?.jsonText,
            contentType: envelope.contentType, rawBody: Data(envelope.rawBody))
    }
}
