import Foundation
import Testing

@testable import handover_trace

/// docs/codes.md and docs/cli.md are written by `handover-trace reference`; this fails when they are stale.
@Suite("Generated reference in docs/")
struct ReferenceDocsTests {
    static let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs").standardized

    @Test func committedFilesMatchWhatTheToolWrites() throws {
        for (name, expected) in ReferenceCommand.files {
            let committed = try String(contentsOf: Self.docs.appendingPathComponent(name), encoding: .utf8)
            #expect(committed == expected, "docs/\(name) is stale: run `swift run handover-trace reference --out docs`")
        }
    }

    @Test func everyCodeAndEveryCommandIsInTheReference() {
        let files = Dictionary(uniqueKeysWithValues: ReferenceCommand.files.map { ($0.name, $0.text) })
        for entry in CodesCommand.markdown().split(separator: "\n").dropFirst(2) { #expect(files["codes.md"]?.contains(entry) == true) }
        for command in ["serve", "validate", "report", "codes", "fetch-cxone", "erase", "migrate-db"] {
            #expect(files["cli.md"]?.contains("## \(command)\n") == true, "\(command) has a section")
        }
        #expect(files["cli.md"]?.contains("## reference") == false, "the maintainers' command stays out of the user's reference")
    }
}
