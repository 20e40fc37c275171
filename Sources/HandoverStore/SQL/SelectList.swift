/// The columns of one SELECT as an enum whose raw values are their positions: the select list is built from the
/// cases in order and a row is read by case, so no column can be read from another's position.
package protocol SelectList: CaseIterable where RawValue == Int, Self: RawRepresentable {
    /// The SQL expression this column selects.
    func expression(_ dialect: any SQLDialect) -> String
}

extension SelectList {
    /// `a, b, c`, for the SELECT clause.
    package static func sql(_ dialect: any SQLDialect) -> String {
        allCases.map { $0.expression(dialect) }.joined(separator: ", ")
    }
}

extension SQLRow {
    package func integer<Column: SelectList>(_ column: Column) throws -> Int64? { try integer(column.rawValue) }
    package func real<Column: SelectList>(_ column: Column) throws -> Double? { try real(column.rawValue) }
    package func text<Column: SelectList>(_ column: Column) throws -> String? { try text(column.rawValue) }
    package func bool<Column: SelectList>(_ column: Column) throws -> Bool? { try bool(column.rawValue) }
}
