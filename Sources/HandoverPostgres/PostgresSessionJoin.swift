import Foundation
import HandoverCore
import HandoverStore
import PostgresNIO

/// SessionJoin's queries in PostgreSQL's dialect: the same five set-based queries per chunk of sessions, the same
/// rules (HandoverStore's ContactLinks), the same order. What differs is only spelling: `->`/`#>` for json_extract,
/// ILIKE for SQLite's case-blind LIKE, NULLS FIRST/LAST where SQLite's NULL order is implied, and a text range up to
/// U+10FFFF for a prefix (the session id columns are COLLATE "C", byte order, as in SQLite).
struct PostgresSessionJoin {
    let connection: PostgresConnection
    let store: PostgresStore

    /// Numbered parameters, named once and reused.
    struct Parameters {
        var values: [any PostgresBindable] = []
        mutating func add(_ value: any PostgresBindable) -> String {
            values.append(value)
            return "$\(values.count)"
        }
    }

    func sessionKeys(_ filter: SessionFilter) async throws -> [SessionKey] {
        var parameters = Parameters()
        var having: [String] = []
        var candidates: [String] = []
        if let since = filter.since {
            let from = parameters.add(Timestamps.milliseconds(since))
            let arrived = parameters.add(Timestamps.milliseconds(since) - 3_600_000)
            having.append("MIN(first_ms) >= \(from)")
            candidates.append("""
                SELECT session_id FROM snapshot WHERE received_at_ms >= \(arrived)
                UNION SELECT session_id FROM handover_attempt WHERE received_at_ms >= \(arrived) AND session_id IS NOT NULL
                UNION SELECT d.value FROM cxone_custom_data d JOIN cxone_contact c ON c.contact_id = d.contact_id
                    WHERE c.started_at_ms >= \(from) AND d.name ILIKE '%session%'
                """)
        }
        if let until = filter.until {
            having.append("MIN(first_ms) < \(parameters.add(Timestamps.milliseconds(until)))")
        }
        if let text = filter.text?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            candidates.append(Self.matching(text, &parameters))
        }
        let only = candidates.isEmpty ? "" : "session_id IN (\(candidates.joined(separator: " INTERSECT ")))"
        let onlyValue = candidates.isEmpty ? "" : "AND d.value IN (\(candidates.joined(separator: " INTERSECT ")))"
        return try await connection.rows("""
            SELECT session_id, MIN(first_ms) FROM (
                SELECT session_id, MIN(COALESCE(occurred_at_ms, received_at_ms)) AS first_ms FROM snapshot
                    \(only.isEmpty ? "" : "WHERE " + only) GROUP BY session_id
                UNION ALL
                SELECT session_id, MIN(COALESCE(occurred_at_ms, received_at_ms)) FROM handover_attempt
                    WHERE session_id IS NOT NULL \(only.isEmpty ? "" : "AND " + only) GROUP BY session_id
                UNION ALL
                SELECT d.value, MIN(c.started_at_ms) FROM cxone_custom_data d
                    LEFT JOIN cxone_contact c ON c.contact_id = d.contact_id
                    WHERE d.name ILIKE '%session%' \(onlyValue) GROUP BY d.value
            ) AS events GROUP BY session_id \(having.isEmpty ? "" : "HAVING " + having.joined(separator: " AND "))
            ORDER BY MIN(first_ms) NULLS FIRST, session_id
            """, parameters.values, logger: store.logger).map { row in
            let (sessionId, first) = try row.decode((String, Int64?).self)
            return SessionKey(sessionId: sessionId, firstAt: first.map(Timestamps.date(milliseconds:)))
        }
    }

    /// A search, as SessionJoin.matchingText and matchingWords.
    static func matching(_ text: String, _ parameters: inout Parameters) -> String {
        let value = parameters.add(text)
        var sql = """
            SELECT session_id FROM snapshot WHERE session_id >= \(value) AND session_id < \(value) || U&'\\+10FFFF'
            UNION SELECT session_id FROM snapshot WHERE contact_id = \(value)
            UNION SELECT session_id FROM snapshot WHERE spawned_contact_id = \(value)
            UNION SELECT session_id FROM snapshot WHERE master_contact_id = \(value)
            UNION SELECT session_id FROM snapshot WHERE contact_id = (SELECT master_contact_id FROM cxone_contact WHERE contact_id = \(value))
            UNION SELECT session_id FROM snapshot WHERE spawned_contact_id = (SELECT master_contact_id FROM cxone_contact WHERE contact_id = \(value))
            UNION SELECT session_id FROM handover_attempt WHERE contact_id = \(value) AND session_id IS NOT NULL
            UNION SELECT value FROM cxone_custom_data WHERE contact_id = \(value) AND name ILIKE '%session%'
            UNION SELECT value FROM cxone_custom_data WHERE value >= \(value) AND value < \(value) || U&'\\+10FFFF' AND name ILIKE '%session%'
            """
        if !text.allSatisfy(\.isNumber) {
            let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_")
            let pattern = parameters.add("%" + escaped + "%")
            sql += "\nUNION SELECT session_id FROM snapshot WHERE label ILIKE \(pattern) OR intent ILIKE \(pattern)"
        }
        return sql
    }

    func sessions(_ ids: [String]) async throws -> [CorrelatedSession] {
        var sessions = Dictionary(uniqueKeysWithValues: ids.map { ($0, CorrelatedSession(sessionId: $0)) })
        for (sessionId, event) in try await snapshotEvents(ids) { sessions[sessionId]?.snapshots.append(event) }
        for (sessionId, event) in try await attemptEvents(ids) { sessions[sessionId]?.attempts.append(event) }
        let naming = try await connection.rows("SELECT contact_id, name, value FROM cxone_custom_data WHERE value = ANY($1)",
                                               [ids], logger: store.logger).map { row in
            let (contactId, name, value) = try row.decode((String, String, String).self)
            return CustomDataItem(contactId: contactId, name: name, value: value)
        }
        let links = ContactLinks(&sessions, naming: naming)
        let contacts = try await fetchContacts(recordedIds: links.recordedIds, namedIds: links.namedIds)
        links.attach(contacts, states: try await fetchStates(contacts.map(\.contactId)), to: &sessions)
        return ids.compactMap { sessions[$0] }
    }

    private func snapshotEvents(_ ids: [String]) async throws -> [(String, CorrelatedSession.SnapshotEvent)] {
        try await connection.rows("""
            SELECT id, session_id, COALESCE(occurred_at_ms, received_at_ms) AS at_ms, label, intent, contact_id, spawned_contact_id, master_contact_id,
                handover_report, handover_failed, handover_stage, handover_error
            FROM snapshot WHERE session_id = ANY($1) ORDER BY session_id, at_ms, id
            """, [ids], logger: store.logger).map { row in
            let cells = row.makeRandomAccess()
            let contactIds = try [cells[5], cells[6], cells[7]].compactMap { try $0.decode(String?.self) }
            let failure = SnapshotRecord.handoverReport(
                source: try cells[8].decode(String?.self), failed: try cells[9].decode(Int64?.self).map { $0 != 0 },
                stage: try cells[10].decode(String?.self), error: try cells[11].decode(String?.self))?.failureSummary
            let event = CorrelatedSession.SnapshotEvent(
                id: try cells[0].decode(Int64.self), at: Timestamps.date(milliseconds: try cells[2].decode(Int64.self)),
                label: try cells[3].decode(String?.self), intent: try cells[4].decode(String?.self),
                contactIds: contactIds, reportedFailure: failure)
            return (try cells[1].decode(String.self), event)
        }
    }

    private func attemptEvents(_ ids: [String]) async throws -> [(String, CorrelatedSession.AttemptEvent)] {
        try await connection.rows("""
            SELECT id, session_id, COALESCE(occurred_at_ms, received_at_ms) AS at_ms, valid, errors_json, contact_id, queue_id, outcome,
                COALESCE(outcome_json::json #>> '{error}', outcome_json::json #>> '{CXoneHandover,error}',
                    outcome_json::json #>> '{handover,error,message}') AS outcome_error,
                COALESCE(outcome_json::json #>> '{stage}', outcome_json::json #>> '{CXoneHandover,stage}') AS outcome_stage
            FROM handover_attempt WHERE session_id = ANY($1) ORDER BY session_id, at_ms, id
            """, [ids], logger: store.logger).map { row in
            let cells = row.makeRandomAccess()
            let event = CorrelatedSession.AttemptEvent(
                id: try cells[0].decode(Int64.self), at: Timestamps.date(milliseconds: try cells[2].decode(Int64.self)),
                valid: try cells[3].decode(Int64.self) == 1, errors: EventFields.errorSummaries(try cells[4].decode(String.self)),
                contactId: try cells[5].decode(String?.self), queueId: try cells[6].decode(String?.self),
                outcome: try cells[7].decode(String?.self).flatMap(HandoverOutcome.init(rawValue:)),
                outcomeDetail: EventFields.outcomeDetail(stage: try cells[9].decode(String?.self), error: try cells[8].decode(String?.self)))
            return (try cells[1].decode(String.self), event)
        }
    }

    private func fetchContacts(recordedIds: [String], namedIds: [String]) async throws -> [CXoneContact] {
        let ids = Array(Set(recordedIds + namedIds))
        guard !ids.isEmpty else { return [] }
        let columns = CXoneImport.contactColumns.joined(separator: ", ")
        return try await connection.rows("""
            SELECT \(columns) FROM cxone_contact WHERE contact_id = ANY($1)
            UNION
            SELECT \(columns) FROM cxone_contact WHERE master_contact_id = ANY($2)
            """, [ids, recordedIds], logger: store.logger).map(Self.contact)
    }

    private func fetchStates(_ contactIds: [String]) async throws -> [ContactState] {
        guard !contactIds.isEmpty else { return [] }
        return try await connection.rows("""
            SELECT contact_id, state_index, state_name, raw_json, state_id, started_at_ms, agent_id, skill_id, skill_name,
                duration_seconds
            FROM cxone_contact_state WHERE contact_id = ANY($1) ORDER BY contact_id, state_index
            """, [contactIds], logger: store.logger).map { row in
            let cells = row.makeRandomAccess()
            var state = ContactState(contactId: try cells[0].decode(String.self), stateIndex: Int(try cells[1].decode(Int64.self)),
                                     stateName: try cells[2].decode(String?.self), rawJSON: try cells[3].decode(String.self))
            state.stateId = try cells[4].decode(String?.self)
            state.startedAt = try cells[5].decode(Int64?.self).map(Timestamps.date(milliseconds:))
            state.agentId = try cells[6].decode(String?.self)
            state.skillId = try cells[7].decode(String?.self)
            state.skillName = try cells[8].decode(String?.self)
            state.durationSeconds = try cells[9].decode(Double?.self)
            return state
        }
    }

    /// A row selected with `CXoneImport.contactColumns`, by position.
    static func contact(_ row: PostgresRow) throws -> CXoneContact {
        let cells = row.makeRandomAccess()
        let date = { (index: Int) in try cells[index].decode(Int64?.self).map(Timestamps.date(milliseconds:)) }
        let flag = { (index: Int) in try cells[index].decode(Int64?.self).map { $0 != 0 } }
        var contact = CXoneContact(contactId: try cells[0].decode(String.self), rawJSON: try cells[20].decode(String.self))
        contact.masterContactId = try cells[1].decode(String?.self)
        contact.startedAt = try date(2)
        contact.endedAt = try date(3)
        contact.skillId = try cells[4].decode(String?.self)
        contact.skillName = try cells[5].decode(String?.self)
        contact.agentId = try cells[6].decode(String?.self)
        contact.abandoned = try flag(7)
        contact.abandonSeconds = try cells[8].decode(Double?.self)
        contact.endReason = try cells[9].decode(String?.self)
        contact.isRefused = try flag(10)
        contact.refuseReason = try cells[11].decode(String?.self)
        contact.preQueueSeconds = try cells[12].decode(Double?.self)
        contact.inQueueSeconds = try cells[13].decode(Double?.self)
        contact.agentSeconds = try cells[14].decode(Double?.self)
        contact.totalDurationSeconds = try cells[15].decode(Double?.self)
        contact.transferIndicator = try cells[16].decode(String?.self)
        contact.mediaType = try cells[17].decode(String?.self)
        contact.pointOfContact = try cells[18].decode(String?.self)
        contact.lastUpdateAt = try date(19)
        return contact
    }
}
