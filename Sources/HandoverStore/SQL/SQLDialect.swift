/// How one database spells the few things the shared queries need (after sql-kit's SQLDialect): placeholders,
/// lists, case-blind matching, where NULL sorts, the end of a prefix range, reading JSON. Everything else in the
/// join, the diagnosis refresh and retention is written once, in SQL both databases read alike.
package protocol SQLDialect: Sendable {
    /// The placeholder of the n-th bound value, counting from 1; a value bound once may be used many times.
    func placeholder(_ position: Int) -> String
    /// `expression IN (values)`, binding the values through `query`.
    func isIn(_ expression: String, _ values: [String], _ query: inout SQLQuery) -> String
    /// `expression LIKE pattern`, blind to ASCII case, with `\` escaping `%` and `_`.
    func caseBlindLike(_ expression: String, _ pattern: String) -> String
    /// Appended to an ascending ORDER BY term so NULL comes first (SQLite's own order).
    var nullsFirst: String { get }
    /// Appended to a descending ORDER BY term so NULL comes last (SQLite's own order).
    var nullsLast: String { get }
    /// The end of the range of text starting with the value at `placeholder`: `>= p AND < end` is a prefix search
    /// an index can serve.
    func prefixEnd(_ placeholder: String) -> String
    /// The larger of two values.
    func greatest(_ first: String, _ second: String) -> String
    /// Rows in one multi-row upsert (`UpsertRows`): as many as keep a statement's own cost from growing faster than
    /// its rows, which bounds it on SQLite, while each statement is a round trip to PostgreSQL.
    var rowsPerUpsert: Int { get }
}

/// A value bound to a query.
package enum SQLValue: Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    /// A list bound as one value, for dialects that take arrays (`= ANY($1)`).
    case texts([String])

    package init(_ integer: Int64?) { self = integer.map(SQLValue.integer) ?? .null }
    package init(_ text: String?) { self = text.map(SQLValue.text) ?? .null }

    package init(_ value: ColumnValue) {
        switch value {
        case .null, .blob: self = .null
        case .integer(let integer): self = .integer(integer)
        case .real(let real): self = .real(real)
        case .text(let text): self = .text(text)
        }
    }
}

/// SQL text being built with the values bound to it, numbered as the dialect wants.
package struct SQLQuery: Sendable {
    package let dialect: any SQLDialect
    package private(set) var values: [SQLValue] = []

    package init(_ dialect: any SQLDialect) { self.dialect = dialect }

    /// Binds a value and returns its placeholder.
    package mutating func bind(_ value: SQLValue) -> String {
        values.append(value)
        return dialect.placeholder(values.count)
    }

    package mutating func bind(_ text: String) -> String { bind(.text(text)) }
    package mutating func bind(_ integer: Int64) -> String { bind(.integer(integer)) }

    package mutating func isIn(_ expression: String, _ list: [String]) -> String {
        dialect.isIn(expression, list, &self)
    }

    /// A statement built with its own placeholders: `build` binds through a fresh query and returns the SQL.
    package static func statement(_ dialect: any SQLDialect, _ build: (inout SQLQuery) -> String) -> SQLStatement {
        var query = SQLQuery(dialect)
        let sql = build(&query)
        return SQLStatement(sql: sql, values: query.values)
    }
}
