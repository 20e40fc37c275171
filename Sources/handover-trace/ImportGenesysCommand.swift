import ArgumentParser
import Foundation
import HandoverCore
import HandoverStore

struct ImportGenesysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-genesys",
        abstract: "Import Genesys Cloud conversation details saved as JSON.",
        discussion: HelpText.reflow(
            """
            Reads Genesys Cloud's analytics conversation details saved to files, in each form Genesys returns them:
            a synchronous query's response from POST /api/v2/analytics/conversations/details/query
            ({"conversations": [...], "totalHits": N}), an async job's results page from
            GET /api/v2/analytics/conversations/details/jobs/{jobId}/results ({"conversations": [...], "cursor": ...}),
            one conversation from GET /api/v2/analytics/conversations/{id}/details, or a JSON array of conversations.
            The shape is recognised from the content, not the file name. A directory imports every *.json file in it,
            recursively.

            Conversations are stored by id: the same call from two windows or two forms is stored once, and the newer
            version (the one whose segments reach later) wins. Only job results carry participants' attributes,
            where a flow leaves the Cognigy session id (cognigySessionId, botSessionId or sessionId); sessions are
            also joined by the genesysConversationId a snapshot records, and by caller and time.

            Re-importing the same data changes nothing. Each file is imported whole or not at all; a file that
            cannot be read is reported with the reason and the others still import. Exit status 1 if any failed.

            Examples:
              handover-trace import-genesys Examples/genesys/
              handover-trace import-genesys --db prod.sqlite job-results-1.json conversation-details.json
            """)
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var redaction: RedactKeyOption

    @Argument(help: "JSON files or directories holding them.")
    var paths: [String]

    func run() async throws {
        let files = try DocumentFiles.expand(paths)
        let hash = try redaction.hash()
        let failures = try await store.with(mustExist: false) { database in
            var (read, written) = (0, 0)
            let failures = try await DocumentFiles.importEach(files) { file in
                let document = try Self.read(file)
                let batch = hash.map { document.redactingCallers($0) } ?? document
                let changed = try await database.importGenesys(batch, importedAt: Date())
                if let newest = batch.newestRecordAt {
                    try await database.recordRead(.genesys, coveredUntil: newest, records: batch.conversations.count, at: Date())
                }
                (read, written) = (read + batch.conversations.count, written + changed)
                print("\(file): \(batch.conversations.count) conversations (\(changed) new or changed)")
            }
            print(
                "imported \(files.count - failures) of \(files.count) files into \(store.location): \(read) conversations, "
                    + "\(written) new or changed")
            return failures
        }
        if failures > 0 { throw ExitCode(1) }
    }

    static func read(_ file: String) throws(GenesysDocumentError) -> GenesysBatch {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw GenesysDocumentError("cannot read the file (missing or not readable)")
        }
        let batch = try GenesysDocumentReader.read(Array(data))
        if batch.conversations.isEmpty { throw GenesysDocumentError("holds no conversations") }
        return batch
    }
}
