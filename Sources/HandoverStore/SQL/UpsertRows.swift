/// Rows for a multi-row upsert: one statement may not upsert a row twice (PostgreSQL refuses it), so the last of each
/// key wins, as it would one row at a time.
package enum UpsertRows {
    package static func lastOfEach<T>(_ items: [T], by key: (T) -> String) -> [T] {
        var position: [String: Int] = [:]
        for (index, item) in items.enumerated() { position[key(item)] = index }
        return items.indices.filter { position[key(items[$0])] == $0 }.map { items[$0] }
    }
}

extension UpsertRows {
    /// Multi-row upserts of `rows` into `table`, written once for both backends. A row already stored is rewritten
    /// only when `changed` holds (a condition over it and `excluded`), so a re-import changes, and counts, nothing.
    /// `keeping`: columns whose stored value stays when the new row has none there.
    package static func statements(
        _ table: String, _ columns: [String], _ rows: [[SQLValue]], key: [String], changed: String, keeping: Set<String> = [],
        _ dialect: any SQLDialect
    ) -> [SQLStatement] {
        let updates = columns.filter { !key.contains($0) }.map { column in
            keeping.contains(column) ? "\(column) = COALESCE(excluded.\(column), \(table).\(column))" : "\(column) = excluded.\(column)"
        }.joined(separator: ", ")
        let rowsPerStatement = dialect.rowsPerUpsert
        return stride(from: 0, to: rows.count, by: rowsPerStatement).map { start in
            SQLQuery.statement(dialect) { query in
                let values = rows[start..<min(start + rowsPerStatement, rows.count)].map { row in
                    "(" + row.map { query.bind($0) }.joined(separator: ", ") + ")"
                }
                return """
                    INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES \(values.joined(separator: ", "))
                    ON CONFLICT (\(key.joined(separator: ", "))) DO UPDATE SET \(updates) WHERE \(changed)
                    """
            }
        }
    }

    /// `table.column IS DISTINCT FROM excluded.column` for each column, joined by OR.
    package static func differs(_ table: String, _ columns: String...) -> String {
        columns.map { "\(table).\($0) IS DISTINCT FROM excluded.\($0)" }.joined(separator: " OR ")
    }
}
