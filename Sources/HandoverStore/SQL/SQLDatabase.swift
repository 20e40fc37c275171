import Foundation

/// What the shared queries run on: a backend's connection to its database, with its dialect.
package protocol SQLDatabase: Sendable {
    var dialect: any SQLDialect { get }
    /// How far apart a session's and a CXone contact's starts may be for the caller-and-time join (`--match-window`).
    var callerMatchWindow: TimeInterval { get }
    /// How long after a session's last event the other side's data may still arrive (`--settle`).
    var settle: TimeInterval { get }
    /// Runs `body` on one consistent view of the database where the backend can give one (PostgreSQL: a
    /// repeatable-read transaction), else on the latest committed state for each query (SQLite's pool).
    func reading<T: Sendable>(_ body: @escaping @Sendable (any SQLReader) async throws -> T) async throws -> T
    /// Runs one statement in a transaction of its own; returns the rows it changed.
    @discardableResult
    func write(_ sql: String, _ values: [SQLValue]) async throws -> Int
    /// Runs the statements in one transaction; returns the rows each one changed.
    func writeAll(_ statements: [SQLStatement]) async throws -> [Int]
    /// Runs the groups of statements `next` gives, one after another, in one transaction until it gives nil: a
    /// document of any size is committed whole or not at all, and held a batch at a time. No deadline, as it takes
    /// as long as the document needs. Returns the rows changed by each group's position (a table's upserts).
    func writeEach(_ next: @escaping @Sendable () throws -> [[SQLStatement]]?) async throws -> [Int]
}

extension [Int] {
    /// Adds what one batch's groups changed, group by group.
    package mutating func add(_ counts: [Int], group: Int) {
        while count <= group { append(0) }
        self[group] += counts.reduce(0, +)
    }
}

/// SQL with exactly the values it binds.
package struct SQLStatement: Sendable {
    package let sql: String
    package let values: [SQLValue]
}

package protocol SQLReader: Sendable {
    /// Every row of the query, each decoded as it is read.
    func rows<T: Sendable>(_ sql: String, _ values: [SQLValue], _ decode: @escaping @Sendable (any SQLRow) throws -> T) async throws -> [T]
}

/// One result row, read by position: the join reads millions, and looking columns up by name showed in profiles.
package protocol SQLRow {
    func integer(_ position: Int) throws -> Int64?
    func real(_ position: Int) throws -> Double?
    func text(_ position: Int) throws -> String?
}

extension SQLRow {
    package func value(_ position: Int, _ kind: ColumnValue.Kind) throws -> ColumnValue {
        switch kind {
        case .integer: ColumnValue(try integer(position))
        case .real: try real(position).map(ColumnValue.real) ?? .null
        case .text: ColumnValue(try text(position))
        case .blob: .null
        }
    }

    package func bool(_ position: Int) throws -> Bool? { try integer(position).map { $0 != 0 } }
}

extension SQLDatabase {
    package func rows<T: Sendable>(_ query: SQLQuery, sql: String, _ decode: @escaping @Sendable (any SQLRow) throws -> T) async throws -> [T] {
        try await reading { reader in try await reader.rows(sql, query.values, decode) }
    }

    @discardableResult
    package func write(_ query: SQLQuery, sql: String) async throws -> Int {
        try await write(sql, query.values)
    }
}
