import Foundation
import HandoverCore
import HandoverStore

/// One page of diagnosed sessions for a query: the API's `GET /v1/sessions` and the console's table share it.
struct SessionSearch {
    struct Page {
        var reports: [SessionReport] = []
        var nextCursor: String?
        /// A refresh was still diagnosing sessions touched by new records or an import: the newest may be missing.
        var diagnosesPending = false
    }

    let store: any CorrelationStore

    /// How long a page waits for the stored diagnoses to catch up before it answers from those stored so far.
    static let refreshWait: Duration = .seconds(2)

    /// One page in the query's order from its cursor: keys from the stored diagnoses (and the search index) along
    /// an index, refreshed first. Each session is diagnosed afresh from its records; the stored code only finds it,
    /// so one that changed since the refresh is checked against the filter again and the walk goes on until the page
    /// is full.
    func page(_ query: SessionListQuery) async throws -> Page {
        let current = try await store.refreshDiagnoses(waitingAtMost: Self.refreshWait)
        var request = DiagnosedPage(
            since: query.filter.since, until: query.filter.until, text: query.filter.text, codes: query.diagnoses.passingCodes, after: query.cursor,
            newestFirst: !query.oldestFirst, limit: query.limit)
        var page = Page(diagnosesPending: !current)
        let settlement = try await store.settlement()
        while true {
            let wanted = query.limit - page.reports.count
            request.limit = wanted + 1
            let keys = try await store.diagnosedSessionKeys(request)
            let chunk = Array(keys.prefix(wanted))
            for (key, session) in zip(chunk, try await store.sessions(chunk.map(\.sessionId))) {
                request.after = key
                let diagnosis = Diagnoser.diagnose(session, settlement)
                if query.diagnoses.keeps(diagnosis.code) {
                    page.reports.append(SessionReport(session, settlement: settlement, diagnosis: diagnosis))
                }
            }
            guard keys.count > chunk.count else { return page }
            if page.reports.count == query.limit {
                page.nextCursor = request.after.map(SessionCursor.encode)
                return page
            }
        }
    }
}
