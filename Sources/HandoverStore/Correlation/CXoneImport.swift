import Foundation
import HandoverCore

/// CXone records as table rows, for both backends' upserts and reads.
package enum CXoneImport {
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

    /// The columns of `cxone_contact`, in the order `contactValues` gives them and the join decodes them.
    package static let contactColumns = [
        "contact_id", "master_contact_id", "started_at_ms", "ended_at_ms", "skill_id", "skill_name", "agent_id",
        "abandoned", "abandon_seconds", "end_reason", "is_refused", "refuse_reason", "pre_queue_seconds",
        "in_queue_seconds", "agent_seconds", "total_duration_seconds", "transfer_indicator", "media_type",
        "point_of_contact", "last_update_at_ms", "raw_json", "imported_at_ms",
    ]
}
