import Foundation
import GRDB
import HandoverCore
import HandoverStore

/// SQLite's spelling of what the shared queries need.
struct SQLiteDialect: SQLDialect {
    func placeholder(_ position: Int) -> String { "?\(position)" }

    /// SQLite binds no arrays, so the list travels as one JSON array. A placeholder per value cost more the longer
    /// the list: GRDB looks up each numbered placeholder's name, and SQLite finds a name by a walk of the list.
    func isIn(_ expression: String, _ values: [String], _ query: inout SQLQuery) -> String {
        guard !values.isEmpty else { return "\(expression) IN (NULL)" }
        let list = JSONValue.array(values.map(JSONValue.string)).jsonText
        return "\(expression) IN (SELECT value FROM json_each(\(query.bind(list))))"
    }

    /// SQLite's LIKE is already blind to ASCII case.
    func caseBlindLike(_ expression: String, _ pattern: String) -> String { "\(expression) LIKE \(pattern) ESCAPE '\\'" }
    let nullsFirst = ""
    /// GRDB looks each numbered parameter's name up in a list, so a statement's cost grows with the square of its
    /// values; fifty rows keep that small.
    let rowsPerUpsert = 50
    let nullsLast = ""
    /// U+10FFFF in UTF-8: no text that starts with the prefix sorts after it.
    func prefixEnd(_ placeholder: String) -> String { "\(placeholder) || x'f48fbfbf'" }
    func greatest(_ first: String, _ second: String) -> String { "MAX(\(first), \(second))" }
}

extension SQLiteStore: SQLDatabase {
    package var dialect: any SQLDialect { SQLiteDialect() }

    /// Each query reads the latest committed state: GRDB's reads are synchronous closures, which the shared,
    /// asynchronous join cannot hold open across its queries.
    package func reading<T: Sendable>(_ body: @escaping @Sendable (any SQLReader) async throws -> T) async throws -> T {
        try await body(SQLiteReader(store: self))
    }

    @discardableResult
    package func write(_ sql: String, _ values: [SQLValue]) async throws -> Int {
        let arguments = StatementArguments(values.map(\.databaseValue))
        do {
            return try await pool.write { db in
                try db.execute(sql: sql, arguments: arguments)
                return db.changesCount
            }
        } catch {
            throw Self.classify(error)
        }
    }
}

extension SQLiteStore {
    package func writeAll(_ statements: [SQLStatement]) async throws -> [Int] {
        do {
            return try await pool.write { db in try statements.map { try Self.run($0, in: db) } }
        } catch {
            throw Self.classify(error)
        }
    }

    package func writeEach(_ next: @escaping @Sendable () throws -> [[SQLStatement]]?) async throws -> [Int] {
        do {
            return try await pool.write { db in
                var changed: [Int] = []
                while let groups = try next() {
                    for (group, statements) in groups.enumerated() { changed.add(try statements.map { try Self.run($0, in: db) }, group: group) }
                }
                return changed
            }
        } catch {
            throw Self.classify(error)
        }
    }

    /// Through GRDB's statement cache: a multi-row upsert's text repeats for every full batch of rows.
    private static func run(_ statement: SQLStatement, in db: Database) throws -> Int {
        try db.cachedStatement(sql: statement.sql).execute(arguments: StatementArguments(statement.values.map(\.databaseValue)))
        return db.changesCount
    }
}

struct SQLiteReader: SQLReader {
    let store: SQLiteStore

    func rows<T: Sendable>(_ sql: String, _ values: [SQLValue], _ decode: @escaping @Sendable (any SQLRow) throws -> T) async throws -> [T] {
        let arguments = StatementArguments(values.map(\.databaseValue))
        return try await store.read { db in
            // A cursor: a report reads millions of rows, and copying them first cost a fifth of the join.
            let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            var decoded: [T] = []
            while let row = try cursor.next() { decoded.append(try decode(GRDBRow(row: row))) }
            return decoded
        }
    }
}

struct GRDBRow: SQLRow {
    let row: Row

    func integer(_ position: Int) -> Int64? { row[position] }
    func real(_ position: Int) -> Double? { row[position] }
    func text(_ position: Int) -> String? { row[position] }
}

extension SQLValue {
    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .integer(let value): value.databaseValue
        case .real(let value): value.databaseValue
        case .text(let value): value.databaseValue
        // SQLiteDialect never binds a list as one value.
        case .texts(let values): values.joined(separator: ",").databaseValue
        }
    }
}
