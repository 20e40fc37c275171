import Foundation
import GRDB
import HandoverCore
import HandoverStore

extension SQLiteStore {
    public func writeBulk(_ records: BulkRecords, importedAt: Date) async throws {
        do {
            try await pool.write { db in
                for (snapshot, envelope) in records.snapshots {
                    var record = SnapshotRecord(snapshot, envelope)
                    try record.insert(db)
                }
                for (attempt, verdict, envelope) in records.attempts {
                    var record = HandoverAttemptRecord(attempt, verdict, envelope)
                    try record.insert(db)
                }
                let cxone = CXoneImport.statements(records.cxone, importedAt: importedAt, dialect).flatMap { $0 }
                for statement in cxone + CognigyImport(self).statements(records.cognigy, importedAt: importedAt)
                    + GenesysImport.statements(records.genesys, importedAt: importedAt, dialect)
                {
                    try db.execute(sql: statement.sql, arguments: StatementArguments(statement.values.map(\.databaseValue)))
                }
            }
        } catch {
            throw Self.classify(error)
        }
    }
}
