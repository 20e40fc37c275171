import Foundation

/// A stored value as either backend holds it, for copying tables between them and comparing the copies.
package enum ColumnValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)
}

extension ColumnValue {
    /// What a column holds, for backends whose reads are typed.
    package enum Kind: Sendable {
        case integer, real, text, blob
    }

    package init(_ integer: Int64?) {
        self = integer.map(ColumnValue.integer) ?? .null
    }

    package init(_ text: String?) {
        self = text.map(ColumnValue.text) ?? .null
    }

    package var integer: Int64? { if case .integer(let value) = self { value } else { nil } }
    package var real: Double? {
        switch self {
        case .real(let value): value
        case .integer(let value): Double(value)
        default: nil
        }
    }
    package var text: String? { if case .text(let value) = self { value } else { nil } }
    package var blob: Data? { if case .blob(let value) = self { value } else { nil } }
}

/// A store whose tables can be read in primary-key order as plain values: what `migrate-db` copies from and
/// compares against.
package protocol TableSource: Sendable {
    /// The first and last snapshot receive times, so a copy can make the target's partitions before it writes.
    func snapshotReceiveRange() async throws -> (first: Int64, last: Int64)?
    func columns(of table: String) async throws -> [String]
    /// Up to `limit` rows in primary-key order, after the key `after` (nil: from the start).
    func rows(of table: String, columns: [String], key: [String], after: [ColumnValue]?, limit: Int) async throws -> [[ColumnValue]]
}

package enum StoreTables {
    /// The tables `migrate-db` copies, each with its primary key, in an order that keeps references valid.
    package static let exported: [(name: String, key: [String])] = [
        ("snapshot", ["id"]), ("handover_attempt", ["id"]), ("idempotency_key", ["route", "key"]),
        ("cxone_contact", ["contact_id"]), ("cxone_contact_state", ["contact_id", "state_index"]),
        ("cxone_custom_data", ["contact_id", "name"]), ("source_position", ["source"]), ("cognigy_session", ["session_id"]),
        ("cognigy_message", ["collection", "record_id"]), ("session_diagnosis", ["session_id"]),
        ("search_term", ["term"]), ("session_term", ["term", "session_id"]), ("diagnosis_watermark", ["id"]), ("notification_state", ["code"]),
    ]
}
