import Foundation
import GRDB
import HandoverCore
import HandoverStore

/// Upserts of CXone records. A row is only rewritten when what CXone sent differs, so a re-import is a no-op.
extension CXoneImport {
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

    static let upsertContact: String = {
        let updates = contactColumns.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        return """
            INSERT INTO cxone_contact (\(contactColumns.joined(separator: ", ")))
            VALUES (\(contactColumns.map { _ in "?" }.joined(separator: ", ")))
            ON CONFLICT (contact_id) DO UPDATE SET \(updates)
                WHERE cxone_contact.raw_json IS NOT excluded.raw_json OR cxone_contact.caller_key IS NOT excluded.caller_key
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
