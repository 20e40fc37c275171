import Foundation
import HandoverCore

/// Genesys Cloud's conversations as table rows: upserts by conversation id, written once for both backends. A stored
/// conversation is replaced only by a version at least as recent (`last_activity_ms`) that differs, so the same call
/// from two windows or two forms is stored once, the newest version wins, and a re-import changes nothing.
package enum GenesysImport {
    package enum Column: String, TableColumn {
        case conversationId = "conversation_id", startedAtMs = "started_at_ms", endedAtMs = "ended_at_ms", callerKey = "caller_key"
        case namedSessionId = "named_session_id", lastActivityMs = "last_activity_ms", rawJson = "raw_json", importedAtMs = "imported_at_ms"
    }

    static let table = "genesys_conversation"

    /// Returns how many conversations were inserted or changed, all in one transaction.
    package static func write(_ batch: GenesysBatch, importedAt: Date, to database: any SQLDatabase) async throws -> Int {
        let statements = statements(batch, importedAt: importedAt, database.dialect)
        guard !statements.isEmpty else { return 0 }
        return try await database.writeAll(statements).reduce(0, +)
    }

    package static func statements(_ batch: GenesysBatch, importedAt: Date, _ dialect: any SQLDialect) -> [SQLStatement] {
        let now = Timestamps.milliseconds(importedAt)
        // Within one document too, the newest version of a conversation wins: the last of each, oldest first.
        let oldestFirst = batch.conversations.enumerated().sorted { left, right in
            (left.element.lastActivityAt ?? .distantPast, left.offset) < (right.element.lastActivityAt ?? .distantPast, right.offset)
        }.map(\.element)
        let rows = UpsertRows.lastOfEach(oldestFirst, by: \.conversationId).map { conversation in
            Column.row { value(of: conversation, $0, importedAt: now) }
        }
        let newer = "COALESCE(excluded.last_activity_ms, 0) >= COALESCE(\(table).last_activity_ms, 0)"
        let changed = "(\(UpsertRows.differs(table, "raw_json", "caller_key"))) AND \(newer)"
        // The query's records carry no attributes: a newer one keeps the session a job's copy named.
        return UpsertRows.statements(
            table, Column.names, rows, key: ["conversation_id"], changed: changed, keeping: [Column.namedSessionId.rawValue], dialect)
    }

    static func value(of conversation: GenesysConversation, _ column: Column, importedAt: Int64) -> ColumnValue {
        let milliseconds = { (date: Date?) in ColumnValue(date.map(Timestamps.milliseconds)) }
        switch column {
        case .conversationId: return .text(conversation.conversationId)
        case .startedAtMs: return milliseconds(conversation.startedAt)
        case .endedAtMs: return milliseconds(conversation.endedAt)
        case .callerKey: return ColumnValue(conversation.callerKey)
        case .namedSessionId: return ColumnValue(conversation.namedSessionId)
        case .lastActivityMs: return milliseconds(conversation.lastActivityAt)
        case .rawJson: return .text(conversation.rawJSON)
        case .importedAtMs: return .integer(importedAt)
        }
    }

    /// A stored conversation read back: the record is read again by HandoverCore; the caller key is the stored one
    /// (it may be a redacted hash), and so is the session an earlier version's attribute named.
    static func conversation(rawJSON: String, callerKey: String?, namedSessionId: String?) -> GenesysConversation? {
        guard case .object(let object)? = try? BodyDecoder().decodeJSON(Array(rawJSON.utf8)),
            var conversation = try? GenesysDocumentReader.conversation(object, rawJSON: rawJSON)
        else { return nil }
        conversation.callerKey = callerKey
        conversation.namedSessionId = conversation.namedSessionId ?? namedSessionId
        return conversation
    }
}
