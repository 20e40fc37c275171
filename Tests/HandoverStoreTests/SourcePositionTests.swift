import Foundation
import HandoverCore
import HandoverStore
import HandoverTestSupport
import Testing

/// Where each history source has been read up to, and what that makes of the stored diagnoses.
@Suite("Source positions and pending diagnoses")
struct SourcePositionTests {
    func envelope(_ at: Date) -> IngestEnvelope { IngestEnvelope(receivedAt: at, contentType: "application/json", rawBody: Array("{}".utf8)) }

    func snapshot(_ sessionId: String, contactId: String) -> Snapshot {
        var snapshot = Snapshot(sessionId: sessionId)
        snapshot.contactId = contactId
        return snapshot
    }

    @Test(arguments: TestBackend.available) func aPositionNeverMovesBackAndAFailureKeepsIt(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            #expect(try await store.status(of: .cxone).coveredUntil == nil)
            let end = Date(timeIntervalSince1970: 1_764_000_000)
            try await store.recordRead(.cxone, coveredUntil: end, records: 3, at: end)
            try await store.recordRead(.cxone, coveredUntil: end.addingTimeInterval(-3_600), records: 1, at: end.addingTimeInterval(5))
            #expect(try await store.status(of: .cxone).coveredUntil == end, "an older import leaves the later position")
            try await store.recordFailure(.cxone, error: "CXone answered 503 after 5 attempts", at: end.addingTimeInterval(60))
            try await store.recordFailure(.cxone, error: "cannot reach CXone", at: end.addingTimeInterval(120))
            var status = try await store.status(of: .cxone)
            #expect(status.coveredUntil == end && status.records == 1)
            #expect(status.failingSince == end.addingTimeInterval(60), "the first failure of the run")
            #expect(status.lastError == "cannot reach CXone" && status.lastErrorAt == end.addingTimeInterval(120))
            try await store.recordRead(.cxone, coveredUntil: end.addingTimeInterval(300), records: 7, at: end.addingTimeInterval(301))
            status = try await store.status(of: .cxone)
            #expect(status.failingSince == nil && status.coveredUntil == end.addingTimeInterval(300) && status.records == 7)
            #expect(try await store.status(of: .cognigy).coveredUntil == nil, "each source has its own position")
        }
    }

    @Test(arguments: TestBackend.available) func oneHolderAtATimeUntilItsLeaseExpires(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            let now = Date(timeIntervalSince1970: 1_764_000_000)
            // In order: a takes it; b is refused while it runs; another name has its own; a renews; b takes it once
            // expired; a is refused now.
            let answers = [
                try await store.claimLease("fetch.cxone", holder: "a", now: now, until: now + 60),
                try await store.claimLease("fetch.cxone", holder: "b", now: now + 30, until: now + 90),
                try await store.claimLease("fetch.cognigy", holder: "b", now: now + 30, until: now + 90),
                try await store.claimLease("fetch.cxone", holder: "a", now: now + 30, until: now + 90),
                try await store.claimLease("fetch.cxone", holder: "b", now: now + 91, until: now + 150),
                try await store.claimLease("fetch.cxone", holder: "a", now: now + 100, until: now + 160),
            ]
            #expect(answers == [true, false, true, true, true, false])
        }
    }

    /// A session the bot recorded and CXone has not shown is NO_CXONE_RECORD only once CXone has been read past its
    /// last event plus the settling time; until then it is pending and no failure is counted.
    @Test(arguments: TestBackend.available) func aSessionIsPendingUntilCXoneHasBeenReadPastItsSettlingTime(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            // Whole milliseconds, as the store keeps times; a minute old, past PostgreSQL's commit-order settling.
            let posted = Timestamps.date(milliseconds: Timestamps.milliseconds(Date()) - 60_000)
            _ = try await store.record(snapshot("fresh-call", contactId: "700000000123"), envelope(posted))
            _ = try await store.refreshDiagnoses()
            var overview = try await store.diagnosisOverview(since: posted.addingTimeInterval(-60), recent: 10)
            #expect(overview.counts.isEmpty && overview.pending == [.noCXoneRecord: 1] && overview.failureTimes.isEmpty)
            var session = try #require(try await store.session(matching: "fresh-call"))
            var diagnosis = Diagnoser.diagnose(session, try await store.settlement())
            #expect(diagnosis.code == .noCXoneRecord && diagnosis.pending?.reason == "no CXone data has been fetched or imported yet")

            try await store.recordRead(.cxone, coveredUntil: posted.addingTimeInterval(store.settle - 1), records: 0, at: Date())
            _ = try await store.refreshDiagnoses()
            overview = try await store.diagnosisOverview(since: posted.addingTimeInterval(-60), recent: 10)
            #expect(overview.counts.isEmpty && overview.pending == [.noCXoneRecord: 1], "read, but not past the settling time")
            diagnosis = Diagnoser.diagnose(session, try await store.settlement())
            #expect(diagnosis.pending?.settlesAt == posted.addingTimeInterval(store.settle))

            try await store.recordRead(.cxone, coveredUntil: posted.addingTimeInterval(store.settle + 1), records: 0, at: Date())
            #expect(try await store.refreshDiagnoses() == 1, "the settled session is diagnosed again without any new record")
            overview = try await store.diagnosisOverview(since: posted.addingTimeInterval(-60), recent: 10)
            #expect(overview.counts == [.noCXoneRecord: 1] && overview.pending.isEmpty && overview.recentFailures.map(\.sessionId) == ["fresh-call"])
            session = try #require(try await store.session(matching: "fresh-call"))
            #expect(Diagnoser.diagnose(session, try await store.settlement()).isFinalFailure)
        }
    }

    @Test(arguments: TestBackend.available) func whatTheBotAloneDecidesIsFinalAtOnce(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            _ = try await store.record(snapshot("placeholder", contactId: ContactIds.placeholder), envelope(Date().addingTimeInterval(-60)))
            _ = try await store.refreshDiagnoses()
            let overview = try await store.diagnosisOverview(since: Date().addingTimeInterval(-120), recent: 10)
            #expect(overview.counts == [.placeholderContactId: 1] && overview.pending.isEmpty)
        }
    }
}
