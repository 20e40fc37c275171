import ArgumentParser
import Foundation
import HandoverCore
import HandoverStore

struct PurgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Delete every record older than a given age: snapshots, handover attempts, CXone contacts and Genesys conversations.",
        discussion: HelpText.reflow(
            """
            Records received (CXone contacts: started) before the cutoff are deleted a few thousand at a time, so a
            running server keeps ingesting meanwhile. `serve --retain 30d` does the same every hour by itself.
            The space is reused by new records; `handover-trace erase` also rewrites the file.

            Example:
              handover-trace purge --older-than 30d
            """)
    )

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("Delete records older than this: 12h, 30d, 8w (or an ISO 8601 date).", valueName: "age"))
    var olderThan: String

    func run() async throws {
        let cutoff = try WindowOptions.parse(olderThan, option: "--older-than", now: Date())
        let removed = try await store.with { database in try await database.purge(olderThan: cutoff) }
        print("removed \(removed) received before \(Timestamps.format(cutoff)) from \(store.location)")
    }
}
