import ArgumentParser
import Foundation
import HandoverCore
import HandoverStore

struct ImportCXoneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-cxone",
        abstract: "Import CXone contact records, state histories and custom data saved as JSON.",
        discussion: HelpText.reflow(
            """
            Reads CXone API responses saved to files: pages of GET /contacts/completed ("completedContacts"),
            single contacts from GET /contacts/{id} (flat or wrapped as {"contactId": {...}}), state histories from
            GET /contacts/{id}/state-history ("contactStateHistory"), and custom data ("contactCustomData" or
            "ContactCustomData", [{name, value}]); or a JSON array of any of these. The shape is recognised from
            the content, not the file name. A directory imports every *.json file in it, recursively.

            Re-importing the same data changes nothing. A file of any size is read a batch of records at a time, in
            bounded memory, all in one transaction: each file is imported whole or not at all, and a file that cannot
            be read is reported with the reason and the place (line and column, or the record's position) while the
            others still import. Exit status 1 if any failed.

            Examples:
              handover-trace import-cxone Examples/cxone/
              handover-trace import-cxone --db prod.sqlite completed-page-1.json state-history-700000002.json
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
            var total = ImportCounts()
            let failures = try await DocumentFiles.importEach(files) { file in
                let document = BatchStream(CXoneDocumentStream(try DocumentFiles.items(file), redactingCallersWith: hash))
                let written = try await database.importCXone(document, importedAt: Date())
                let read = document.current.read
                guard read.records > 0 else { throw CXoneDocumentError("holds no contacts, states or custom data") }
                if let newest = read.newestRecordAt {
                    try await database.recordRead(.cxone, coveredUntil: newest, records: read.contacts, at: Date())
                }
                total = total + written
                print(
                    "\(file): \(read.contacts) contacts, \(read.states) states, \(read.customData) custom data "
                        + "(\(written.contacts + written.states + written.customData) rows new or changed)")
            }
            print(
                "imported \(files.count - failures) of \(files.count) files into \(store.location): \(total.contacts) contacts, "
                    + "\(total.states) states, \(total.customData) custom data new or changed")
            return failures
        }
        if failures > 0 { throw ExitCode(1) }
    }
}
