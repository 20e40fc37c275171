import ArgumentParser
import Foundation
import HandoverCore
import HandoverStore

struct ImportCognigyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-cognigy",
        abstract: "Import Cognigy's own session history saved from its OData analytics endpoint.",
        discussion: HelpText.reflow(
            """
            Reads OData responses saved to files ({"@odata.context": ..., "value": [...]}, or a bare array of
            records) of the Sessions, Conversations and Analytics collections: v2.3 (record id _id), v2.4 (id), and
            the older names (Inputs, ChatHistory, and Conversations meaning sessions). Which collection a record
            belongs to is read from its fields, not from the file name. A directory imports every *.json file in it,
            recursively.

            Once imported, every session Cognigy knows is a bot record for `report`, whether or not its flow posts
            to the webhook: its CXone contact ids are read from inputData (Context Init's contactId and
            spawnedContactId, or the SIP headers X-InContact-MasterId and X-InContact-ContactId) and from any
            custom1..custom10 field holding one; a session without them is matched to a CXone contact by the
            caller's number and start time. Escalations (handoverEscalations, inHandoverRequest) and Voice Gateway
            transfer events in inputData count as evidence.

            Re-importing the same data changes nothing. A file of any size is read a batch of records at a time, in
            bounded memory, all in one transaction: each file is imported whole or not at all, and a file that cannot
            be read is reported with the reason and the place (line and column, or the record's position) while the
            others still import. Exit status 1 if any failed.

            Examples:
              handover-trace import-cognigy Examples/cognigy/odata/
              handover-trace import-cognigy --redact-key "$KEY" sessions.json conversations.json
            """)
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var redaction: RedactKeyOption

    @Argument(help: "JSON files or directories holding them.")
    var paths: [String]

    func run() async throws {
        let files = try DocumentFiles.expand(paths)
        let reader = try redaction.reader()
        let failures = try await store.with(mustExist: false) { database in
            var total = 0
            let failures = try await DocumentFiles.importEach(files) { file in
                let document = BatchStream(CognigyDocumentStream(try DocumentFiles.items(file), reader: reader))
                let written = try await database.importCognigy(document, importedAt: Date())
                let read = document.current.read
                guard read.records > 0 else { throw CognigyDocumentError("holds no Sessions, Conversations or Analytics records") }
                if let newest = read.newestRecordAt {
                    try await database.recordRead(.cognigy, coveredUntil: newest, records: read.records, at: Date())
                }
                total += written
                print("\(file): \(read.sessions) sessions, \(read.messages) messages and inputs (\(written) rows new or changed)")
            }
            print("imported \(files.count - failures) of \(files.count) files into \(store.location): \(total) Cognigy records new or changed")
            return failures
        }
        if failures > 0 { throw ExitCode(1) }
    }
}

/// `--redact-key` for the commands that import records: Cognigy's (userId, inputText, inputData, its contactId) and
/// CXone's (the caller's fromAddress) are stored as a keyed hash, the same as `serve --redact-key` writes.
struct RedactKeyOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            """
            Store what identifies callers as a keyed hash (HMAC-SHA256, at least 16 characters; use the same key as serve \
            --redact-key): Cognigy's userId, inputText, inputData and contactId, CXone's fromAddress. Ids and the caller's number \
            are read first, so the joins still work. [HANDOVER_TRACE_REDACT_KEY]
            """,
            valueName: "key"))
    var redactKey: String?

    /// The keyed hash, or nil when no key is given.
    func hash() throws -> (@Sendable (String) -> String)? {
        guard let key = redactKey ?? EnvironmentDefaults.process.string("REDACT_KEY") else { return nil }
        do {
            return try RedactionHash.keyed(key)
        } catch {
            throw CommandFailure(error.message)
        }
    }

    func reader() throws -> CognigyDocumentReader { CognigyDocumentReader(hash: try hash()) }
}
