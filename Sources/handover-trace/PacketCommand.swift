import ArgumentParser
import Foundation
import HandoverStore

struct PacketCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "packet",
        abstract: "Write an incident packet for one session: a zip to attach to a support case.",
        discussion: HelpText.reflow(
            """
            The zip holds summary.md (diagnosis, evidence, action and timeline for a person), session.json and
            timeline.json, snapshots.ndjson and handover-attempts.ndjson (every request as it arrived, raw body
            included, with its verdict), cxone-contacts.ndjson and cxone-states.ndjson (CXone's records as fetched),
            and genesys-conversations.ndjson where Genesys Cloud's conversations were joined. ID is a bot session id,
            any contact id or a Genesys conversation id. The console offers the same zip on each session's page.

            Example:
              handover-trace packet 700000014 --out incident-700000014.zip
            """)
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var matching: MatchWindowOption
    @OptionGroup var settling: SettleOption

    @Argument(help: "A bot session id or a contact id.")
    var id: String

    @Option(help: "The zip file to write.")
    var out: String

    func run() async throws {
        let packet = try await store.with(callerMatchWindow: matching.window, settle: try settling.seconds) { database in
            try await IncidentPacket.files(for: id, store: database)
        }
        guard let packet else { throw CommandFailure("no session or contact \(id) in \(store.location).") }
        do {
            try IncidentPacket.zip(packet.files).write(to: URL(fileURLWithPath: out))
        } catch {
            throw CommandFailure("cannot write \(out): \(error).")
        }
        print("wrote \(out) for session \(packet.sessionId): \(packet.files.map(\.0).joined(separator: ", "))")
    }
}
