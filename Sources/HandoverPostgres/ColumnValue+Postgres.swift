import Foundation
import HandoverStore
import PostgresNIO

/// Stored values as PostgresNIO binds and reads them.
extension ColumnValue {
    var bindable: any PostgresBindable {
        switch self {
        case .null: Optional<String>.none
        case .integer(let value): value
        case .real(let value): value
        case .text(let value): value
        case .blob(let value): value
        }
    }

    /// A PostgreSQL cell as the ColumnValue SQLite would hold for it (by the column's declared type).
    static func read(_ cell: PostgresCell, type: String) throws -> ColumnValue {
        switch type {
        case "bigint": try read(cell, kind: .integer)
        case "double precision": try read(cell, kind: .real)
        case "bytea": try read(cell, kind: .blob)
        default: try read(cell, kind: .text)
        }
    }

    /// A cell of a column whose kind the record's column list gives.
    static func read(_ cell: PostgresCell, kind: Kind) throws -> ColumnValue {
        switch kind {
        case .integer: try cell.decode(Int64?.self).map(ColumnValue.integer) ?? .null
        case .real: try cell.decode(Double?.self).map(ColumnValue.real) ?? .null
        case .blob: try cell.decode(Data?.self).map(ColumnValue.blob) ?? .null
        case .text: try cell.decode(String?.self).map(ColumnValue.text) ?? .null
        }
    }
}
