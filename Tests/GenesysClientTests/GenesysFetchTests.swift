import Foundation
import GenesysClient
import HandoverCore
import HandoverStore
import HandoverTestSupport
import HistoryFetching
import Testing

/// fetch-genesys against a fake Genesys Cloud serving the conversations of Examples/genesys: the token, a job (its
/// states, its cursor pages) for the part of the window the data lake holds, the synchronous query (paged) with
/// each conversation's attributes for the rest, one 429 and one token expiry.
@Suite("Genesys Cloud: fetching conversation details")
struct GenesysFetchTests {
    typealias E = GenesysExamples
    /// The data lake holds the first four calls; the query serves the rest (conversation 4 in both, as Genesys would).
    static let lake = Timestamps.parseISO8601("2026-11-30T09:35:00Z")!
    static let (since, until) = (Timestamps.parseISO8601("2026-11-30T08:00:00Z")!, Timestamps.parseISO8601("2026-11-30T12:00:00Z")!)

    static func fake() throws -> FakeGenesys { FakeGenesys(conversations: try E.conversationRecords(), dataAvailabilityDate: lake) }

    static func fetcher(
        _ base: String, secret: String = "genesys-secret-do-not-print", events: @escaping @Sendable (GenesysEvent) -> Void = { _ in }
    )
        -> GenesysFetcher
    {
        let credentials = GenesysCredentials(clientId: "genesys-client", clientSecret: secret, loginURL: base, apiURL: base)
        let api = GenesysAPI(credentials: credentials, retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1)), events: events)
        return GenesysFetcher(api: api, pageSize: 3, pollEvery: .milliseconds(5))
    }

    /// Fetches the window into `store`; returns the conversations read and the rows each page wrote.
    static func fetch(_ fetcher: GenesysFetcher, into store: any ManagedStore) async throws -> (read: Int, written: [Int]) {
        let written = Written()
        let read = try await fetcher.fetch(from: since, to: until) { batch in
            await written.add(try await store.importGenesys(batch, importedAt: Date()))
        }
        try await fetcher.api.shutdown()
        return (read, await written.all)
    }

    actor Written {
        var all: [Int] = []
        func add(_ count: Int) { all.append(count) }
    }

    @Test(arguments: TestBackend.available) func everyCodeThroughTheFetchAndASecondFetchChangesNothing(_ backend: TestBackend) async throws {
        let fake = try Self.fake()
        try await backend.withStore { store in
            try await E.recordSnapshots(store)
            try await fake.serve { base in
                let first = try await Self.fetch(Self.fetcher(base), into: store)
                #expect(first.read == 10, "four from the job, six from the query (conversation 4 from both)")
                #expect(first.written.reduce(0, +) == 9)
                let mismatches = E.mismatches(try await E.diagnoses(store))
                #expect(mismatches.isEmpty, "\(mismatches)")
                let second = try await Self.fetch(Self.fetcher(base), into: store)
                #expect(second.read == first.read)
                #expect(second.written.allSatisfy { $0 == 0 }, "a second fetch changes nothing: \(second.written)")
            }
        }
        let calls = await fake.apiCalls
        #expect(calls.filter { $0.contains("/jobs/job-1/results") }.count == 2, "the job's four conversations in cursor pages of two")
        #expect(calls.contains { $0.contains("cursor=after-2") })
        #expect(calls.filter { $0.hasPrefix("GET /api/v2/analytics/conversations/details/jobs/job-1") && !$0.contains("results") }.count == 3)
        #expect(calls.filter { $0 == "POST /api/v2/analytics/conversations/details/query" }.count == 4, "six conversations in pages of three, twice")
        // Session 8's attribute comes from the conversations API: the query's records have none.
        #expect(calls.contains("GET /api/v2/conversations/\(E.conversation(8))"))
    }

    @Test func aThrottledQueryWaitsAndAnExpiredTokenIsRenewedOnce() async throws {
        let fake = try Self.fake()
        await fake.configure {
            $0.throttled = ["/details/query": 1]
            $0.retryAfter = "1"
            $0.tokenLifetimeCalls = 4
        }
        let events = Events()
        let read = try await fake.serve { base in
            let fetcher = Self.fetcher(base) { event in Task { await events.add(event) } }
            defer { Task { try? await fetcher.api.shutdown() } }
            return try await fetcher.fetch(from: Self.since, to: Self.until) { _ in }
        }
        #expect(read == 10)
        #expect(await fake.retried == ["/api/v2/analytics/conversations/details/query"])
        #expect(await fake.tokenRequests > 1, "the token stopped working after four calls and was renewed")
        let waits = await events.all.compactMap { event -> Duration? in
            if case .retry(_, 429, let wait) = event { return wait }
            return nil
        }
        #expect(waits == [.seconds(1)], "the wait Genesys asked for")
    }

    @Test func aTokenRefusedAgainAfterItsRenewalEndsTheFetch() async throws {
        let fake = try Self.fake()
        await fake.configure { $0.tokenLifetimeCalls = 0 }
        let error: GenesysError? = try await fake.serve { base in
            let fetcher = Self.fetcher(base)
            defer { Task { try? await fetcher.api.shutdown() } }
            do {
                _ = try await fetcher.fetch(from: Self.since, to: Self.until) { _ in }
                return nil
            } catch {
                return error as? GenesysError
            }
        }
        guard case .unauthorized(let message)? = error else {
            Issue.record("expected unauthorized, got \(String(describing: error))")
            return
        }
        #expect(message.contains("GENESYS_CLIENT_ID"))
        #expect(await fake.tokenRequests == 2, "renewed once, not again")
    }

    actor Events {
        var all: [GenesysEvent] = []
        func add(_ event: GenesysEvent) { all.append(event) }
    }

    @Test func aWrongSecretNamesTheVariableAndNeverPrintsIt() async throws {
        let fake = try Self.fake()
        let error = try await fake.serve { base in
            let fetcher = Self.fetcher(base, secret: "wrong-secret-1234")
            defer { Task { try? await fetcher.api.shutdown() } }
            do {
                _ = try await fetcher.fetch(from: Self.since, to: Self.until) { _ in }
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        #expect(error.contains("GENESYS_CLIENT_SECRET"))
        #expect(!error.contains("wrong-secret-1234"))
    }

    @Test(arguments: ["FAILED", "CANCELLED", "EXPIRED"]) func aJobThatEndsBadlyFailsTheFetch(_ state: String) async throws {
        let fake = try Self.fake()
        await fake.configure { $0.jobStates = ["QUEUED", state] }
        let stored = Written()
        let error: GenesysError? = try await fake.serve { base in
            let fetcher = Self.fetcher(base)
            defer { Task { try? await fetcher.api.shutdown() } }
            do {
                _ = try await fetcher.fetch(from: Self.since, to: Self.until) { batch in await stored.add(batch.conversations.count) }
                return nil
            } catch {
                return error as? GenesysError
            }
        }
        guard case .jobFailed(let message)? = error else {
            Issue.record("expected jobFailed, got \(String(describing: error))")
            return
        }
        #expect(message.contains(state))
        #expect(await stored.all.isEmpty, "nothing of the window was stored before the job failed")
    }

    @Test func theEnvironmentNamesWhatIsMissing() throws {
        #expect(throws: GenesysError.self) { try GenesysCredentials.fromEnvironment(["GENESYS_CLIENT_ID": "a"]) }
        do {
            _ = try GenesysCredentials.fromEnvironment(["GENESYS_CLIENT_ID": "a"])
        } catch {
            #expect("\(error)".contains("GENESYS_CLIENT_SECRET") && "\(error)".contains("GENESYS_REGION"))
        }
        let regional = try GenesysCredentials.fromEnvironment([
            "GENESYS_CLIENT_ID": "a", "GENESYS_CLIENT_SECRET": "b", "GENESYS_REGION": "mypurecloud.de",
        ])
        #expect(regional.loginURL == "https://login.mypurecloud.de" && regional.apiURL == "https://api.mypurecloud.de")
        let privateRegion = try GenesysCredentials.fromEnvironment([
            "GENESYS_CLIENT_ID": "a", "GENESYS_CLIENT_SECRET": "b", "GENESYS_LOGIN_URL": "http://127.0.0.1:1",
            "GENESYS_API_URL": "http://127.0.0.1:2",
        ])
        #expect(privateRegion.apiURL == "http://127.0.0.1:2")
    }

    /// The round `fetch-genesys` and `serve --fetch-every` run: the whole window read moves Genesys's position to its
    /// end; a job that fails records the failure and leaves the position where it was.
    @Test(arguments: TestBackend.available) func aRoundMovesThePositionOnlyWhenTheWholeWindowWasRead(_ backend: TestBackend) async throws {
        let fake = try Self.fake()
        try await backend.withStore { store in
            try await fake.serve { base in
                var round = GenesysRound(
                    credentials: GenesysCredentials(
                        clientId: "genesys-client", clientSecret: "genesys-secret-do-not-print", loginURL: base, apiURL: base))
                round.pollEvery = .milliseconds(5)
                let window = HistoryWindow(start: Self.since, end: Self.until)
                #expect(try await round.run(window, into: store) == 10)
                #expect(try await store.status(of: .genesys).coveredUntil == Self.until)
                await fake.configure { $0.jobStates = ["FAILED"] }
                let later = HistoryWindow(start: Self.since, end: Self.until.addingTimeInterval(3_600))
                await #expect(throws: GenesysError.self) { try await round.run(later, into: store) }
                let status = try await store.status(of: .genesys)
                #expect(status.coveredUntil == Self.until, "the failed round left the position")
                #expect(status.failingSince != nil && status.lastError?.contains("FAILED") == true)
            }
        }
    }
}
