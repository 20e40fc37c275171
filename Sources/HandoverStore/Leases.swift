import Foundation
import HandoverCore

/// A name for this process in the leases it holds: host, process id and a random part, so two processes never share one.
public enum LeaseHolder {
    public static func thisProcess() -> String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))"
    }
}

/// The `lease` table, written once for both backends: background work that must run once per cluster (notifications,
/// the scheduled fetch) runs in the replica holding its lease.
package struct LeaseTable: Sendable {
    let database: any SQLDatabase

    package init(_ database: any SQLDatabase) { self.database = database }

    /// One statement, so two replicas claiming at once cannot both win: the row is inserted, renewed by its holder,
    /// or taken over only once expired; otherwise it is left alone and nothing changes.
    package func claimLease(_ name: String, holder: String, now: Date, until: Date) async throws -> Bool {
        var query = SQLQuery(database.dialect)
        let (name, holder) = (query.bind(name), query.bind(holder))
        let (until, now) = (query.bind(Timestamps.milliseconds(until)), query.bind(Timestamps.milliseconds(now)))
        let changed = try await database.write(
            query,
            sql: """
                INSERT INTO lease (name, holder, expires_at_ms) VALUES (\(name), \(holder), \(until))
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at_ms = excluded.expires_at_ms
                WHERE lease.holder = excluded.holder OR lease.expires_at_ms < \(now)
                """)
        return changed > 0
    }
}
