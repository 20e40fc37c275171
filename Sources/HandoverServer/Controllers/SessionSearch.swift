import Foundation
import HandoverCore
import HandoverStore

/// One page of diagnosed sessions for a query: the API's `GET /v1/sessions` and the console's table share it.
struct SessionSearch {
    struct Page {
        var reports: [SessionReport] = []
        var nextCursor: String?
    }

    let store: any CorrelationStore

    /// One page in the query's order from its cursor. Without search text the keys come from the stored diagnoses
    /// along an index, a page at a time; a search gathers every matching session first.
    func page(_ query: SessionListQuery) async throws -> Page {
        query.filter.text?.isEmpty == false ? try await searched(query) : try await diagnosed(query)
    }

    /// Each session is diagnosed afresh from its records; the stored code only finds it, so one that changed since
    /// the last refresh is checked against the filter again and the walk goes on until the page is full.
    private func diagnosed(_ query: SessionListQuery) async throws -> Page {
        _ = try await store.refreshDiagnoses()
        var request = DiagnosedPage(
            since: query.filter.since, until: query.filter.until, codes: query.diagnoses.passingCodes, after: query.cursor,
            newestFirst: !query.oldestFirst, limit: query.limit + 1)
        var page = Page()
        while true {
            let wanted = query.limit - page.reports.count
            request.limit = wanted + 1
            let keys = try await store.diagnosedSessionKeys(request)
            let chunk = Array(keys.prefix(wanted))
            for (key, session) in zip(chunk, try await store.sessions(chunk.map(\.sessionId))) {
                request.after = key
                let diagnosis = Diagnoser.diagnose(session)
                if query.diagnoses.keeps(diagnosis.code) { page.reports.append(SessionReport(session, diagnosis: diagnosis)) }
            }
            guard keys.count > chunk.count else { return page }
            if page.reports.count == query.limit {
                page.nextCursor = request.after.map(SessionCursor.encode)
                return page
            }
        }
    }

    /// Walks every session the search matches in the query's order from its cursor, diagnosing 200 at a time, until
    /// the page is full.
    private func searched(_ query: SessionListQuery) async throws -> Page {
        var all = try await store.sessionKeys(query.filter)
        if let wanted = query.diagnoses.passingCodes {
            // The stored diagnoses narrow the walk to likely matches; each is still diagnosed afresh below.
            _ = try await store.refreshDiagnoses()
            let candidates = try await store.sessionIds(diagnosedAs: wanted)
            all = all.filter { candidates.contains($0.sessionId) }
        }
        let ordered = query.oldestFirst ? Array(all) : all.reversed()
        let keys = ordered.drop { key in
            guard let cursor = query.cursor else { return false }
            return query.oldestFirst ? !cursor.isBefore(key) : !key.isBefore(cursor)
        }
        var page = Page()
        var lastKey: SessionKey?
        var remaining = keys[...]
        while page.reports.count < query.limit, !remaining.isEmpty {
            let chunk = Array(remaining.prefix(200))
            remaining = remaining.dropFirst(chunk.count)
            for (key, session) in zip(chunk, try await store.sessions(chunk.map(\.sessionId))) {
                guard page.reports.count < query.limit else { break }
                lastKey = key
                let diagnosis = Diagnoser.diagnose(session)
                if query.diagnoses.keeps(diagnosis.code) {
                    page.reports.append(SessionReport(session, diagnosis: diagnosis))
                }
            }
        }
        if let lastKey, keys.last != lastKey { page.nextCursor = SessionCursor.encode(lastKey) }
        return page
    }
}
