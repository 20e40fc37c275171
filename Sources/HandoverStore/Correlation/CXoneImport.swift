import Foundation
import HandoverCore

/// CXone records as table rows: the upserts, written once for both backends, and the join's reads.
package enum CXoneImport {
    static let stateColumns = [
        "contact_id", "state_index", "state_id", "state_name", "started_at_ms", "agent_id", "skill_id", "skill_name", "duration_seconds",
        "raw_json",
    ]
    static let customDataColumns = ["contact_id", "name", "value"]

    /// Upserts a batch in one transaction; returns how many rows of each table were inserted or changed.
    package static func write(_ batch: CXoneBatch, importedAt: Date, to database: any SQLDatabase) async throws -> ImportCounts {
        let tables = statements(batch, importedAt: importedAt, database.dialect)
        var counts = try await database.writeAll(tables.flatMap { $0 })[...]
        let sums = tables.map { table in
            defer { counts = counts.dropFirst(table.count) }
            return counts.prefix(table.count).reduce(0, +)
        }
        return ImportCounts(contacts: sums[0], states: sums[1], customData: sums[2])
    }

    /// The upserts of a batch, contacts, states and custom data in turn, for a backend to run inside a transaction
    /// of its own (bulk writes). A row is only rewritten when what CXone sent differs, so a re-import changes nothing.
    package static func statements(_ batch: CXoneBatch, importedAt: Date, _ dialect: any SQLDialect) -> [[SQLStatement]] {
        let now = Timestamps.milliseconds(importedAt)
        let contacts = UpsertRows.lastOfEach(batch.contacts, by: \.contactId).map { contactValues($0, importedAt: now).map(SQLValue.init) }
        let states = UpsertRows.lastOfEach(batch.states, by: { "\($0.contactId)\u{0}\($0.stateIndex)" }).map { state -> [SQLValue] in
            [
                .text(state.contactId), .integer(Int64(state.stateIndex)), SQLValue(state.stateId), SQLValue(state.stateName),
                SQLValue(state.startedAt.map(Timestamps.milliseconds)), SQLValue(state.agentId), SQLValue(state.skillId),
                SQLValue(state.skillName), state.durationSeconds.map(SQLValue.real) ?? .null, .text(state.rawJSON),
            ]
        }
        let customData = UpsertRows.lastOfEach(batch.customData, by: { "\($0.contactId)\u{0}\($0.name)" }).map { item -> [SQLValue] in
            [.text(item.contactId), .text(item.name), .text(item.value)]
        }
        return [
            UpsertRows.statements(
                "cxone_contact", contactColumns, contacts, key: ["contact_id"],
                changed: UpsertRows.differs("cxone_contact", "raw_json", "caller_key"), dialect),
            UpsertRows.statements(
                "cxone_contact_state", stateColumns, states, key: ["contact_id", "state_index"],
                changed: UpsertRows.differs("cxone_contact_state", "raw_json"), dialect),
            UpsertRows.statements(
                "cxone_custom_data", customDataColumns, customData, key: ["contact_id", "name"],
                changed: UpsertRows.differs("cxone_custom_data", "value"), dialect),
        ]
    }

    /// The columns of `cxone_contact` in one list: the upserts write and the join decodes by walking it.
    package enum ContactColumn: String, CaseIterable, Sendable {
        case contactId = "contact_id", masterContactId = "master_contact_id", startedAtMs = "started_at_ms", endedAtMs = "ended_at_ms"
        case skillId = "skill_id", skillName = "skill_name", agentId = "agent_id", abandoned, abandonSeconds = "abandon_seconds"
        case endReason = "end_reason", isRefused = "is_refused", refuseReason = "refuse_reason", preQueueSeconds = "pre_queue_seconds"
        case inQueueSeconds = "in_queue_seconds", agentSeconds = "agent_seconds", totalDurationSeconds = "total_duration_seconds"
        case transferIndicator = "transfer_indicator", mediaType = "media_type", pointOfContact = "point_of_contact"
        case lastUpdateAtMs = "last_update_at_ms", callerKey = "caller_key", rawJson = "raw_json", importedAtMs = "imported_at_ms"

        package var kind: ColumnValue.Kind {
            switch self {
            case .startedAtMs, .endedAtMs, .abandoned, .isRefused, .lastUpdateAtMs, .importedAtMs: .integer
            case .abandonSeconds, .preQueueSeconds, .inQueueSeconds, .agentSeconds, .totalDurationSeconds: .real
            default: .text
            }
        }
    }

    package static let contactColumns = ContactColumn.allCases.map(\.rawValue)
    private static let positions = Dictionary(uniqueKeysWithValues: ContactColumn.allCases.enumerated().map { ($1, $0) })

    /// Where a column stands in `contactColumns`, and so in a row selected with them.
    package static func position(_ column: ContactColumn) -> Int { positions[column]! }

    /// A contact's row in `contactColumns` order, for either backend.
    package static func contactValues(_ contact: CXoneContact, importedAt: Int64) -> [ColumnValue] {
        ContactColumn.allCases.map { value(of: contact, $0, importedAt: importedAt) }
    }

    static func value(of contact: CXoneContact, _ column: ContactColumn, importedAt: Int64) -> ColumnValue {
        let milliseconds = { (date: Date?) in ColumnValue(date.map(Timestamps.milliseconds)) }
        let flag = { (value: Bool?) in ColumnValue(value.map { $0 ? 1 : 0 }) }
        let real = { (value: Double?) in value.map(ColumnValue.real) ?? .null }
        switch column {
        case .contactId: return .text(contact.contactId)
        case .masterContactId: return ColumnValue(contact.masterContactId)
        case .startedAtMs: return milliseconds(contact.startedAt)
        case .endedAtMs: return milliseconds(contact.endedAt)
        case .skillId: return ColumnValue(contact.skillId)
        case .skillName: return ColumnValue(contact.skillName)
        case .agentId: return ColumnValue(contact.agentId)
        case .abandoned: return flag(contact.abandoned)
        case .abandonSeconds: return real(contact.abandonSeconds)
        case .endReason: return ColumnValue(contact.endReason)
        case .isRefused: return flag(contact.isRefused)
        case .refuseReason: return ColumnValue(contact.refuseReason)
        case .preQueueSeconds: return real(contact.preQueueSeconds)
        case .inQueueSeconds: return real(contact.inQueueSeconds)
        case .agentSeconds: return real(contact.agentSeconds)
        case .totalDurationSeconds: return real(contact.totalDurationSeconds)
        case .transferIndicator: return ColumnValue(contact.transferIndicator)
        case .mediaType: return ColumnValue(contact.mediaType)
        case .pointOfContact: return ColumnValue(contact.pointOfContact)
        case .lastUpdateAtMs: return milliseconds(contact.lastUpdateAt)
        case .callerKey: return ColumnValue(contact.callerKey)
        case .rawJson: return .text(contact.rawJSON)
        case .importedAtMs: return .integer(importedAt)
        }
    }

    /// A contact read back, each column's value asked for by name.
    package static func contact(reading value: (ContactColumn) throws -> ColumnValue) throws -> CXoneContact {
        func date(_ column: ContactColumn) throws -> Date? { try value(column).integer.map(Timestamps.date(milliseconds:)) }
        func flag(_ column: ContactColumn) throws -> Bool? { try value(column).integer.map { $0 != 0 } }
        var contact = CXoneContact(contactId: try value(.contactId).text ?? "", rawJSON: try value(.rawJson).text ?? "")
        contact.masterContactId = try value(.masterContactId).text
        contact.startedAt = try date(.startedAtMs)
        contact.endedAt = try date(.endedAtMs)
        contact.skillId = try value(.skillId).text
        contact.skillName = try value(.skillName).text
        contact.agentId = try value(.agentId).text
        contact.abandoned = try flag(.abandoned)
        contact.abandonSeconds = try value(.abandonSeconds).real
        contact.endReason = try value(.endReason).text
        contact.isRefused = try flag(.isRefused)
        contact.refuseReason = try value(.refuseReason).text
        contact.preQueueSeconds = try value(.preQueueSeconds).real
        contact.inQueueSeconds = try value(.inQueueSeconds).real
        contact.agentSeconds = try value(.agentSeconds).real
        contact.totalDurationSeconds = try value(.totalDurationSeconds).real
        contact.transferIndicator = try value(.transferIndicator).text
        contact.mediaType = try value(.mediaType).text
        contact.pointOfContact = try value(.pointOfContact).text
        contact.lastUpdateAt = try date(.lastUpdateAtMs)
        contact.callerKey = try value(.callerKey).text
        return contact
    }
}
