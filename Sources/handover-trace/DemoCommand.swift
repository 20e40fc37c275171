import ArgumentParser
import Foundation
import HandoverCore
import HandoverStore

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Fill a database with realistic synthetic sessions covering every diagnosis code.",
        discussion: HelpText.reflow(
            """
            Each session has Cognigy snapshots and (where its story needs one) a handover attempt, built through the
            same parsing and validation as real requests, and the CXone contact, state history and custom data that
            earn its diagnosis. Sessions are spread over the last week and cycle through every code in the catalogue.
            Refuses a database that already holds data, so it never mixes with real records.

            Examples:
              handover-trace demo --db demo.sqlite && handover-trace report --db demo.sqlite
              handover-trace demo --db big.sqlite --sessions 100000 --snapshots-per-session 10
            """)
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "How many bot sessions to create.")
    var sessions = 42

    @Option(help: "Snapshots per bot session (1 to 10).")
    var snapshotsPerSession = 3

    func validate() throws {
        guard (1...10_000_000).contains(sessions) else { throw ValidationError("--sessions must be from 1 to 10000000.") }
        guard (1...10).contains(snapshotsPerSession) else { throw ValidationError("--snapshots-per-session must be from 1 to 10.") }
    }

    /// What demo wrote, counted from the records it handed the store, so its closing line says exactly that.
    struct Written: Equatable {
        var sessions = 0
        var snapshots = 0
        var handoverAttempts = 0
        var contacts = 0
        var conversations = 0
    }

    func run() async throws {
        let written = try await write()
        print(
            "wrote \(written.sessions) demo sessions (\(written.snapshots) snapshots, \(written.handoverAttempts) handover attempts, "
                + "\(written.contacts) CXone contacts, \(written.conversations) Genesys conversations) to \(store.location); "
                + "try: handover-trace report --db \(store.location)"
        )
    }

    func write() async throws -> Written {
        try await store.with(mustExist: false) { database in
            guard try await database.sessionKeys(SessionFilter()).isEmpty else {
                throw CommandFailure("\(store.location) already holds sessions; demo data goes into a new database (pass --db demo.sqlite).")
            }
            // Ended a settling time ago, and both histories read up to now: every demo session has a final diagnosis.
            let end = Date().addingTimeInterval(-Settlement.defaultSettle)
            let generator = DemoGenerator(sessions: sessions, snapshotsPerSession: snapshotsPerSession, end: end)
            var written = Written(sessions: sessions)
            var start = 0
            while start < sessions {
                let end = min(start + 1_000, sessions)
                let records = try BulkRecords(demo: (start..<end).map(generator.session))
                try await database.writeBulk(records)
                written.snapshots += records.snapshots.count
                written.handoverAttempts += records.attempts.count
                written.contacts += records.cxone.contacts.count
                written.conversations += records.genesys.conversations.count
                start = end
            }
            try await database.recordRead(.cxone, coveredUntil: Date(), records: written.contacts, at: Date())
            try await database.recordRead(.cognigy, coveredUntil: Date(), records: written.sessions, at: Date())
            if written.conversations > 0 {
                try await database.recordRead(.genesys, coveredUntil: Date(), records: written.conversations, at: Date())
            }
            return written
        }
    }
}
