import ArgumentParser
import CognigyClient
import Foundation
import HandoverCore
import HandoverStore
import HistoryFetching
import Synchronization

struct FetchCognigyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch-cognigy",
        abstract: "Fetch Cognigy's own session history (Sessions, Conversations, Analytics) from its OData endpoint.",
        discussion: HelpText.reflow(
            """
            Configured by the environment: COGNIGY_ODATA_URL (your OData endpoint without the version, e.g.
            https://odata-trial.cognigy.ai) and COGNIGY_API_KEY (an API key of a user with the odata or admin global
            role). The key travels in the URL, as Cognigy requires; it is never printed or logged.

            Each collection is read in time order, a page at a time by keyset (time, then record id; never a large
            $skip, which Cognigy documents as slow), and each page is stored before the next is asked for, so an
            interrupted fetch keeps what it got and fetching the same window again changes nothing. Throttling (429)
            and server errors (5xx) are retried with backoff, honouring Retry-After.

            Cognigy writes analytics when a session finishes, so --incremental starts an hour before the position the
            last fetch left. A server-driven page (@odata.nextLink) is followed; a fetch that cannot read its whole
            window exits non-zero and leaves the position where it was. What the records give the report: see `handover-trace import-cognigy --help`.

            Examples:
              handover-trace fetch-cognigy --since 7d
              handover-trace fetch-cognigy --since 2026-11-24 --until 2026-11-25 --project 6655e7f1a2b3c4d5e6f70809
              handover-trace fetch-cognigy --incremental --odata-version v2.4
            """)
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var redaction: RedactKeyOption

    @Option(
        help: ArgumentHelp(
            "Records at or after this: \(TimeExpression.help). Needed unless --incremental has a previous fetch to resume from.",
            valueName: "time"))
    var since: String?

    @Option(help: ArgumentHelp("Records before this (default: now).", valueName: "time"))
    var until: String?

    @Option(help: ArgumentHelp("Only records of this Cognigy project id.", valueName: "id"))
    var project: String?

    @Flag(help: "Resume from the position the last successful fetch left (less an hour).")
    var incremental = false

    @Option(help: ArgumentHelp("OData version: v2.3 (record id _id) or v2.4 (id).", valueName: "version"))
    var odataVersion = "v2.3"

    func run() async throws {
        let configuration: ODataConfiguration
        do { configuration = try ODataConfiguration.fromEnvironment(version: odataVersion) } catch { throw CommandFailure(error.description) }
        let now = Date()
        let end = try until.map { try WindowOptions.parse($0, option: "--until", now: now) } ?? now
        let progress = ODataProgress()
        let lines = Mutex<[String]>([])
        var round = CognigyRound(configuration: configuration)
        (round.projectId, round.reader) = (project, try redaction.reader())
        round.events = { progress.record($0) }
        round.collectionRead = { collection, records in lines.withLock { $0.append("\(records) \(collection.rawValue) records") } }
        try await store.with(mustExist: false) { database in
            let window = try await fetchWindow(database, round, end: end, now: now)
            do {
                // A fetch of one project has not read the others: it leaves the position where it was.
                _ = project == nil ? try await round.run(window, into: database) : try await round.read(window, into: database)
                let summary = lines.withLock { $0.joined(separator: ", ") }
                progress.finish(
                    "fetched \(summary) from \(Timestamps.format(window.start)) to \(Timestamps.format(end)) into \(store.location)")
            } catch {
                progress.finish(nil)
                throw CommandFailure("\(error)")
            }
        }
    }

    func fetchWindow(_ database: some CorrelationStore, _ round: CognigyRound, end: Date, now: Date) async throws -> HistoryWindow {
        let start = try since.map { try WindowOptions.parse($0, option: "--since", now: now) }
        if incremental, let position = try await database.status(of: .cognigy).coveredUntil {
            return HistoryWindow(start: start ?? position.addingTimeInterval(-round.reachBack), end: end, changedSince: position)
        }
        guard let start else {
            throw CommandFailure(
                incremental
                    ? "--incremental needs a previous fetch to resume from; run once with --since 7d first."
                    : "say which records to fetch: --since 24h (or --incremental after a first fetch).")
        }
        return HistoryWindow(start: start, end: end)
    }
}

/// The progress line of a Cognigy fetch: the collection, its pages and records, retries.
final class ODataProgress: Sendable {
    private struct Counts { var collection = "", pages = 0, records = 0, retries = 0, since = ContinuousClock.now }
    private let counts = Mutex(Counts())
    private let line = FetchProgress()

    func record(_ event: ODataEvent) {
        let text: String = counts.withLock { counts in
            switch event {
            case .page(let collection, let number, let records):
                if !counts.collection.isEmpty, counts.collection != collection.rawValue { counts.since = .now }
                (counts.collection, counts.pages, counts.records) = (collection.rawValue, number, records)
            case .retry: counts.retries += 1
            }
            let rate = line.rate(counts.records, since: counts.since)
            return "\(counts.collection): pages \(counts.pages), records \(counts.records) \(rate), retries \(counts.retries)"
        }
        line.show(text)
    }

    func finish(_ message: String?) { line.finish(message) }
}
