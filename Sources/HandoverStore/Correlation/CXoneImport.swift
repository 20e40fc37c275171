import Foundation
import HandoverCore

/// CXone records as table rows: the upserts, written once for both backends, and the join's reads.
package enum CXoneImport {
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

    /// Upserts a document's batches as they are read, in one transaction.
    package static func write(
        _ document: BatchStream<CXoneDocumentStream>, importedAt: Date, to database: any SQLDatabase
    ) async throws -> ImportCounts {
        let dialect = database.dialect
        let sums = try await database.writeEach { try document.next().map { statements($0, importedAt: importedAt, dialect) } }
        let changed = { (table: Int) in sums.indices.contains(table) ? sums[table] : 0 }
        return ImportCounts(contacts: changed(0), states: changed(1), customData: changed(2))
    }

    /// The upserts of a batch, contacts, states and custom data in turn, for a backend to run inside a transaction
    /// of its own (bulk writes). A row is only rewritten when what CXone sent differs, so a re-import changes nothing.
    package static func statements(_ batch: CXoneBatch, importedAt: Date, _ dialect: any SQLDialect) -> [[SQLStatement]] {
        let now = Timestamps.milliseconds(importedAt)
        let contacts = UpsertRows.lastOfEach(batch.contacts, by: \.contactId).map { contact in
            ContactColumn.row { value(of: contact, $0, importedAt: now) }
        }
        let states = UpsertRows.lastOfEach(batch.states, by: { "\($0.contactId)\u{0}\($0.stateIndex)" }).map { state in
            StateColumn.row { value(of: state, $0) }
        }
        let customData = UpsertRows.lastOfEach(batch.customData, by: { "\($0.contactId)\u{0}\($0.name)" }).map { item in
            CustomDataColumn.row { value(of: item, $0) }
        }
        return [
            UpsertRows.statements(
                "cxone_contact", ContactColumn.names, contacts, key: ["contact_id"],
                changed: UpsertRows.differs("cxone_contact", "raw_json", "caller_key"), dialect),
            UpsertRows.statements(
                "cxone_contact_state", StateColumn.names, states, key: ["contact_id", "state_index"],
                changed: UpsertRows.differs("cxone_contact_state", "raw_json"), dialect),
            UpsertRows.statements(
                "cxone_custom_data", CustomDataColumn.names, customData, key: ["contact_id", "name"],
                changed: UpsertRows.differs("cxone_custom_data", "value"), dialect),
        ]
    }
}
