import Crypto
import Foundation
import HandoverStore
import Logging
import PostgresNIO

/// `migrate-db`: copies every table of a SQLite database (any TableSource) into an empty PostgreSQL one, keeping ids, then reads both
/// back in key order and compares row counts and a SHA-256 of every value, table by table.
public struct SQLiteToPostgres {
    public struct TableResult: Sendable, Equatable {
        public let table: String
        public let sourceRows: Int
        public let targetRows: Int
        public let sourceChecksum: String
        public let targetChecksum: String
        public var matches: Bool { sourceRows == targetRows && sourceChecksum == targetChecksum }
    }

    public struct NotEmpty: Error, CustomStringConvertible {
        public let description: String
    }

    let source: any TableSource
    let target: PostgresStore
    let batchSize: Int

    package init(source: any TableSource, target: PostgresStore, batchSize: Int = 2_000) {
        self.source = source
        self.target = target
        self.batchSize = batchSize
    }

    /// Copies, then verifies. `progress` hears each table as it finishes copying.
    public func run(progress: (String, Int) -> Void = { _, _ in }) async throws -> [TableResult] {
        for (table, _) in StoreTables.exported {
            let count = try await target.rows("SELECT count(*) FROM \(table)").first?.decode(Int64.self) ?? 0
            guard count == 0 else {
                throw NotEmpty(description: "\(target.address) already holds rows in \(table); migrate-db only fills an empty database.")
            }
        }
        // Partitions first, so old snapshots go straight into their week instead of through the default partition.
        if let range = try await source.snapshotReceiveRange() {
            try await target.partitions.ensure(from: range.first, through: range.last)
        }
        for (table, key) in StoreTables.exported {
            progress(table, try await copy(table, key: key))
        }
        for table in ["snapshot", "handover_attempt"] {
            try await target.execute(
                "SELECT setval(pg_get_serial_sequence('\(table)', 'id'), GREATEST(COALESCE(MAX(id), 0), 1), MAX(id) IS NOT NULL) FROM \(table)")
        }
        var results: [TableResult] = []
        for (table, key) in StoreTables.exported {
            results.append(try await verify(table, key: key))
        }
        return results
    }

    private func copy(_ table: String, key: [String]) async throws -> Int {
        let columns = try await source.columns(of: table)
        var copied = 0
        try await forEachSourceBatch(table, columns: columns, key: key) { rows in
            let list = valuesList(rows.map { $0.map(\.bindable) })
            try await target.execute("INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES \(list.sql)", list.binds)
            copied += rows.count
        }
        return copied
    }

    private func verify(_ table: String, key: [String]) async throws -> TableResult {
        let columns = try await source.columns(of: table)
        var sourceHash = SHA256()
        var sourceRows = 0
        try await forEachSourceBatch(table, columns: columns, key: key) { rows in
            rows.forEach { $0.forEach { $0.hash(into: &sourceHash) } }
            sourceRows += rows.count
        }
        var targetHash = SHA256()
        var targetRows = 0
        try await forEachTargetBatch(table, columns: columns, key: key) { rows in
            rows.forEach { $0.forEach { $0.hash(into: &targetHash) } }
            targetRows += rows.count
        }
        return TableResult(
            table: table, sourceRows: sourceRows, targetRows: targetRows,
            sourceChecksum: sourceHash.hex, targetChecksum: targetHash.hex)
    }

    /// Every row of the SQLite table in primary-key order, `batchSize` rows at a time.
    private func forEachSourceBatch(
        _ table: String, columns: [String], key: [String],
        _ body: ([[ColumnValue]]) async throws -> Void
    ) async throws {
        let keyPositions = key.compactMap { columns.firstIndex(of: $0) }
        var after: [ColumnValue]?
        while true {
            let rows = try await source.rows(of: table, columns: columns, key: key, after: after, limit: batchSize)
            guard let last = rows.last else { return }
            try await body(rows)
            after = keyPositions.map { last[$0] }
        }
    }

    /// The same rows read back from PostgreSQL, in the same order (text keys in byte order, as SQLite's BINARY
    /// collation) and as the ColumnValues SQLite would hold, `batchSize` rows at a time.
    private func forEachTargetBatch(
        _ table: String, columns: [String], key: [String],
        _ body: ([[ColumnValue]]) async throws -> Void
    ) async throws {
        let types = try await target.rows(
            """
            SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1
            """, [table]
        ).reduce(into: [String: String]()) { types, row in
            let (name, type) = try row.decode((String, String).self)
            types[name] = type
        }
        let order = key.map { types[$0] == "text" ? "\($0) COLLATE \"C\"" : $0 }.joined(separator: ", ")
        let keyPositions = key.compactMap { columns.firstIndex(of: $0) }
        var after: [ColumnValue]?
        while true {
            let condition = after == nil ? "" : "WHERE (\(order)) > (\(key.indices.map { "$\($0 + 1)" }.joined(separator: ", ")))"
            let rows = try await target.rows(
                """
                SELECT \(columns.joined(separator: ", ")) FROM \(table) \(condition) ORDER BY \(order) LIMIT \(batchSize)
                """, (after ?? []).map(\.bindable)
            ).map { row in
                let cells = row.makeRandomAccess()
                return try columns.indices.map { try ColumnValue.read(cells[$0], type: types[columns[$0]] ?? "text") }
            }
            guard let last = rows.last else { return }
            try await body(rows)
            after = keyPositions.map { last[$0] }
        }
    }
}

extension ColumnValue {
    /// A tagged, length-prefixed encoding, so no two different rows hash alike by running into each other.
    func hash(into hash: inout SHA256) {
        func put(_ tag: UInt8, _ bytes: some DataProtocol) {
            var length = UInt64(bytes.count).bigEndian
            hash.update(data: [tag])
            withUnsafeBytes(of: &length) { hash.update(bufferPointer: $0) }
            hash.update(data: bytes)
        }
        switch self {
        case .null: put(0, Data())
        case .integer(let value): put(1, Data(String(value).utf8))
        case .real(let value): put(2, Data(String(value.bitPattern).utf8))
        case .text(let value): put(3, Data(value.utf8))
        case .blob(let value): put(4, value)
        }
    }
}

extension SHA256 {
    var hex: String { finalize().map { String(format: "%02x", $0) }.joined() }
}
