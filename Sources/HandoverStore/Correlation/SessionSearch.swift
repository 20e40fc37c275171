import Foundation
import HandoverCore

/// One page of diagnosed sessions for a search: the API's `GET /v1/sessions` and the console's table share it.
public struct SessionSearch: Sendable {
    /// What a page asks for: the filter, the codes kept, where the last page ended, the order and the page's size.
    public struct Request: Sendable {
        public var filter: SessionFilter
        public var diagnoses: DiagnosisFilter
        public var after: SessionKey?
        public var oldestFirst: Bool
        public var limit: Int

        public init(filter: SessionFilter, diagnoses: DiagnosisFilter, after: SessionKey?, oldestFirst: Bool, limit: Int) {
            self.filter = filter
            self.diagnoses = diagnoses
            self.after = after
            self.oldestFirst = oldestFirst
            self.limit = limit
        }
    }

    public struct Page: Sendable {
        public var reports: [SessionReport] = []
        public var nextCursor: String?
        /// A refresh was still diagnosing sessions touched by new records or an import: the newest may be missing.
        public var diagnosesPending = false
    }

    let store: any CorrelationStore

    public init(store: any CorrelationStore) { self.store = store }

    /// How long a page waits for the stored diagnoses to catch up before it answers from those stored so far.
    public static let refreshWait: Duration = .seconds(2)

    /// One page in the request's order from its cursor: keys from the stored diagnoses (and the search index) along
    /// an index, refreshed first. Each session is diagnosed afresh from its records; the stored code only finds it,
    /// so one that changed since the refresh is checked against the filter again and the walk goes on until the page
    /// is full.
    public func page(_ wanted: Request) async throws -> Page {
        let current = try await store.refreshDiagnoses(waitingAtMost: Self.refreshWait)
        var request = DiagnosedPage(
            since: wanted.filter.since, until: wanted.filter.until, text: wanted.filter.text, codes: wanted.diagnoses.passingCodes,
            after: wanted.after, newestFirst: !wanted.oldestFirst, limit: wanted.limit)
        var page = Page(diagnosesPending: !current)
        let settlement = try await store.settlement()
        while true {
            let missing = wanted.limit - page.reports.count
            request.limit = missing + 1
            let keys = try await store.diagnosedSessionKeys(request)
            let chunk = Array(keys.prefix(missing))
            for (key, session) in zip(chunk, try await store.sessions(chunk.map(\.sessionId))) {
                request.after = key
                let diagnosis = Diagnoser.diagnose(session, settlement)
                if wanted.diagnoses.keeps(diagnosis.code) {
                    page.reports.append(SessionReport(session, settlement: settlement, diagnosis: diagnosis))
                }
            }
            guard keys.count > chunk.count else { return page }
            if page.reports.count == wanted.limit {
                page.nextCursor = request.after.map(SessionCursor.encode)
                return page
            }
        }
    }
}

/// An opaque cursor: the last session's first-event time and id, so new sessions never shift a page. Every text of
/// `pattern` is a position in the list (the OpenAPI document states it), so a made-up one only moves where a page starts.
public enum SessionCursor {
    public static let pattern = "^(-?[0-9]{1,15})?\\.([0-9a-f]{2}){1,1024}$"
    nonisolated(unsafe) private static let grammar = try! Regex(pattern)

    public static func encode(_ key: SessionKey) -> String {
        let millis = key.firstAt.map { String(Timestamps.milliseconds($0)) } ?? ""
        return millis + "." + key.sessionId.utf8.map { String(format: "%02x", $0) }.joined()
    }

    public static func decode(_ text: String) -> SessionKey? {
        guard text.wholeMatch(of: grammar) != nil, let dot = text.firstIndex(of: ".") else { return nil }
        let hex = Array(text.utf8[text.utf8.index(after: dot)...])
        let bytes = stride(from: 0, to: hex.count, by: 2).map { UInt8(String(decoding: hex[$0..<$0 + 2], as: UTF8.self), radix: 16) ?? 0 }
        let millis = Int64(text[..<dot])
        return SessionKey(sessionId: String(decoding: bytes, as: UTF8.self), firstAt: millis.map(Timestamps.date(milliseconds:)))
    }
}
