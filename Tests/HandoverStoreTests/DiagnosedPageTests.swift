import Foundation
import HandoverCore
import HandoverTestSupport
import Testing

@testable import HandoverStore

/// The session list's keyset paging over the stored diagnoses, on each backend: every session exactly once, in
/// order, whichever direction, with ties in the first event broken by session id, and a code filter along its index.
@Suite("Paging the stored diagnoses by first event and session id, on each backend")
struct DiagnosedPageTests {
    /// Eleven sessions, three of them starting at the same millisecond and one with a contact id (NOT_QUEUED-free:
    /// every one is NO_CXONE_RECORD or PLACEHOLDER_CONTACT_ID, so the filter has something to tell apart).
    static func record(_ store: any ManagedStore) async throws -> [String] {
        let base = Date(timeIntervalSince1970: 1_790_000_000)
        var ids: [String] = []
        for index in 0..<11 {
            var snapshot = Snapshot(sessionId: "page-\(String(format: "%02d", 10 - index))")
            snapshot.occurredAt = base.addingTimeInterval(Double(index < 3 ? 0 : index))
            if index % 4 == 0 { snapshot.contactId = ContactIds.placeholder }
            let received = Date().addingTimeInterval(-60)  // settled for PostgreSQL's refresh
            _ = try await store.record(snapshot, IngestEnvelope(receivedAt: received, contentType: "application/json", rawBody: Array("{}".utf8)))
            ids.append(snapshot.sessionId)
        }
        _ = try await store.refreshDiagnoses()
        return ids
    }

    static func walk(_ store: any ManagedStore, _ request: DiagnosedPage) async throws -> [SessionKey] {
        var request = request
        var walked: [SessionKey] = []
        while true {
            let page = try await store.diagnosedSessionKeys(request)
            walked += page
            guard page.count == request.limit, let last = page.last else { return walked }
            request.after = last
        }
    }

    @Test(arguments: TestBackend.available) func pagesOfThreeVisitEverySessionOnceInOrderBothWays(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            let ids = try await Self.record(store)
            let newest = try await Self.walk(store, DiagnosedPage(limit: 3))
            #expect(newest.count == ids.count && Set(newest.map(\.sessionId)) == Set(ids))
            let expected = newest.sorted { ($0.firstAt!, $0.sessionId) > ($1.firstAt!, $1.sessionId) }
            #expect(newest == expected, "newest first; ties by session id, descending")
            let oldest = try await Self.walk(store, DiagnosedPage(newestFirst: false, limit: 3))
            #expect(oldest == Array(newest.reversed()))
            #expect(oldest.prefix(3).map(\.sessionId) == ["page-08", "page-09", "page-10"], "the three tied sessions, by id")
        }
    }

    @Test(arguments: TestBackend.available) func aCodeAndATimeWindowNarrowThePages(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            _ = try await Self.record(store)
            let placeholders = try await Self.walk(store, DiagnosedPage(codes: [.placeholderContactId], limit: 2))
            #expect(placeholders.map(\.sessionId) == ["page-02", "page-06", "page-10"])
            let base = Date(timeIntervalSince1970: 1_790_000_000)
            let window = DiagnosedPage(since: base.addingTimeInterval(3), until: base.addingTimeInterval(6), newestFirst: false, limit: 10)
            #expect(try await store.diagnosedSessionKeys(window).map(\.sessionId) == ["page-07", "page-06", "page-05"])
            #expect(try await store.diagnosedSessionKeys(DiagnosedPage(codes: [], limit: 10)).isEmpty, "no code passes")
        }
    }

    @Test(arguments: TestBackend.available) func wordsFindSessionsThroughTheSearchIndexCaseBlindAndEraseForgetsThem(
        _ backend: TestBackend
    ) async throws {
        try await backend.withStore { store in
            let steps = ["search-1": ("Identify Caller", nil), "search-2": ("Étape Facture", "billing_question"), "search-3": ("50% done", nil)]
            for (id, (label, intent)) in steps {
                var snapshot = Snapshot(sessionId: id)
                snapshot.label = label
                snapshot.intent = intent
                let received = Date().addingTimeInterval(-60)
                _ = try await store.record(snapshot, IngestEnvelope(receivedAt: received, contentType: "application/json", rawBody: Array("{}".utf8)))
            }
            _ = try await store.refreshDiagnoses()
            let found = { (text: String) in try await store.diagnosedSessionKeys(DiagnosedPage(text: text, limit: 10)).map(\.sessionId).sorted() }
            #expect(try await found("IDENTIFY") == ["search-1"])
            #expect(try await found("étape") == ["search-2"], "case-blind beyond ASCII")
            #expect(try await found("billing") == ["search-2"], "intents too")
            #expect(try await found("%") == ["search-3"], "a percent sign is itself, not a wildcard")
            #expect(try await found("search-") == ["search-1", "search-2", "search-3"], "the start of a session id")
            #expect(try await found("nothing like it").isEmpty)
            _ = try await store.erase(matching: "search-1")
            #expect(try await found("identify").isEmpty, "erasing a session takes its terms")
        }
    }

    @Test(arguments: TestBackend.available) func aReportsSearchIsTheSessionListsBeyondASCIIWithoutARefreshFirst(
        _ backend: TestBackend
    ) async throws {
        try await backend.withStore { store in
            for (id, label) in [("word-1", "Übergabe an Agent"), ("word-2", "Identify Caller")] {
                var snapshot = Snapshot(sessionId: id)
                snapshot.label = label
                _ = try await store.record(snapshot, IngestEnvelope(receivedAt: Date(), contentType: "application/json", rawBody: Array("{}".utf8)))
            }
            for text in ["ÜBERGABE", "übergabe", "an agent"] {
                let reported = try await store.sessionKeys(SessionFilter(text: text)).map(\.sessionId)
                let listed = try await store.diagnosedSessionKeys(DiagnosedPage(text: text, limit: 10)).map(\.sessionId)
                #expect(reported == ["word-1"], "report for \(text)")
                #expect(listed == reported, "list for \(text)")
            }
            #expect(try await store.sessionKeys(SessionFilter(text: "word-")).count == 2, "the start of a session id")
        }
    }
}

/// A word search probes the first stretch of the walk row by row, then gathers what lies beyond from the index:
/// wherever the stretch ends, the pages are the same.
@Suite("A word search pages alike however far it probes, on each backend")
struct DiagnosedSearchPageTests {
    @Test(arguments: TestBackend.available) func everyStretchGivesTheSamePagesAsTheWordsSessionsInOrder(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            let base = Date(timeIntervalSince1970: 1_790_000_000)
            let holding: Set<Int> = [0, 1, 2, 6, 9, 10, 13]
            for index in 0..<14 {
                var snapshot = Snapshot(sessionId: "walk-\(String(format: "%02d", index))")
                snapshot.occurredAt = base.addingTimeInterval(Double(index < 4 ? 0 : index))  // four tied at the start
                snapshot.label = holding.contains(index) ? "Transfer Desk" : "Greeting"
                if index % 3 == 0 { snapshot.contactId = ContactIds.placeholder }
                let received = Date().addingTimeInterval(-60)  // settled for PostgreSQL's refresh
                _ = try await store.record(snapshot, IngestEnvelope(receivedAt: received, contentType: "application/json", rawBody: Array("{}".utf8)))
            }
            _ = try await store.refreshDiagnoses()
            let all = try await DiagnosedPageTests.walk(store, DiagnosedPage(limit: 100))
            let expected = all.filter { holding.contains(Int($0.sessionId.suffix(2))!) }
            #expect(expected.count == holding.count)
            for stretch in [1, 2, 3, 5, 8, 100] {
                for limit in [1, 2, 3, 7] {
                    var page = DiagnosedPage(text: "desk", limit: limit)
                    page.probedRows = stretch
                    #expect(try await DiagnosedPageTests.walk(store, page) == expected, "stretch \(stretch), pages of \(limit)")
                    page.newestFirst = false
                    #expect(try await DiagnosedPageTests.walk(store, page) == expected.reversed(), "oldest first, stretch \(stretch)")
                    page.codes = [.placeholderContactId]
                    let placeholders = expected.reversed().filter { Int($0.sessionId.suffix(2))! % 3 == 0 }
                    #expect(try await DiagnosedPageTests.walk(store, page) == placeholders, "with a code, stretch \(stretch)")
                }
            }
        }
    }
}
