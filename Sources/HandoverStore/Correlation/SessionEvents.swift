import HandoverCore

/// A table of a session's events (snapshots, handover attempts) as the join reads it: every event of most sessions;
/// of a session with more than a diagnosis needs, the first and the newest (`EventsRead`), so one crowded session
/// cannot take the memory of a refresh; or one page of them, for `session --page`.
struct SessionEvents<Event: Sendable>: Sendable {
    let dialect: any SQLDialect
    let table: String
    /// The select list, with `session_id` and `at_ms` (the event's time) among its columns.
    let columns: String
    let decode: @Sendable (any SQLRow) throws -> (String, Event)

    /// How many events each of these sessions has stored.
    func stored(_ ids: [String], _ reader: any SQLReader) async throws -> [String: Int] {
        var query = SQLQuery(dialect)
        let sql = "SELECT session_id, COUNT(*) FROM \(table) WHERE \(query.isIn("session_id", ids)) GROUP BY session_id"
        let counts = try await reader.rows(sql, query.values) { row in (try row.text(0) ?? "", Int(try row.integer(1) ?? 0)) }
        return Dictionary(counts, uniquingKeysWith: +)
    }

    /// Every event of each session, oldest first, except the first and the newest only of the `crowded`.
    func read(_ ids: [String], crowded: Set<String>, _ reader: any SQLReader) async throws -> [(String, Event)] {
        let whole = ids.filter { !crowded.contains($0) }
        var events: [(String, Event)] = []
        if !whole.isEmpty {
            var query = SQLQuery(dialect)
            let sql = "SELECT \(columns) FROM \(table) WHERE \(query.isIn("session_id", whole)) ORDER BY session_id, at_ms, id"
            events = try await reader.rows(sql, query.values, decode)
        }
        for id in crowded.sorted() {
            events += try await slice(of: id, newestFirst: false, limit: EventsRead.first, offset: 0, reader)
            events += try await slice(of: id, newestFirst: true, limit: EventsRead.newest, offset: 0, reader).reversed()
        }
        return events
    }

    /// Page `page` (from 1) of one session's events, oldest first.
    func page(_ page: Int, of id: String, _ reader: any SQLReader) async throws -> [(String, Event)] {
        try await slice(of: id, newestFirst: false, limit: EventsRead.pageSize, offset: (page - 1) * EventsRead.pageSize, reader)
    }

    private func slice(of id: String, newestFirst: Bool, limit: Int, offset: Int, _ reader: any SQLReader) async throws -> [(String, Event)] {
        var query = SQLQuery(dialect)
        let order = newestFirst ? "at_ms DESC, id DESC" : "at_ms, id"
        let sql = "SELECT \(columns) FROM \(table) WHERE session_id = \(query.bind(id)) ORDER BY \(order) LIMIT \(limit) OFFSET \(offset)"
        return try await reader.rows(sql, query.values, decode)
    }
}
