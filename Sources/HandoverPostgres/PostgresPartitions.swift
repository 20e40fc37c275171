import Foundation
import Logging
import PostgresNIO

/// Weekly partitions of `snapshot`, named `snapshot_wYYYYMMDD` after the Monday (UTC) they start on. Retention
/// drops a whole partition once all of it is older than the cut-off.
struct PostgresPartitions {
    let database: any PostgresTransactor
    let logger: Logger

    static let week: Int64 = 7 * 86_400_000
    /// 1970-01-01 was a Thursday; weeks start on Mondays, 4 days later.
    static let mondayOffset: Int64 = 4 * 86_400_000

    static func weekStart(_ milliseconds: Int64) -> Int64 {
        let shifted = milliseconds - mondayOffset
        return shifted - ((shifted % week) + week) % week + mondayOffset
    }

    static func name(weekStart: Int64) -> String {
        let date = Date(timeIntervalSince1970: Double(weekStart) / 1000)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "snapshot_w%04d%02d%02d", parts.year!, parts.month!, parts.day!)
    }

    /// The partitions for last week, this week and the next two, so ingest never lands in the default partition.
    func ensure(around date: Date) async throws {
        let now = Int64(date.timeIntervalSince1970 * 1000)
        try await ensure(from: now - Self.week, through: now + 2 * Self.week)
    }

    /// Creates every missing weekly partition between two receive times, moving any rows the default partition
    /// holds for those weeks into them (a migrated backlog), one week per transaction.
    func ensure(from first: Int64, through last: Int64) async throws {
        var start = Self.weekStart(first)
        let existing = try await existingPartitions()
        while start <= last {
            if !existing.contains(Self.name(weekStart: start)) { try await create(weekStart: start) }
            start += Self.week
        }
    }

    func existingPartitions() async throws -> Set<String> {
        try await database.transaction(logger) { [logger] connection in
            Set(
                try await connection.rows(
                    """
                    SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                    WHERE i.inhparent = 'snapshot'::regclass
                    """, logger: logger
                ).map { try $0.decode(String.self) })
        }
    }

    private func create(weekStart start: Int64) async throws {
        let name = Self.name(weekStart: start)
        let end = start + Self.week
        try await database.transaction(logger) { [logger] connection in
            try await connection.rows("SELECT pg_advisory_xact_lock($1)", [PostgresMigrator.lockKey], logger: logger)
            let exists = try await connection.rows("SELECT to_regclass($1) IS NOT NULL", [name], logger: logger)
            guard try exists.first?.decode(Bool.self) != true else { return }
            try await connection.rows("CREATE TABLE \(name) (LIKE snapshot INCLUDING DEFAULTS INCLUDING CONSTRAINTS)", logger: logger)
            try await connection.rows(
                """
                WITH moved AS (DELETE FROM snapshot_default WHERE received_at_ms >= \(start) AND received_at_ms < \(end) RETURNING *)
                INSERT INTO \(name) SELECT * FROM moved
                """, logger: logger)
            try await connection.rows("ALTER TABLE snapshot ATTACH PARTITION \(name) FOR VALUES FROM (\(start)) TO (\(end))", logger: logger)
        }
        logger.info("created snapshot partition", metadata: ["partition": "\(name)"])
    }

    /// Partitions that end at or before `cutoff`: everything in them is older, so they can be dropped whole.
    func expired(before cutoff: Int64) async throws -> [String] {
        try await existingPartitions().filter { $0.hasPrefix("snapshot_w") }.compactMap { name in
            guard let start = Self.weekStart(named: name), start + Self.week <= cutoff else { return nil }
            return name
        }.sorted()
    }

    static func weekStart(named name: String) -> Int64? {
        let digits = name.dropFirst("snapshot_w".count)
        guard digits.count == 8, let year = Int(digits.prefix(4)), let month = Int(digits.dropFirst(4).prefix(2)),
            let day = Int(digits.suffix(2))
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: year, month: month, day: day)).map { Int64($0.timeIntervalSince1970 * 1000) }
    }
}
