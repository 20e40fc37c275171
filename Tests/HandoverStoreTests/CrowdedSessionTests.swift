import Foundation
import HandoverTestSupport
import Testing

@testable import HandoverCore
@testable import HandoverStore

@Suite("A session with more events than a diagnosis needs: the first and the newest read, said in evidence, paged in full")
struct CrowdedSessionTests {
    /// `count` snapshots of one session a second apart; the last one reports the handover failed.
    func crowd(_ sessionId: String, _ count: Int) throws -> BulkRecords {
        var records = BulkRecords()
        let start = Date(timeIntervalSince1970: 1_796_000_000)
        for index in 0..<count {
            var fields: [String: JSONValue] = ["sessionId": .string(sessionId), "label": .string("step \(index)")]
            if index == count - 1 { fields["context"] = .object(["CXoneHandover": .object(["success": .bool(false), "error": .string("503")])]) }
            let at = start.addingTimeInterval(Double(index))
            records.snapshots.append((try Snapshot.parse(fields), BulkRecords.envelope(.object(fields), at)))
        }
        return records
    }

    @Test(arguments: TestBackend.available) func aCrowdedSessionIsDiagnosedFromItsFirstAndNewestEvents(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            let stored = EventsRead.first + EventsRead.newest + 150
            var records = try crowd("fixed-id", stored)
            for second in 0..<3 {
                let contactId = JSONValue.string("70000000\(second)")
                let payload: JSONValue = .object([
                    "externalContactId": contactId, "queueId": .string("4301"), "transferType": .string("blind"),
                    "metadata": .object(["botSessionId": .string("fixed-id")]),
                ])
                let body: JSONValue = .object(["sessionId": .string("fixed-id"), "contactId": contactId, "payload": payload])
                let attempt = try HandoverAttempt.parse(body.objectValue ?? [:])
                let at = Date(timeIntervalSince1970: 1_796_000_000 + Double(second))
                records.attempts.append((attempt, PayloadValidator.validate(attempt), BulkRecords.envelope(body, at)))
            }
            try await store.writeBulk(records)
            try await store.writeBulk(try crowd("ordinary", EventsRead.first + EventsRead.newest))
            let sessions = try await store.sessions(["fixed-id", "ordinary"])
            let crowded = try #require(sessions.first)
            #expect(crowded.eventsRead == EventsRead(storedSnapshots: stored, storedAttempts: 3))
            #expect(crowded.attempts.map(\.contactId) == ["700000000", "700000001", "700000002"], "a short table is read once, whole")
            let labels = crowded.snapshots.map { $0.label ?? "" }
            #expect(labels.count == EventsRead.first + EventsRead.newest)
            #expect(labels.first == "step 0" && labels[EventsRead.first - 1] == "step 49" && labels[EventsRead.first] == "step 200")
            #expect(labels.last == "step \(stored - 1)")
            let diagnosis = Diagnoser.diagnose(crowded)
            #expect(diagnosis.code == .signalFailed, "the newest snapshot, which decides it, was read")
            #expect(diagnosis.evidence.contains { $0.contains("\(stored) snapshots") && $0.contains("--page 2") })
            #expect(sessions[1].eventsRead == nil && sessions[1].snapshots.count == EventsRead.first + EventsRead.newest)

            let second = try #require(try await store.session("fixed-id", page: 2))
            #expect(second.snapshots.map { $0.label ?? "" } == (EventsRead.pageSize..<stored).map { "step \($0)" })
            #expect(second.eventsRead == EventsRead(storedSnapshots: stored, storedAttempts: 3, page: 2))
            #expect(second.attempts.isEmpty)
            #expect(second.eventsRead?.pages == 2 && second.eventsRead?.evidence("fixed-id") == nil)
            let first = try #require(try await store.session("fixed-id", page: 1))
            #expect(first.snapshots.count == EventsRead.pageSize && first.snapshots.first?.label == "step 0")
        }
    }
}
