import Foundation
import HandoverCore

/// The set-based join of both sides, a chunk of sessions at a time: a fixed number of indexed queries per chunk,
/// whatever its size, never one query per session. Written once for both backends; the dialect spells what differs.
package struct SessionJoin: Sendable {
    let database: any SQLDatabase

    package init(_ database: any SQLDatabase) { self.database = database }

    /// Session ids in the filter with their first event (the flow's own time where it sent one), oldest first.
    /// Sessions come from their own records (`SessionLinks.own`): the bot's tables, Cognigy's history, and custom
    /// data naming a session (a contact the bot never recorded). A time window or a search first narrows the
    /// candidates through the indexes, so a recent window never groups the whole history.
    package func sessionKeys(_ filter: SessionFilter) async throws -> [SessionKey] {
        var query = SQLQuery(database.dialect)
        let dialect = database.dialect
        var having: [String] = []
        var candidates: [String] = []
        if let since = filter.since {
            having.append("MIN(first_ms) >= \(query.bind(Timestamps.milliseconds(since)))")
            // A record's arrival is never much before its own time: an hour of slack covers any clock skew.
            let arrived = query.bind(Timestamps.milliseconds(since) - 3_600_000)
            candidates.append(SessionLinks.sessions(arrivedSince: arrived, dialect).joined(separator: "\nUNION "))
        }
        if let until = filter.until {
            having.append("MIN(first_ms) < \(query.bind(Timestamps.milliseconds(until)))")
        }
        if let text = filter.text?.trimmingWhitespace(), !text.isEmpty {
            let terms = try await SearchIndex(database: database).terms(holding: text)
            candidates.append(Self.matching(text, terms: terms, &query))
        }
        let only = candidates.isEmpty ? nil : "IN (\(candidates.joined(separator: " INTERSECT ")))"
        return try await database.rows(
            query,
            sql: """
                SELECT session_id, MIN(first_ms) FROM (
                    \(SessionLinks.firstEvents(only: only, dialect).joined(separator: "\nUNION ALL "))
                ) AS events GROUP BY session_id \(having.isEmpty ? "" : "HAVING " + having.joined(separator: " AND "))
                ORDER BY MIN(first_ms)\(dialect.nullsFirst), session_id
                """
        ) { row in
            SessionKey(sessionId: try row.text(0) ?? "", firstAt: try row.integer(1).map(Timestamps.date(milliseconds:)))
        }
    }

    /// A search, the one meaning of `q=`: the start of a session id, a contact id that belongs to a session
    /// (exactly), or a session holding one of `terms`, the search index's words holding the text
    /// (`SearchIndex.terms(holding:)`, case-blind beyond ASCII).
    static func matching(_ text: String, terms: [String], _ query: inout SQLQuery) -> String {
        let dialect = query.dialect
        let value = query.bind(text)
        var selects =
            SessionLinks.sessions(startingWith: value, end: dialect.prefixEnd(value), dialect)
            + SessionLinks.sessions(withContact: value, dialect)
        if !terms.isEmpty { selects.append(SearchIndex.sessions(holding: terms, &query)) }
        return selects.joined(separator: "\nUNION ")
    }

    /// These sessions with their events and CXone records, in the order given. `page`: one page of each session's
    /// snapshots and attempts (`session --page`); else all of them, or the first and the newest of a crowded one.
    package func sessions(_ ids: [String], page: Int? = nil) async throws -> [CorrelatedSession] {
        guard !ids.isEmpty else { return [] }
        return try await database.reading { reader in
            var sessions = Dictionary(uniqueKeysWithValues: ids.map { ($0, CorrelatedSession(sessionId: $0)) })
            try await readEvents(ids, page: page, into: &sessions, reader)
            try await CognigyJoin(dialect: database.dialect, reader: reader).attach(to: &sessions)
            try await ContactsJoin(dialect: database.dialect, reader: reader, callerMatchWindow: database.callerMatchWindow)
                .attach(to: &sessions)
            try await GenesysJoin(dialect: database.dialect, reader: reader, callerMatchWindow: database.callerMatchWindow)
                .attach(to: &sessions)
            return ids.compactMap { sessions[$0] }
        }
    }

    private enum SnapshotColumn: Int, SelectList {
        case id, sessionId, atMs, label, intent, contactId, spawnedContactId, masterContactId, report, failed, stage, error
        case transferEvent, sipStatus, sipReason, callerKey, genesysConversationId, handoverRequested

        func expression(_ dialect: any SQLDialect) -> String {
            switch self {
            case .id: "id"
            case .sessionId: "session_id"
            case .atMs: "COALESCE(occurred_at_ms, received_at_ms) AS at_ms"
            case .label: "label"
            case .intent: "intent"
            case .contactId: "contact_id"
            case .spawnedContactId: "spawned_contact_id"
            case .masterContactId: "master_contact_id"
            case .report: "handover_report"
            case .failed: "handover_failed"
            case .stage: "handover_stage"
            case .error: "handover_error"
            case .transferEvent: "transfer_event"
            case .sipStatus: "transfer_sip_status"
            case .sipReason: "transfer_sip_reason"
            case .callerKey: "caller_key"
            case .genesysConversationId: "genesys_conversation_id"
            case .handoverRequested: "handover_requested"
            }
        }
    }

    private var snapshots: SessionEvents<CorrelatedSession.SnapshotEvent> {
        typealias C = SnapshotColumn
        return SessionEvents(dialect: database.dialect, table: "snapshot", columns: C.sql(database.dialect)) { row in
            let report = SnapshotRecord.handoverReport(
                source: try row.text(C.report), failed: try row.bool(C.failed),
                stage: try row.text(C.stage), error: try row.text(C.error))
            let event = CorrelatedSession.SnapshotEvent(
                id: try row.integer(C.id) ?? 0, at: Timestamps.date(milliseconds: try row.integer(C.atMs) ?? 0), label: try row.text(C.label),
                intent: try row.text(C.intent),
                contactIds: try [row.text(C.contactId), row.text(C.spawnedContactId), row.text(C.masterContactId)].compactMap { $0 },
                reportedFailure: report?.failureSummary, transfer: try Self.transfer(row), callerKey: try row.text(C.callerKey),
                genesysConversationId: try row.text(C.genesysConversationId), handoverRequested: try row.integer(C.handoverRequested) == 1)
            return (try row.text(C.sessionId) ?? "", event)
        }
    }

    /// The transfer outcome ingest stored (`TransferEvent.read`).
    private static func transfer(_ row: any SQLRow) throws -> TransferEvent? {
        typealias C = SnapshotColumn
        return TransferEvent.from(
            name: try row.text(C.transferEvent), sipStatus: try row.integer(C.sipStatus).map(Int.init), sipReason: try row.text(C.sipReason))
    }

    private enum AttemptColumn: Int, SelectList {
        case id, sessionId, atMs, valid, errors, contactId, queueId, outcome, outcomeError, outcomeStage

        func expression(_ dialect: any SQLDialect) -> String {
            switch self {
            case .id: "id"
            case .sessionId: "session_id"
            case .atMs: "COALESCE(occurred_at_ms, received_at_ms) AS at_ms"
            case .valid: "valid"
            case .errors: "errors_json"
            case .contactId: "contact_id"
            case .queueId: "queue_id"
            case .outcome: "outcome"
            case .outcomeError: "outcome_error"
            case .outcomeStage: "outcome_stage"
            }
        }
    }

    private var attempts: SessionEvents<CorrelatedSession.AttemptEvent> {
        typealias C = AttemptColumn
        return SessionEvents(dialect: database.dialect, table: "handover_attempt", columns: C.sql(database.dialect)) { row in
            let event = CorrelatedSession.AttemptEvent(
                id: try row.integer(C.id) ?? 0, at: Timestamps.date(milliseconds: try row.integer(C.atMs) ?? 0),
                valid: try row.integer(C.valid) == 1, errors: EventFields.errorSummaries(try row.text(C.errors) ?? "[]"),
                contactId: try row.text(C.contactId), queueId: try row.text(C.queueId),
                outcome: try row.text(C.outcome).flatMap(HandoverOutcome.init(rawValue:)),
                outcomeDetail: EventFields.outcomeDetail(stage: try row.text(C.outcomeStage), error: try row.text(C.outcomeError)))
            return (try row.text(C.sessionId) ?? "", event)
        }
    }

    /// Each session's snapshots and attempts: all, the first and the newest of a crowded one, or one page.
    private func readEvents(
        _ ids: [String], page: Int?, into sessions: inout [String: CorrelatedSession], _ reader: any SQLReader
    ) async throws {
        let (snapshots, attempts) = (self.snapshots, self.attempts)
        let stored = (try await snapshots.stored(ids, reader), try await attempts.stored(ids, reader))
        // Each table is cut on its own count: the two slices of a short table would overlap.
        let crowded = (Set(ids.filter { EventsRead.isCrowded(stored.0[$0] ?? 0) }), Set(ids.filter { EventsRead.isCrowded(stored.1[$0] ?? 0) }))
        for id in ids where page != nil || crowded.0.contains(id) || crowded.1.contains(id) {
            sessions[id]?.eventsRead = EventsRead(storedSnapshots: stored.0[id] ?? 0, storedAttempts: stored.1[id] ?? 0, page: page)
        }
        if let page {
            for id in ids {
                for (_, event) in try await snapshots.page(page, of: id, reader) { sessions[id]?.snapshots.append(event) }
                for (_, event) in try await attempts.page(page, of: id, reader) { sessions[id]?.attempts.append(event) }
            }
            return
        }
        for (sessionId, event) in try await snapshots.read(ids, crowded: crowded.0, reader) { sessions[sessionId]?.snapshots.append(event) }
        for (sessionId, event) in try await attempts.read(ids, crowded: crowded.1, reader) { sessions[sessionId]?.attempts.append(event) }
    }
}
