import ArgumentParser
import CXoneClient
import Foundation
import HandoverCore
import HandoverStore
import HistoryFetching

struct FetchCXoneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch-cxone",
        abstract: "Fetch completed contacts, their state histories and custom data from the CXone API.",
        discussion: HelpText.reflow(
            """
            Credentials come from the environment: CXONE_CLIENT_ID and CXONE_CLIENT_SECRET (the OAuth client),
            CXONE_ACCESS_KEY_ID and CXONE_ACCESS_KEY_SECRET (an access key of a user allowed to read contacts), and
            CXONE_DISCOVERY_URL (default https://cxone.niceincontact.com). The tool discovers the token endpoint,
            signs in with the password grant, finds the tenant's API endpoint, then pages through
            GET /contacts/completed and fetches each contact's state history and custom data a few at a time.

            Throttling (429) and unavailability (503) are retried, honouring Retry-After, with bounded exponential
            backoff; an expired token is refreshed once. Each page is stored before the next is asked for, so an
            interrupted fetch keeps what it got; fetching the same window again changes nothing.

            Examples:
              handover-trace fetch-cxone --since 24h
              handover-trace fetch-cxone --since 2026-11-24 --until 2026-11-25 --skill 4301
              handover-trace fetch-cxone --incremental        # from where the last fetch ended
            """)
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var redaction: RedactKeyOption

    @Option(
        help: ArgumentHelp(
            "Contacts that started at or after this: \(TimeExpression.help). Needed unless --incremental has a previous fetch to resume from.",
            valueName: "time"))
    var since: String?

    @Option(help: ArgumentHelp("Contacts that started before this (default: now).", valueName: "time"))
    var until: String?

    @Option(help: "Only contacts of this CXone skill id.")
    var skill: String?

    @Flag(help: "Only contacts CXone updated since the position the last fetch left (updatedSince), from a day before it.")
    var incremental = false

    @Option(help: "CXone API version in the path.")
    var apiVersion = "v30.0"

    @Option(help: "Detail requests (state history, custom data) in flight at once, 1 to 16.")
    var concurrency = 4

    func validate() throws {
        guard (1...16).contains(concurrency) else { throw ValidationError("--concurrency must be from 1 to 16.") }
    }

    func run() async throws {
        var round: CXoneRound
        do { round = CXoneRound(credentials: try CXoneCredentials.fromEnvironment()) } catch { throw CommandFailure("\(error)") }
        let now = Date()
        let end = try until.map { try WindowOptions.parse($0, option: "--until", now: now) } ?? now
        let progress = FetchProgress()
        (round.apiVersion, round.concurrency, round.skillId, round.hash) = (apiVersion, concurrency, skill, try redaction.hash())
        round.events = { progress.record($0) }
        try await store.with(mustExist: false) { database in
            let window = try await fetchWindow(database, round, end: end, now: now)
            do {
                // A fetch of one skill has not read the others: it leaves the position where it was.
                let contacts = skill == nil ? try await round.run(window, into: database) : try await round.read(window, into: database)
                progress.finish(
                    "fetched \(contacts) contacts from \(Timestamps.format(window.start)) to \(Timestamps.format(end)) into \(store.location)")
            } catch {
                progress.finish(nil)
                throw CommandFailure("\(error)")
            }
        }
    }

    func fetchWindow(_ database: some CorrelationStore, _ round: CXoneRound, end: Date, now: Date) async throws -> HistoryWindow {
        let start = try since.map { try WindowOptions.parse($0, option: "--since", now: now) }
        guard incremental else {
            guard let start else { throw CommandFailure("say which contacts to fetch: --since 24h (or --incremental after a first fetch).") }
            return HistoryWindow(start: start, end: end)
        }
        guard let position = try await database.status(of: .cxone).coveredUntil else {
            guard let start else { throw CommandFailure("--incremental needs a previous fetch to resume from; run once with --since 24h first.") }
            return HistoryWindow(start: start, end: end)
        }
        return HistoryWindow(start: start ?? position.addingTimeInterval(-round.reachBack), end: end, changedSince: position)
    }
}
