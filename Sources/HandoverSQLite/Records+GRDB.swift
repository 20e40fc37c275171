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

/// Webhook records go in through one cached statement per table: GRDB's generic `insert` builds the statement and
/// its argument container anew for every record, a visible part of each webhook's cost.
enum CachedInsert {
    static func sql(table: String, columns: [String]) -> String {
        "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))"
    }

    static func run(_ db: Database, sql: String, values: [ColumnValue]) throws -> Int64 {
        try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(values.map(\.databaseValue)))
        return db.lastInsertedRowID
    }
}

extension SnapshotRecord {
    private static let insertedColumns = Column.allCases.filter { $0 != .id }
    private static let insertSQL = CachedInsert.sql(table: databaseTableName, columns: insertedColumns.map(\.rawValue))

    /// Inserts the record (its id left to the database) and returns the new id.
    func insertReturningId(_ db: Database) throws -> Int64 {
        try CachedInsert.run(db, sql: Self.insertSQL, values: Self.insertedColumns.map(value))
    }
}

extension HandoverAttemptRecord {
    private static let insertedColumns = Column.allCases.filter { $0 != .id }
    private static let insertSQL = CachedInsert.sql(table: databaseTableName, columns: insertedColumns.map(\.rawValue))

    /// Inserts the record (its id left to the database) and returns the new id.
    func insertReturningId(_ db: Database) throws -> Int64 {
        try CachedInsert.run(db, sql: Self.insertSQL, values: Self.insertedColumns.map(value))
    }
}
