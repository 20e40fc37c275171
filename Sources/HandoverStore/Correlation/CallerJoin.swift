import Foundation
import HandoverCore

/// The caller-and-time join, for sessions with no id to join by: a contact centre's record (a CXone contact, a Genesys
/// conversation) from the same caller number (`CallerKey`) that started within the window of the session. One query
/// per chunk; a session is matched only when exactly one record fits, and when several do, none is taken and all are named.
struct CallerJoin {
    let dialect: any SQLDialect
    let reader: any SQLReader
    /// How far apart the session's and the record's starts may be (`--match-window`).
    let window: TimeInterval
    var target = ContactCentreTable.cxone
    /// Which sessions lack an id to join by on the target's side.
    var eligible: @Sendable (CorrelatedSession) -> Bool = {
        $0.lacksUsableContactId && $0.namingCustomData.isEmpty && $0.recordedConversationIds.isEmpty
    }

    func matches(for sessions: [String: CorrelatedSession]) async throws -> [String: CallerMatch] {
        let wanted = sessions.values.compactMap { session -> (id: String, key: String, start: Date)? in
            guard eligible(session), let key = session.callerKey, let start = session.botStartedAt else { return nil }
            return (session.sessionId, key, start)
        }
        guard let earliest = wanted.map(\.start).min(), let latest = wanted.map(\.start).max() else { return [:] }
        var query = SQLQuery(dialect)
        let keys = query.isIn("caller_key", Array(Set(wanted.map(\.key))))
        let from = query.bind(Timestamps.milliseconds(earliest.addingTimeInterval(-window)))
        let until = query.bind(Timestamps.milliseconds(latest.addingTimeInterval(window)))
        let sql = """
            SELECT \(target.id), caller_key, started_at_ms FROM \(target.table)
            WHERE \(keys) AND started_at_ms >= \(from) AND started_at_ms <= \(until) ORDER BY started_at_ms, \(target.id)
            """
        let candidates = try await reader.rows(sql, query.values) { row in
            (contactId: try row.text(0) ?? "", key: try row.text(1) ?? "", start: Timestamps.date(milliseconds: try row.integer(2) ?? 0))
        }
        let byKey = Dictionary(grouping: candidates, by: \.key)
        var matches: [String: CallerMatch] = [:]
        for session in wanted {
            let fitting = byKey[session.key, default: []].filter { abs($0.start.timeIntervalSince(session.start)) <= window }
            if fitting.count == 1, let only = fitting.first {
                matches[session.id] = .matched(contactId: only.contactId, offsetSeconds: only.start.timeIntervalSince(session.start))
            } else if fitting.count > 1 {
                matches[session.id] = .ambiguous(contactIds: fitting.map(\.contactId))
            }
        }
        return matches
    }
}

/// The caller-and-time join's default window: a voice call reaches the bot within seconds of CXone starting the contact.
public enum CallerJoinDefaults {
    public static let window: TimeInterval = 120
}
