import Foundation
import GRDB
import HandoverStore

extension SQLiteStore: TableSource {
    /// The first and last snapshot receive times, so a copy can make the target's partitions before it writes.
    package func snapshotReceiveRange() async throws -> (first: Int64, last: Int64)? {
        try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT MIN(received_at_ms), MAX(received_at_ms) FROM snapshot"),
                let first = row[0] as Int64?, let last = row[1] as Int64?
            else { return nil }
            return (first, last)
        }
    }

    package func columns(of table: String) async throws -> [String] {
        try await read { db in try db.columns(in: table).map(\.name) }
    }

    /// Up to `limit` rows in primary-key order, after the key `after` (nil: from the start).
    package func rows(of table: String, columns: [String], key: [String], after: [ColumnValue]?, limit: Int) async throws -> [[ColumnValue]] {
        try await read { db in
            let condition = after == nil ? "" : "WHERE (\(key.joined(separator: ", "))) > (\(key.map { _ in "?" }.joined(separator: ", ")))"
            let arguments = StatementArguments((after ?? []).map(\.databaseValue))
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT \(columns.joined(separator: ", ")) FROM \(table) \(condition) ORDER BY \(key.joined(separator: ", ")) LIMIT \(limit)
                    """, arguments: arguments
            ).map { row in
                (0..<row.count).map { ColumnValue(row[$0] as DatabaseValue) }
            }
        }
    }
}

extension ColumnValue {
    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let integer): self = .integer(integer)
        case .double(let real): self = .real(real)
        case .string(let text): self = .text(text)
        case .blob(let data): self = .blob(data)
        }
    }

    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .integer(let value): value.databaseValue
        case .real(let value): value.databaseValue
        case .text(let value): value.databaseValue
        case .blob(let value): value.databaseValue
        }
    }
}
