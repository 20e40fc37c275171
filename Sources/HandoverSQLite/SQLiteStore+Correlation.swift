import Foundation
import GRDB
import HandoverCore
import HandoverStore

extension SQLiteStore: CorrelationStore {
    public func importCXone(_ batch: CXoneBatch, importedAt: Date) async throws -> ImportCounts {
        do {
            return try await pool.write { db in try CXoneImport.write(batch, importedAt: importedAt, in: db) }
        } catch {
            throw Self.classify(error)
        }
    }
}

/// One process commits in id order, so the refresh's watermark needs no settling time.
extension SQLiteStore: SharedStore, NotificationStore {
    package var refreshSettlingMilliseconds: Int64 { 0 }
}
