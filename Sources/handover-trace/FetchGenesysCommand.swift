import ArgumentParser
import Foundation
import GenesysClient
import HandoverCore
import HandoverStore
import HistoryFetching

struct FetchGenesysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch-genesys",
        abstract: "Fetch conversation details from Genesys Cloud's analytics API.",
        discussion: HelpText.reflow(
            """
            Credentials come from the environment: GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET (an OAuth client with
            the Client Credentials grant and analytics:conversationDetail:view) and GENESYS_REGION, such as
            mypurecloud.com or mypurecloud.de (the token from login.<region>, the API at api.<region>);
            GENESYS_LOGIN_URL and GENESYS_API_URL replace the region's hosts for private regions.

            Only an analytics job's results carry participants' attributes, where a flow leaves the Cognigy session
            id. So the part of the window the data lake already holds (before GET .../details/jobs/availability's
            dataAvailabilityDate) is read through a job: created, polled (QUEUED, PENDING, FULFILLED; FAILED,
            CANCELLED and EXPIRED end the fetch with an error), then paged by cursor. The rest of the window comes
            through the synchronous details query, paged, with each conversation's attributes read from
            GET /api/v2/conversations/{id}.

            Throttling (429) waits for Retry-After; an expired token is renewed once. Each page is stored before the
            next is asked for, and the position moves only when the whole window was read; fetching the same window
            again changes nothing.

            Examples:
              handover-trace fetch-genesys --since 24h
              handover-trace fetch-genesys --since 2026-11-24 --until 2026-11-25
              handover-trace fetch-genesys --incremental        # from where the last fetch ended
            """)
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var redaction: RedactKeyOption

    @Option(
        help: ArgumentHelp(
            "Conversations with activity at or after this: \(TimeExpression.help). Needed unless --incremental has a previous fetch to resume from.",
            valueName: "time"))
    var since: String?

    @Option(help: ArgumentHelp("Conversations with activity before this (default: now).", valueName: "time"))
    var until: String?

    @Flag(help: "From the position the last fetch left, an hour before it (a long call is found again).")
    var incremental = false

    func run() async throws {
        var round: GenesysRound
        do { round = GenesysRound(credentials: try GenesysCredentials.fromEnvironment()) } catch { throw CommandFailure("\(error)") }
        let now = Date()
        let end = try until.map { try WindowOptions.parse($0, option: "--until", now: now) } ?? now
        let progress = FetchProgress(records: "conversations")
        round.hash = try redaction.hash()
        round.events = { progress.record($0) }
        try await store.with(mustExist: false) { database in
            let window = try await fetchWindow(database, round, end: end, now: now)
            do {
                let conversations = try await round.run(window, into: database)
                let span = "from \(Timestamps.format(window.start)) to \(Timestamps.format(end))"
                progress.finish("fetched \(conversations) conversations \(span) into \(store.location)")
            } catch {
                progress.finish(nil)
                throw CommandFailure("\(error)")
            }
        }
    }

    func fetchWindow(_ database: some CorrelationStore, _ round: GenesysRound, end: Date, now: Date) async throws -> HistoryWindow {
        let start = try since.map { try WindowOptions.parse($0, option: "--since", now: now) }
        if incremental, let position = try await database.status(of: .genesys).coveredUntil {
            return HistoryWindow(start: start ?? position.addingTimeInterval(-round.reachBack), end: end)
        }
        guard let start else {
            throw CommandFailure(
                incremental
                    ? "--incremental needs a previous fetch to resume from; run once with --since 24h first."
                    : "say which conversations to fetch: --since 24h (or --incremental after a first fetch).")
        }
        return HistoryWindow(start: start, end: end)
    }
}
