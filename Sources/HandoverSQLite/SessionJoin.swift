import Foundation
import GRDB
import HandoverCore
import HandoverStore

/// The set-based join of both sides, a chunk of sessions at a time: five indexed queries per chunk, whatever
/// its size, never one query per session. Memory holds one chunk.
package struct SessionJoin {

    let db: Database

    /// Session ids in the filter with their first event (the flow's own time where it sent one), oldest first.
    /// Sessions come from the bot's tables and from custom data whose name mentions a session (a contact the bot
    /// never recorded). A time window or a search first narrows the candidates through the indexes, so a recent
    /// window never groups the whole history.
    func sessionKeys(_ filter: SessionFilter) throws -> [SessionKey] {
        var arguments: [String: (any DatabaseValueConvertible)?] = [:]
        var having: [String] = []
        var candidates: [String] = []
        if let since = filter.since {
            arguments["since"] = Timestamps.milliseconds(since)
            // An event's arrival is never much before its own time: an hour of slack covers any clock skew.
            arguments["arrivedSince"] = Timestamps.milliseconds(since) - 3_600_000
            having.append("MIN(first_ms) >= :since")
            candidates.append(Self.arrivedSince)
        }
        if let until = filter.until {
            arguments["until"] = Timestamps.milliseconds(until)
            having.append("MIN(first_ms) < :until")
        }
        if let text = filter.text?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            arguments["text"] = text
            let isNumber = text.allSatisfy(\.isNumber)
            if !isNumber {
                let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                    .replacingOccurrences(of: "_", with: "\\_")
                arguments["pattern"] = "%" + escaped + "%"
            }
            candidates.append(Self.matchingText + (isNumber ? "" : Self.matchingWords))
        }
        let only = candidates.isEmpty ? "" : "session_id IN (\(candidates.joined(separator: " INTERSECT ")))"
        let onlyValue = candidates.isEmpty ? "" : "AND d.value IN (\(candidates.joined(separator: " INTERSECT ")))"
        return try Row.fetchAll(db, sql: """
            SELECT session_id, MIN(first_ms) AS first_ms FROM (
                SELECT session_id, MIN(COALESCE(occurred_at_ms, received_at_ms)) AS first_ms FROM snapshot
                    \(only.isEmpty ? "" : "WHERE " + only) GROUP BY session_id
                UNION ALL
                SELECT session_id, MIN(COALESCE(occurred_at_ms, received_at_ms)) FROM handover_attempt
                    WHERE session_id IS NOT NULL \(only.isEmpty ? "" : "AND " + only) GROUP BY session_id
                UNION ALL
                SELECT d.value, MIN(c.started_at_ms) FROM cxone_custom_data d
                    LEFT JOIN cxone_contact c ON c.contact_id = d.contact_id
                    WHERE d.name LIKE '%session%' \(onlyValue) GROUP BY d.value
            ) GROUP BY session_id \(having.isEmpty ? "" : "HAVING " + having.joined(separator: " AND "))
            ORDER BY MIN(first_ms), session_id
            """, arguments: StatementArguments(arguments)).map { row in
            SessionKey(sessionId: row[0], firstAt: (row[1] as Int64?).map(Timestamps.date(milliseconds:)))
        }
    }

    static let arrivedSince = """
        SELECT session_id FROM snapshot WHERE received_at_ms >= :arrivedSince
        UNION SELECT session_id FROM handover_attempt WHERE received_at_ms >= :arrivedSince AND session_id IS NOT NULL
        UNION SELECT d.value FROM cxone_custom_data d JOIN cxone_contact c ON c.contact_id = d.contact_id
            WHERE c.started_at_ms >= :since AND d.name LIKE '%session%'
        """

    /// A search: the start of a session id or a contact id either side recorded (exactly), through the indexes.
    static let matchingText = """
        SELECT session_id FROM snapshot WHERE session_id >= :text AND session_id < :text || x'f48fbfbf'
        UNION SELECT session_id FROM snapshot WHERE contact_id = :text
        UNION SELECT session_id FROM snapshot WHERE spawned_contact_id = :text
        UNION SELECT session_id FROM snapshot WHERE master_contact_id = :text
        UNION SELECT session_id FROM snapshot WHERE contact_id = (SELECT master_contact_id FROM cxone_contact WHERE contact_id = :text)
        UNION SELECT session_id FROM snapshot WHERE spawned_contact_id = (SELECT master_contact_id FROM cxone_contact WHERE contact_id = :text)
        UNION SELECT session_id FROM handover_attempt WHERE contact_id = :text AND session_id IS NOT NULL
        UNION SELECT value FROM cxone_custom_data WHERE contact_id = :text AND name LIKE '%session%'
        UNION SELECT value FROM cxone_custom_data WHERE value >= :text AND value < :text || x'f48fbfbf' AND name LIKE '%session%'
        """

    /// Steps and intents, case-insensitively: a scan, so only for text that is not a number (numbers are ids).
    static let matchingWords = """
        UNION SELECT session_id FROM snapshot WHERE label LIKE :pattern ESCAPE '\\' OR intent LIKE :pattern ESCAPE '\\'
        """

    func sessions(_ ids: [String]) throws -> [CorrelatedSession] {
        var sessions = Dictionary(uniqueKeysWithValues: ids.map { ($0, CorrelatedSession(sessionId: $0)) })
        for (sessionId, event) in try snapshotEvents(ids) { sessions[sessionId]?.snapshots.append(event) }
        for (sessionId, event) in try attemptEvents(ids) { sessions[sessionId]?.attempts.append(event) }
        try attachContacts(to: &sessions)
        return ids.compactMap { sessions[$0] }
    }

    private func snapshotEvents(_ ids: [String]) throws -> [(String, CorrelatedSession.SnapshotEvent)] {
        var events: [(String, CorrelatedSession.SnapshotEvent)] = []
        let rows = try Row.fetchCursor(db, sql: """
            SELECT id, session_id, COALESCE(occurred_at_ms, received_at_ms) AS at_ms, label, intent, contact_id, spawned_contact_id, master_contact_id,
                handover_report, handover_failed, handover_stage, handover_error
            FROM snapshot WHERE session_id IN \(placeholders(ids.count)) ORDER BY session_id, at_ms, id
            """, arguments: StatementArguments(ids))
        // A cursor and columns by position: a report reads millions of rows; copying them and looking columns up by
        // name cost a fifth of the join.
        while let row = try rows.next() {
            let contactIds = [row[5], row[6], row[7]].compactMap { $0 as String? }
            let event = CorrelatedSession.SnapshotEvent(
                id: row[0], at: Timestamps.date(milliseconds: row[2]), label: row[3], intent: row[4],
                contactIds: contactIds, reportedFailure: Self.reportedFailure(row))
            events.append((row[1], event))
        }
        return events
    }

    static func reportedFailure(_ row: Row) -> String? {
        SnapshotRecord.handoverReport(source: row[8], failed: row[9], stage: row[10], error: row[11])?.failureSummary
    }

    private func attemptEvents(_ ids: [String]) throws -> [(String, CorrelatedSession.AttemptEvent)] {
        try Row.fetchAll(db, sql: """
            SELECT id, session_id, COALESCE(occurred_at_ms, received_at_ms) AS at_ms, valid, errors_json, contact_id, queue_id, outcome,
                CAST(COALESCE(json_extract(outcome_json, '$.error'), json_extract(outcome_json, '$.CXoneHandover.error'),
                    json_extract(outcome_json, '$.handover.error.message')) AS TEXT) AS outcome_error,
                CAST(COALESCE(json_extract(outcome_json, '$.stage'), json_extract(outcome_json, '$.CXoneHandover.stage')) AS TEXT) AS outcome_stage
            FROM handover_attempt WHERE session_id IN \(placeholders(ids.count)) ORDER BY session_id, at_ms, id
            """, arguments: StatementArguments(ids)).map { row in
            let event = CorrelatedSession.AttemptEvent(
                id: row["id"], at: Timestamps.date(milliseconds: row["at_ms"]), valid: row["valid"],
                errors: EventFields.errorSummaries(row["errors_json"]), contactId: row["contact_id"], queueId: row["queue_id"],
                outcome: (row["outcome"] as String?).flatMap(HandoverOutcome.init(rawValue:)), outcomeDetail: EventFields.outcomeDetail(stage: row["outcome_stage"], error: row["outcome_error"]))
            return (row["session_id"], event)
        }
    }

    func placeholders(_ count: Int) -> String {
        "(" + Array(repeating: "?", count: max(count, 1)).joined(separator: ",") + ")"
    }
}
