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
            --session removes that bot session; --contact removes every session that recorded the contact id. With
            them go their handover attempts, idempotency keys, and matched CXone contacts with their states and
            custom data. The database file is then rewritten (VACUUM) and the WAL emptied, so the values are gone
            from the disk, not just unlinked. Other sessions are untouched.

            Examples:
              handover-trace erase --session b7a4e1c2-5d1f-4c1e-9d8a-2f0c1e6b7a11
              handover-trace erase --contact 700000002
            """)
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "A bot session id.")
    var session: String?

    @Option(help: "A CXone contact id (master, spawned or any recorded).")
    var contact: String?

    func validate() throws {
        guard (session == nil) != (contact == nil) else { throw ValidationError("give exactly one of --session ID or --contact ID.") }
    }

    func run() async throws {
        let id = session ?? contact ?? ""
        let removed = try await store.with { database in try await database.erase(matching: id) }
        guard removed.total > 0 else { throw CommandFailure("nothing in \(store.location) matches \(id); nothing was removed.") }
        print(
            """
            removed \(removed) for \(id) from \
            \(store.location)\(store.location.rewritesOnErase ? "; the file was rewritten (VACUUM)" : "; PostgreSQL vacuumed the tables")
            """
        )
    }
}
