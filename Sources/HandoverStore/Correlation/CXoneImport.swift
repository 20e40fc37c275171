import Foundation
import GRDB
import HandoverCore

/// Upserts of CXone records. A row is only rewritten when what CXone sent differs, so a re-import is a no-op.
package enum CXoneImport {
    static func write(_ batch: CXoneBatch, importedAt: Date, in db: Database) throws -> ImportCounts {
        var counts = ImportCounts()
        let now = Timestamps.milliseconds(importedAt)
        for contact in batch.contacts {
            try db.cachedStatement(sql: upsertContact).execute(arguments: contactArguments(contact, importedAt: now))
            counts.contacts += db.changesCount
        }
        for state in batch.states {
            try db.cachedStatement(sql: upsertState).execute(arguments: [
                state.contactId, state.stateIndex, state.stateId, state.stateName, state.startedAt.map(Timestamps.milliseconds),
                state.agentId, state.skillId, state.skillName, state.durationSeconds, state.rawJSON,
            ])
            counts.states += db.changesCount
        }
        for item in batch.customData {
            try db.cachedStatement(sql: upsertCustomData).execute(arguments: [item.contactId, item.name, item.value])
            counts.customData += db.changesCount
        }
        return counts
    }

    static func contactArguments(_ contact: CXoneContact, importedAt: Int64) -> StatementArguments {
        StatementArguments(contactValues(contact, importedAt: importedAt).map(\.databaseValue))
    }

    /// A contact's row in `contactColumns` order, for either backend.
    package static func contactValues(_ contact: CXoneContact, importedAt: Int64) -> [ColumnValue] {
        let milliseconds = { (date: Date?) in ColumnValue(date.map(Timestamps.milliseconds)) }
        let flag = { (value: Bool?) in ColumnValue(value.map { $0 ? 1 : 0 }) }
        let text = { (value: String?) in value.map(ColumnValue.text) ?? .null }
        let real = { (value: Double?) in value.map(ColumnValue.real) ?? .null }
        return [
            .text(contact.contactId), text(contact.masterContactId), milliseconds(contact.startedAt), milliseconds(contact.endedAt),
            text(contact.skillId), text(contact.skillName), text(contact.agentId), flag(contact.abandoned), real(contact.abandonSeconds),
            text(contact.endReason), flag(contact.isRefused), text(contact.refuseReason), real(contact.preQueueSeconds),
            real(contact.inQueueSeconds), real(contact.agentSeconds), real(contact.totalDurationSeconds), text(contact.transferIndicator),
            text(contact.mediaType), text(contact.pointOfContact), milliseconds(contact.lastUpdateAt), .text(contact.rawJSON), .integer(importedAt),
        ]
    }

    /// Also the order `SessionJoin.contact(_:)` decodes by position.
    package static let contactColumns = [
        "contact_id", "master_contact_id", "started_at_ms", "ended_at_ms", "skill_id", "skill_name", "agent_id",
        "abandoned", "abandon_seconds", "end_reason", "is_refused", "refuse_reason", "pre_queue_seconds",
        "in_queue_seconds", "agent_seconds", "total_duration_seconds", "transfer_indicator", "media_type",
        "point_of_contact", "last_update_at_ms", "raw_json", "imported_at_ms",
    ]

    static let upsertContact: String = {
        let updates = contactColumns.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        return """
            INSERT INTO cxone_contact (\(contactColumns.joined(separator: ", ")))
            VALUES (\(contactColumns.map { _ in "?" }.joined(separator: ", ")))
            ON CONFLICT (contact_id) DO UPDATE SET \(updates) WHERE cxone_contact.raw_json IS NOT excluded.raw_json
            """
    }()

    static let upsertState = """
        INSERT INTO cxone_contact_state (contact_id, state_index, state_id, state_name, started_at_ms, agent_id,
            skill_id, skill_name, duration_seconds, raw_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (contact_id, state_index) DO UPDATE SET state_id = excluded.state_id, state_name = excluded.state_name,
            started_at_ms = excluded.started_at_ms, agent_id = excluded.agent_id, skill_id = excluded.skill_id,
            skill_name = excluded.skill_name, duration_seconds = excluded.duration_seconds, raw_json = excluded.raw_json
        WHERE cxone_contact_state.raw_json IS NOT excluded.raw_json
        """

    static let upsertCustomData = """
        INSERT INTO cxone_custom_data (contact_id, name, value) VALUES (?, ?, ?)
        ON CONFLICT (contact_id, name) DO UPDATE SET value = excluded.value WHERE cxone_custom_data.value IS NOT excluded.value
        """
}
