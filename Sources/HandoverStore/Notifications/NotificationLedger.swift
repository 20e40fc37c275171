import Foundation
import HandoverCore

/// The notification tables, written once for both backends.
package struct NotificationLedger: Sendable {
    let database: any SQLDatabase

    package init(_ database: any SQLDatabase) { self.database = database }

    package func claimLease(holder: String, now: Date, until: Date) async throws -> Bool {
        try await LeaseTable(database).claimLease("notifications", holder: holder, now: now, until: until)
    }

    package func states() async throws -> [DiagnosisCode: NotificationPolicy.CodeState] {
        let rows = try await database.rows(
            SQLQuery(database.dialect), sql: "SELECT code, firing, count, fired_at_ms, changed_at_ms FROM notification_state"
        ) { row -> (DiagnosisCode, NotificationPolicy.CodeState)? in
            guard let code = try row.text(0).flatMap(DiagnosisCode.init(rawValue:)) else { return nil }
            return (
                code,
                NotificationPolicy.CodeState(
                    firing: try row.bool(1) ?? false, count: Int(try row.integer(2) ?? 0),
                    firedAt: Timestamps.date(milliseconds: try row.integer(3) ?? 0),
                    changedAt: Timestamps.date(milliseconds: try row.integer(4) ?? 0))
            )
        }
        return Dictionary(rows.compactMap { $0 }, uniquingKeysWith: { _, last in last })
    }

    package func record(_ code: DiagnosisCode, _ state: NotificationPolicy.CodeState) async throws {
        var query = SQLQuery(database.dialect)
        let values = [
            query.bind(code.rawValue), query.bind(state.firing ? 1 : 0), query.bind(Int64(state.count)),
            query.bind(Timestamps.milliseconds(state.firedAt)), query.bind(Timestamps.milliseconds(state.changedAt)),
        ]
        try await database.write(
            query,
            sql: """
                INSERT INTO notification_state (code, firing, count, fired_at_ms, changed_at_ms) VALUES (\(values.joined(separator: ", ")))
                ON CONFLICT (code) DO UPDATE SET firing = excluded.firing, count = excluded.count, fired_at_ms = excluded.fired_at_ms,
                    changed_at_ms = excluded.changed_at_ms
                """)
    }
}
