import Foundation
import HandoverCore
import HandoverStore
import HummingbirdTesting
import Testing

@testable import HandoverServer

/// Imported history is older than the overview's default window: the page says where the newest session is.
@Suite("Console overview: an empty window points at older sessions")
struct OverviewHistoryTests {
    func envelope() -> IngestEnvelope { IngestEnvelope(contentType: "application/json", rawBody: Array("{}".utf8)) }

    func record(_ store: any ManagedStore, startedDaysAgo days: Double) async throws {
        var snapshot = Snapshot(sessionId: "old-\(Int(days))")
        snapshot.occurredAt = Date().addingTimeInterval(-days * 86_400)
        _ = try await store.record(snapshot, envelope())
        _ = try await store.refreshDiagnoses()  // pages wait for a refresh only briefly; a loaded machine needs longer
    }

    @Test func aSessionFromThisWeekIsOneClickAway() async throws {
        try await withTestApp { client, store, _ in
            try await record(store, startedDaysAgo: 3)
            let page = try await client.get("/")
            #expect(page.text.contains("No session started in the last 24 hours; the newest one started"))
            #expect(page.text.contains(#"<a href="/?window=week">Show the last 7 days</a>"#))
            let week = try await client.get("/?window=week")
            #expect(!week.text.contains(#"id="older""#), "the week shows it, so nothing to point at")
        }
    }

    @Test func olderHistoryLinksToTheSessionListFromItsDay() async throws {
        try await withTestApp { client, store, _ in
            try await record(store, startedDaysAgo: 40)
            let day = String(Timestamps.format(Date().addingTimeInterval(-40 * 86_400)).prefix(10))
            let page = try await client.get("/?window=week")
            #expect(page.text.contains(#"<a href="/sessions?since=\#(day)">Show the sessions since \#(day)</a>"#))
            let list = try await client.get("/sessions?since=\(day)")
            #expect(list.text.contains("old-40"))
        }
    }

    @Test func anEmptyStoreKeepsTheGettingStartedHint() async throws {
        try await withTestApp { client, _, _ in
            let page = try await client.get("/")
            #expect(!page.text.contains(#"id="older""#) && page.text.contains("handover-trace demo"))
        }
    }
}
