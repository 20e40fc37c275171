/// The one way a table's columns are described: an enum of them, each named as in Schema/, beside a function giving
/// a record's value for each. Inserts, upserts and typed reads walk the enum, so a column is added in one place.
package protocol TableColumn: RawRepresentable<String>, CaseIterable, Hashable, Sendable where AllCases == [Self] {}

extension TableColumn {
    /// The columns' names in order, for an INSERT's or a SELECT's column list.
    package static var names: [String] { allCases.map(\.rawValue) }

    /// A record's row in column order.
    package static func row(_ value: (Self) -> ColumnValue) -> [SQLValue] { allCases.map { SQLValue(value($0)) } }
}
