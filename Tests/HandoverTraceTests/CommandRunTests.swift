import ArgumentParser
import Foundation
import HandoverStore
import HandoverTestSupport
import Testing

@testable import handover_trace

/// The commands as a user runs them: parsed from arguments, then run against a temporary database. Catches what
/// `--help` cannot, such as an option group read before it was parsed.
@Suite("Commands run end to end on a temporary database")
struct CommandRunTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Examples").standardizedFileURL

    func run(_ arguments: [String]) async throws {
        var command = try HandoverTrace.parseAsRoot(arguments)
        if var asynchronous = command as? any AsyncParsableCommand {
            try await asynchronous.run()
        } else {
            try command.run()
        }
    }

    @Test func importCorrelateAndReportTheExamples() async throws {
        let database = try TemporaryDatabase()
        defer { database.remove() }
        let db = ["--db", database.path]
        try await run(["import-cxone"] + db + [Self.examples.appendingPathComponent("cxone").path])
        try await run(["import-cognigy"] + db + [Self.examples.appendingPathComponent("cognigy/odata").path])
        let out = database.path + ".report.json"
        defer { try? FileManager.default.removeItem(atPath: out) }
        try await run(["report"] + db + ["--format", "json", "--out", out, "--match-window", "60"])
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any]
        let summary = report?["summary"] as? [String: Int]
        #expect(summary?["TRANSFER_FAILED"] == 1 && summary?["PLACEHOLDER_CONTACT_ID"] == 1)
        try await run(["session"] + db + ["c0d1a7a0-0004-4f00-9a00-000000000004", "--format", "json"])
        try await run(["session"] + db + ["c0d1a7a0-0004-4f00-9a00-000000000004", "--page", "1"])
        for (page, message) in [("2", "has 1 timeline page; --page 1 through 1."), ("0", "--page counts from 1; got 0.")] {
            let error = await #expect(throws: CommandFailure.self) {
                try await run(["session"] + db + ["c0d1a7a0-0004-4f00-9a00-000000000004", "--page", page])
            }
            #expect(error?.description.hasSuffix(message) == true, "\(error?.description ?? "")")
        }
    }

    @Test func importGenesysAndReportTheExamples() async throws {
        let database = try TemporaryDatabase()
        defer { database.remove() }
        let db = ["--db", database.path]
        try await run(["import-genesys"] + db + [Self.examples.appendingPathComponent("genesys").path])
        try await run(["import-genesys"] + db + [Self.examples.appendingPathComponent("genesys/conversations-array.json").path])
        let out = database.path + ".report.json"
        defer { try? FileManager.default.removeItem(atPath: out) }
        try await run(["report"] + db + ["--format", "json", "--out", out])
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any]
        // No snapshots: the five conversations naming a session make five sessions; one reached an agent, whatever the
        // bot recorded, and the others are contact centre records the bot never recorded.
        let summary = report?["summary"] as? [String: Int]
        #expect(summary == ["NO_BOT_RECORD": 4, "HANDED_OVER": 1], "\(summary ?? [:])")
        let bad = database.path + ".cxone.json"
        try Data(#"{"completedContacts": []}"#.utf8).write(to: URL(fileURLWithPath: bad))
        defer { try? FileManager.default.removeItem(atPath: bad) }
        await #expect(throws: ExitCode(1)) { try await run(["import-genesys"] + db + [bad]) }
    }

    /// What demo says it wrote (the counts its closing line prints) is what the store holds afterwards.
    @Test func demoWritesEverySessionItSays() async throws {
        let database = try TemporaryDatabase()
        defer { database.remove() }
        let demo = try #require(try HandoverTrace.parseAsRoot(["demo", "--db", database.path, "--sessions", "30"]) as? DemoCommand)
        let written = try await demo.write()
        #expect(written.snapshots > 0 && written.handoverAttempts > 0 && written.contacts > 0, "\(written)")
        let store = try await StoreLocation(database.path).open()
        try await store.running { () async throws in
            #expect(try await store.sessionKeys(SessionFilter()).count == written.sessions)
            #expect(try await storedValue(store, "SELECT count(*) FROM snapshot") == "\(written.snapshots)")
            #expect(try await storedValue(store, "SELECT count(*) FROM handover_attempt") == "\(written.handoverAttempts)")
            #expect(try await storedValue(store, "SELECT count(*) FROM cxone_contact") == "\(written.contacts)")
        }
        try await run(["purge", "--db", database.path, "--older-than", "400d"])
    }

    @Test func aBadFileFailsWithExitStatusOneAndTheOthersStillImport() async throws {
        let database = try TemporaryDatabase()
        defer { database.remove() }
        let bad = database.path + ".bad.json"
        try Data(#"{"value": [{"sessionId": "s", "nothing": 1}]}"#.utf8).write(to: URL(fileURLWithPath: bad))
        defer { try? FileManager.default.removeItem(atPath: bad) }
        let good = Self.examples.appendingPathComponent("cognigy/odata/sessions-v2.3.json").path
        await #expect(throws: ExitCode(1)) { try await run(["import-cognigy", "--db", database.path, bad, good]) }
    }
}
