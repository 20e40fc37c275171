import HandoverStore
import Logging
import PostgresNIO

/// PostgreSQL's spelling of what the shared queries need.
struct PostgresDialect: SQLDialect {
    func placeholder(_ position: Int) -> String { "$\(position)" }

    /// One array parameter, whatever the list's length: the statement text stays the same for every chunk.
    func isIn(_ expression: String, _ values: [String], _ query: inout SQLQuery) -> String {
        "\(expression) = ANY(\(query.bind(.texts(values))))"
    }

    func caseBlindLike(_ expression: String, _ pattern: String) -> String { "\(expression) ILIKE \(pattern)" }
    let nullsFirst = " NULLS FIRST"
    /// Within PostgreSQL's 65,535 bound values at the widest table's columns.
    let rowsPerUpsert = 500
    let nullsLast = " NULLS LAST"
    /// Text columns are COLLATE "C" (byte order, as SQLite), so U+10FFFF ends any prefix range.
    func prefixEnd(_ placeholder: String) -> String { "\(placeholder) || U&'\\+10FFFF'" }
    func greatest(_ first: String, _ second: String) -> String { "GREATEST(\(first), \(second))" }
}

extension PostgresStore: SQLDatabase {
    package var dialect: any SQLDialect { PostgresDialect() }

    /// The join's queries see one snapshot of the database, in a read-only repeatable-read transaction.
    package func reading<T: Sendable>(_ body: @escaping @Sendable (any SQLReader) async throws -> T) async throws -> T {
        try await transaction { [logger] connection in
            try await connection.rows("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            return try await body(PostgresReader(connection: connection, logger: logger))
        }
    }

    /// Counts what the statement changed through a data-modifying CTE, as PostgresNIO does not hand over the tag.
    @discardableResult
    package func write(_ sql: String, _ values: [SQLValue]) async throws -> Int {
        Int(try await rows(Self.counting(sql), values.map(\.bindable)).first?.decode(Int64.self) ?? 0)
    }

    package func writeAll(_ statements: [SQLStatement]) async throws -> [Int] {
        try await transaction { [logger] connection in try await Self.run(statements, on: connection, logger) }
    }

    package func writeEach(_ next: @escaping @Sendable () throws -> [[SQLStatement]]?) async throws -> [Int] {
        do {
            return try await client.withTransaction(logger: logger) { [logger] connection in
                var changed: [Int] = []
                var pending = try next()
                while let groups = pending {
                    // The next batch is read while the server writes this one.
                    async let following = next()
                    for (group, statements) in groups.enumerated() {
                        changed.add(try await Self.run(statements, on: connection, logger), group: group)
                    }
                    pending = try await following
                }
                return changed
            }
        } catch {
            throw Self.classify(error, doing: "import")
        }
    }

    private static func run(_ statements: [SQLStatement], on connection: PostgresConnection, _ logger: Logger) async throws -> [Int] {
        var counts: [Int] = []
        for statement in statements {
            let rows = try await connection.rows(Self.counting(statement.sql), statement.values.map(\.bindable), logger: logger)
            counts.append(Int(try rows.first?.decode(Int64.self) ?? 0))
        }
        return counts
    }

    static func counting(_ sql: String) -> String {
        "WITH changed AS (\(sql) RETURNING 1) SELECT count(*) FROM changed"
    }
}

struct PostgresReader: SQLReader {
    let connection: PostgresConnection
    let logger: Logger

    func rows<T: Sendable>(_ sql: String, _ values: [SQLValue], _ decode: @escaping @Sendable (any SQLRow) throws -> T) async throws -> [T] {
        try await connection.rows(sql, values.map(\.bindable), logger: logger).map { try decode(PostgresCells(cells: $0.makeRandomAccess())) }
    }
}

struct PostgresCells: SQLRow {
    let cells: PostgresRandomAccessRow

    func integer(_ position: Int) throws -> Int64? { try cells[position].decode(Int64?.self) }
    func real(_ position: Int) throws -> Double? { try cells[position].decode(Double?.self) }
    func text(_ position: Int) throws -> String? { try cells[position].decode(String?.self) }
}

extension SQLValue {
    var bindable: any PostgresBindable {
        switch self {
        case .null: String?.none
        case .integer(let value): value
        case .real(let value): value
        case .text(let value): value
        case .texts(let values): values
        }
    }
}
