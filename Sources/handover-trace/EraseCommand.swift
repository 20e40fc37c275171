import ArgumentParser
import Foundation
import HandoverCore
import HandoverStore

struct EraseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Remove everything about one caller, unrecoverably (a data-subject request).",
        discussion: HelpText.reflow(
            """
            For a data-subject request, give the caller's number: --caller removes every session whose caller it
            is (the userId a flow posted, Cognigy's userId), every CXone contact from it (fromAddress) and every
            Genesys conversation from it (the customer's ani), numbers compared by their last nine digits as the
            caller-and-time join compares them, so +44 20 7946 0958 and 020 7946 0958 are one caller; with
            --redact-key (the key serve and the imports hashed callers with), callers stored only as that hash are
            found too. --session removes that bot session; --contact removes every session that recorded the
            contact id (or the Genesys conversation id). With them go their snapshots, handover attempts,
            idempotency keys, Cognigy records, diagnoses, their CXone contacts (by id or matched by caller and time)
            with their states and custom data, and their Genesys conversations. A SQLite file is then rewritten
            (VACUUM) and its WAL emptied, so the values are gone from
            the disk, not just unlinked; PostgreSQL vacuums the tables. Other callers' sessions are untouched.

            Examples:
              handover-trace erase --caller "+44 20 7946 0958"
              handover-trace erase --session b7a4e1c2-5d1f-4c1e-9d8a-2f0c1e6b7a11
              handover-trace erase --contact 700000002
            """)
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "A bot session id.")
    var session: String?

    @Option(help: "A CXone contact id (master, spawned or any recorded), or a Genesys conversation id.")
    var contact: String?

    @Option(help: ArgumentHelp("A caller's phone number: every session, CXone contact and Genesys conversation of that caller.", valueName: "number"))
    var caller: String?

    @Option(
        help: ArgumentHelp(
            "With --caller: the key serve --redact-key and the imports hashed callers with, so callers stored only as that hash are found. "
                + "[HANDOVER_TRACE_REDACT_KEY]", valueName: "key"))
    var redactKey: String?

    func validate() throws {
        guard [session, contact, caller].compactMap({ $0 }).count == 1 else {
            throw ValidationError("give exactly one of --caller NUMBER, --session ID or --contact ID.")
        }
        if let caller, CallerKey.key(caller) == nil {
            throw ValidationError("--caller \(caller) is not a phone number: give the caller's number, such as +44 20 7946 0958.")
        }
    }

    func run() async throws {
        let id = caller ?? session ?? contact ?? ""
        var hash: (@Sendable (String) -> String)?
        if let key = redactKey ?? EnvironmentDefaults.process.string("REDACT_KEY") {
            do { hash = try RedactionHash.keyed(key) } catch { throw CommandFailure(error.message) }
        }
        let subject: ErasureSubject =
            caller.map { number in
                .caller(number, hashedKey: hash.flatMap { hash in CallerKey.key(number).map { Redactor.hashed($0, with: hash) } })
            } ?? .id(id)
        let removed = try await store.with { database in try await database.erase(subject) }
        guard removed.total > 0 else { throw CommandFailure("nothing in \(store.location) matches \(id); nothing was removed.") }
        print(
            """
            removed \(removed) for \(id) from \
            \(store.location)\(store.location.rewritesOnErase ? "; the file was rewritten (VACUUM)" : "; PostgreSQL vacuumed the tables")
            """
        )
    }
}
