/// Rows for a multi-row upsert: one statement may not upsert a row twice (PostgreSQL refuses it), so the last of each
/// key wins, as it would one row at a time.
package enum UpsertRows {
    package static func lastOfEach<T>(_ items: [T], by key: (T) -> String) -> [T] {
        var position: [String: Int] = [:]
        for (index, item) in items.enumerated() { position[key(item)] = index }
        return items.indices.filter { position[key(items[$0])] == $0 }.map { items[$0] }
    }
}
