import Foundation
import HandoverTestSupport
import Testing

@testable import HandoverCore
@testable import HandoverSQLite
@testable import HandoverStore

@Suite("Correlation: CXone import, the join of both sides, and the demo data set, on each backend")
struct CorrelationStoreTests {
    static let odataExamples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Examples/cognigy/odata")

    func envelope(_ at: Date = Date()) -> IngestEnvelope {
        IngestEnvelope(receivedAt: at, contentType: "application/json", rawBody: Array("{}".utf8))
    }

    func cxone(_ json: String) throws -> CXoneBatch {
        try CXoneDocumentReader.read(Array(json.utf8))
    }

    @Test(arguments: TestBackend.available) func reimportingTheSameDataChangesNothing(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            let batch = try cxone(
                """
                [{"completedContacts": [{"contactId": 1, "masterContactId": 1, "skillId": 4}, {"contactId": "2", "masterContactId": "1"}]},
                 {"contactStateHistory": [{"contactId": 2, "stateIndex": 1, "contactStateName": "InQueue", "duration": "5"}]},
                 {"contactId": 2, "contactCustomData": [{"name": "BotSessionId", "value": "s-1"}]}]
                """)
            let first = try await store.importCXone(batch, importedAt: Date())
            #expect(first == ImportCounts(contacts: 2, states: 1, customData: 1))
            let again = try await store.importCXone(batch, importedAt: Date())
            #expect(again == ImportCounts())
            var rows: [String?] = []
            for table in ["cxone_contact", "cxone_contact_state", "cxone_custom_data"] {
                rows.append(try await storedValue(store, "SELECT count(*) FROM \(table)"))
            }
            #expect(rows == ["2", "1", "1"])
            let changed = try await store.importCXone(try cxone(#"{"contactId": 2, "masterContactId": "1", "agentId": 9}"#), importedAt: Date())
            #expect(changed.contacts == 1)
        }
    }

    @Test(arguments: TestBackend.available) func anUnreadableDocumentChangesNothingAlreadyImported(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            _ = try await store.importCXone(try cxone(#"{"completedContacts": [{"contactId": 1, "skillId": 4}]}"#), importedAt: Date())
            let broken = [#"{"completedContacts": [{"contactId": 1, "skillId": 5}, {"skillId": 6}]}"#, #"{"completedContacts": [{"contactId": 1,"#]
            for document in broken {
                #expect(throws: CXoneDocumentError.self) { try cxone(document) }
            }
            let skill = try await storedValue(store, "SELECT skill_id FROM cxone_contact WHERE contact_id = '1'")
            #expect(skill == "4", "a document is read whole before anything of it is written")
        }
    }

    @Test(arguments: TestBackend.available) func sessionJoinsByContactIdMasterIdAndCustomData(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            var snapshot = Snapshot(sessionId: "s-1")
            snapshot.contactId = "100"  // the master contact, as Context Init stores it
            _ = try await store.record(snapshot, envelope())
            _ = try await store.record(Snapshot(sessionId: "s-2"), envelope())
            _ = try await store.importCXone(
                try cxone(
                    """
                    {"completedContacts": [
                      {"contactId": 100, "masterContactId": 100, "contactStartDate": "2026-11-24T10:00:00Z"},
                      {"contactId": 101, "masterContactId": 100, "contactStartDate": "2026-11-24T10:00:05Z"},
                      {"contactId": 200, "masterContactId": 200, "contactStartDate": "2026-11-24T11:00:00Z"},
                      {"contactId": 300, "masterContactId": 300, "contactStartDate": "2026-11-24T12:00:00Z"}]}
                    """), importedAt: Date())
            _ = try await store.importCXone(
                try cxone(#"{"contactId": 200, "contactCustomData": [{"name": "cognigy", "value": "s-2"}]}"#), importedAt: Date())
            _ = try await store.importCXone(
                try cxone(#"{"contactId": 300, "contactCustomData": [{"name": "BotSessionId", "value": "s-3"}]}"#), importedAt: Date())
            _ = try await store.importCXone(
                try cxone(#"{"contactId": 400, "contactCustomData": [{"name": "tier", "value": "gold"}]}"#), importedAt: Date())

            let sessions = try await store.sessions(["s-1", "s-2", "s-3"])
            #expect(sessions.map(\.contactIds) == [["100", "101"], ["200"], ["300"]])
            #expect(sessions[2].hasBotRecord == false)
            let keys = try await store.sessionKeys(SessionFilter()).map(\.sessionId)
            #expect(Set(keys) == ["s-1", "s-2", "s-3"], "s-3 is named by custom data whose name mentions a session")
            #expect(try await store.sessionId(matching: "101") == "s-1", "a spawned contact finds its master's session")
            #expect(try await store.sessionId(matching: "200") == "s-2", "custom data whose value is a stored session links by any name")
            #expect(try await store.sessionId(matching: "400") == nil, "custom data names no session by a value no table holds")
            #expect(!keys.contains("gold"))
            #expect(try await store.sessionId(matching: "300") == "s-3")
            #expect(try await store.sessionId(matching: "nothing") == nil)
        }
    }

    @Test(arguments: TestBackend.available) func windowFiltersByFirstEvent(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            let day = 86_400.0
            let now = Date()
            _ = try await store.record(Snapshot(sessionId: "old"), envelope(now.addingTimeInterval(-3 * day)))
            _ = try await store.record(Snapshot(sessionId: "new"), envelope(now.addingTimeInterval(-0.5 * day)))
            let recent = try await store.sessionKeys(SessionFilter(since: now.addingTimeInterval(-day)))
            #expect(recent.map(\.sessionId) == ["new"])
            let older = try await store.sessionKeys(SessionFilter(until: now.addingTimeInterval(-day)))
            #expect(older.map(\.sessionId) == ["old"])
        }
    }

    @Test(arguments: TestBackend.available) func aSearchFindsSessionsByIdStepIntentOrAnyContactId(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            let generator = DemoGenerator(sessions: DiagnosisCode.allCases.count)
            try await store.writeBulk(try BulkRecords(demo: (0..<generator.sessions).map(generator.session)))
            func found(_ text: String) async throws -> [String] { try await store.sessionKeys(SessionFilter(text: text)).map(\.sessionId) }
            #expect(try await found("demo-0000000a") == [DemoGenerator.sessionId(10)])
            #expect(try await found("700000000021") == [DemoGenerator.sessionId(10)], "a contact id the bot recorded")
            #expect(try await found("700000000011") == [DemoGenerator.sessionId(5)], "a contact known only from CXone custom data")
            #expect(try await found("IDENTIFY CALLER").count == generator.sessions - 1, "a flow step, whatever its case")
            #expect(try await found("no such thing").isEmpty)
        }
    }

    @Test(arguments: TestBackend.available) func storedDiagnosesFollowNewRecordsAndImports(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            // An hour old, with CXone and Genesys read up to now: every session has settled.
            let generator = DemoGenerator(sessions: DiagnosisCode.allCases.count, end: Date().addingTimeInterval(-3_600))
            try await store.writeBulk(try BulkRecords(demo: (0..<generator.sessions).map(generator.session)))
            try await store.recordRead(.cxone, coveredUntil: Date(), records: generator.sessions, at: Date())
            try await store.recordRead(.genesys, coveredUntil: Date(), records: 1, at: Date())
            #expect(try await store.refreshDiagnoses() == generator.sessions)
            #expect(try await store.refreshDiagnoses() == 0, "nothing changed, nothing recomputed")
            let week = Date().addingTimeInterval(-8 * 86_400)
            let before = try await store.diagnosisOverview(since: week, recent: 50)
            #expect(before.counts.count == DiagnosisCode.allCases.count && before.counts.values.allSatisfy { $0 == 1 })
            #expect(before.recentFailures.count == generator.sessions - 2)

            // The NOT_QUEUED session's contact comes back from CXone answered by an agent.
            let notQueued = generator.session(10).cxone.contacts[0]
            let answered =
                #"{"contactId": "\#(notQueued.contactId)", "masterContactId": "\#(notQueued.masterContactId!)", "agentId": 77, "#
                + #""agentSeconds": 30, "contactStartDate": "\#(Timestamps.format(notQueued.startedAt!))"}"#
            _ = try await store.importCXone(try cxone(answered), importedAt: Date().addingTimeInterval(1))
            _ = try await store.record(Snapshot(sessionId: "brand-new"), IngestEnvelope(contentType: "application/json", rawBody: Array("{}".utf8)))
            #expect(try await store.refreshDiagnoses() == 2, "only the two touched sessions are diagnosed again")
            let after = try await store.diagnosisOverview(since: week, recent: 50)
            #expect(after.counts[.notQueued] == nil)
            #expect(after.counts[.handedOver] == 2)
            #expect(after.counts[.noCXoneRecord] == 1 && after.pending == [.noCXoneRecord: 1], "the brand-new session waits for CXone")
        }
    }

    @Test(arguments: TestBackend.available) func demoDataEarnsEveryDiagnosisThroughTheRealJoin(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            let generator = DemoGenerator(sessions: 2 * DiagnosisCode.allCases.count, snapshotsPerSession: 4)
            try await store.writeBulk(try BulkRecords(demo: (0..<generator.sessions).map(generator.session)))
            var seen: [DiagnosisCode: Int] = [:]
            var mismatches: [String] = []
            var (historyOnly, callerMatches, customFieldIds) = (0, 0, 0)
            try await store.correlate(SessionFilter()) { session in
                let code = Diagnoser.diagnose(session).code
                seen[code, default: 0] += 1
                let index = Int(session.sessionId.dropFirst(5).prefix(8), radix: 16)!
                if code != generator.session(index).scenario { mismatches.append("\(session.sessionId): \(code)") }
                if session.snapshots.isEmpty, session.cognigySession != nil { historyOnly += 1 }
                if case .matched? = session.callerMatch { callerMatches += 1 }
                if session.messages.contains(where: { $0.collection == .analytics && !$0.contactIds.isEmpty }) { customFieldIds += 1 }
            }
            #expect(mismatches.isEmpty)
            #expect(seen.count == DiagnosisCode.allCases.count)
            #expect(seen.values.allSatisfy { $0 == 2 })
            #expect(historyOnly == DemoCognigy.reachableWithoutWebhook.count, "the second cycle is known from Cognigy's history alone")
            #expect(callerMatches == 2 && customFieldIds > 0, "the placeholder sessions' contacts are found by caller and time")
        }
    }

    @Test(arguments: TestBackend.available) func reportStreamsEveryFormatWithCountsFirst(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            let generator = DemoGenerator(sessions: DiagnosisCode.allCases.count)
            try await store.writeBulk(try BulkRecords(demo: (0..<generator.sessions).map(generator.session)))
            for format in ReportFormat.allCases {
                var output = Data()
                let summary = try await ReportWriter(format: format, diagnoses: DiagnosisFilter(failuresOnly: true)).write(
                    from: store, filter: SessionFilter()
                ) { output.append($0) }
                #expect(summary.total == DiagnosisCode.allCases.count - 2, "HANDED_OVER and CALLER_HUNG_UP_IN_BOT are left out")
                let text = String(decoding: output, as: UTF8.self)
                #expect(text.contains("NOT_QUEUED"), "\(format)")
                #expect(!text.contains("HANDED_OVER"), "\(format)")
                if format == .json {
                    let object = try JSONSerialization.jsonObject(with: output) as? [String: Any]
                    #expect((object?["sessions"] as? [Any])?.count == summary.total)
                    #expect((object?["summary"] as? [String: Int])?["NOT_QUEUED"] == 1)
                }
            }
        }
    }
}
