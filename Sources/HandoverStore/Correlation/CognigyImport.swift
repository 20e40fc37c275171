import Foundation
import HandoverCore

/// Cognigy's OData records as table rows: multi-row upserts written once for both backends, each row rewritten only
/// when what Cognigy sent differs, so a re-import changes (and counts) nothing.
package struct CognigyImport: Sendable {
    let database: any SQLDatabase

    package init(_ database: any SQLDatabase) { self.database = database }

    /// Returns how many rows were inserted or changed, all in one transaction.
    package func write(_ batch: CognigyBatch, importedAt: Date) async throws -> Int {
        let statements = statements(batch, importedAt: importedAt)
        guard !statements.isEmpty else { return 0 }
        return try await database.writeAll(statements).reduce(0, +)
    }

    /// Upserts a document's batches as they are read, in one transaction; returns the rows inserted or changed.
    package func write(_ document: BatchStream<CognigyDocumentStream>, importedAt: Date) async throws -> Int {
        try await database.writeEach { try document.next().map { [statements($0, importedAt: importedAt)] } }.reduce(0, +)
    }

    /// The upserts of a batch, for a backend to run inside a transaction of its own (bulk writes).
    package func statements(_ batch: CognigyBatch, importedAt: Date) -> [SQLStatement] {
        let now = Timestamps.milliseconds(importedAt)
        let sessions = UpsertRows.lastOfEach(batch.sessions, by: \.sessionId).map { session in
            SessionColumn.row { Self.value(of: session, $0, importedAt: now) }
        }
        let messages = UpsertRows.lastOfEach(batch.messages, by: { "\($0.collection.rawValue)\u{0}\($0.recordId)" }).map { message in
            MessageColumn.row { Self.value(of: message, $0, importedAt: now) }
        }
        return upserts("cognigy_session", SessionColumn.names, sessions, key: ["session_id"])
            + upserts("cognigy_message", MessageColumn.names, messages, key: ["collection", "record_id"])
    }

    private func upserts(_ table: String, _ columns: [String], _ rows: [[SQLValue]], key: [String]) -> [SQLStatement] {
        UpsertRows.statements(table, columns, rows, key: key, changed: UpsertRows.differs(table, "raw_json"), database.dialect)
    }

    /// The newest import time of Cognigy's records, 0 before the first: what the diagnoses and `activity` follow.
    static func lastImportedSQL(_ dialect: any SQLDialect) -> String {
        dialect.greatest(
            "COALESCE((SELECT MAX(imported_at_ms) FROM cognigy_session), 0)", "COALESCE((SELECT MAX(imported_at_ms) FROM cognigy_message), 0)")
    }
}
