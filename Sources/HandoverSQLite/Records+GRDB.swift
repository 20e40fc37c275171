import Foundation
import GRDB
import HandoverStore

/// How GRDB reads and writes the plain records: by column name, snake case.
extension SnapshotRecord: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "snapshot"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// Columns written by name from the record's column list: Codable's key conversion cost a sixth of the ingest
    /// path's CPU.
    public func encode(to container: inout PersistenceContainer) {
        for column in Column.allCases { container[column.rawValue] = value(column).databaseValue }
    }
}

extension HandoverAttemptRecord: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "handover_attempt"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// Columns written by name from the record's column list: Codable's key conversion cost a sixth of the ingest
    /// path's CPU.
    public func encode(to container: inout PersistenceContainer) {
        for column in Column.allCases { container[column.rawValue] = value(column).databaseValue }
    }
}
