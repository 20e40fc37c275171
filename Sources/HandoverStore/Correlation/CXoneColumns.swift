import Foundation
import HandoverCore

/// CXone's tables, each column once (`TableColumn`): what the upserts write and the join decodes.
extension CXoneImport {
    /// The columns of `cxone_contact` in one list: the upserts write and the join decodes by walking it.
    package enum ContactColumn: String, TableColumn {
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

    private static let positions = Dictionary(uniqueKeysWithValues: ContactColumn.allCases.enumerated().map { ($1, $0) })

    /// Where a column stands in `ContactColumn.names`, and so in a row selected with them.
    package static func position(_ column: ContactColumn) -> Int { positions[column]! }

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

    /// The columns of `cxone_contact_state`.
    package enum StateColumn: String, TableColumn {
        case contactId = "contact_id", stateIndex = "state_index", stateId = "state_id", stateName = "state_name"
        case startedAtMs = "started_at_ms", agentId = "agent_id", skillId = "skill_id", skillName = "skill_name"
        case durationSeconds = "duration_seconds", rawJson = "raw_json"
    }

    static func value(of state: ContactState, _ column: StateColumn) -> ColumnValue {
        switch column {
        case .contactId: .text(state.contactId)
        case .stateIndex: .integer(Int64(state.stateIndex))
        case .stateId: ColumnValue(state.stateId)
        case .stateName: ColumnValue(state.stateName)
        case .startedAtMs: ColumnValue(state.startedAt.map(Timestamps.milliseconds))
        case .agentId: ColumnValue(state.agentId)
        case .skillId: ColumnValue(state.skillId)
        case .skillName: ColumnValue(state.skillName)
        case .durationSeconds: state.durationSeconds.map(ColumnValue.real) ?? .null
        case .rawJson: .text(state.rawJSON)
        }
    }

    /// The columns of `cxone_custom_data`.
    package enum CustomDataColumn: String, TableColumn {
        case contactId = "contact_id", name, value
    }

    static func value(of item: CustomDataItem, _ column: CustomDataColumn) -> ColumnValue {
        switch column {
        case .contactId: .text(item.contactId)
        case .name: .text(item.name)
        case .value: .text(item.value)
        }
    }
}
