import CognigyClient
import Foundation
import HandoverCore
import HandoverStore
import HandoverTestSupport
import Hummingbird
import NIOCore
import Synchronization
import Testing

@Suite("Cognigy OData client against a fake endpoint on loopback: keyset paging, refusals, retries, the key kept secret")
struct ODataClientTests {
    static let window = ODataWindow(start: Timestamps.parseISO8601("2026-11-25T00:00:00Z")!, end: Timestamps.parseISO8601("2026-11-26T00:00:00Z")!)
    static let fastRetry = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20))

    /// Fetches Sessions from the fake through `store`; returns the events seen, or throws what the client threw.
    func fetch(
        _ fake: FakeOData, version: String = "v2.3", pageSize: Int = 2, store: @escaping @Sendable (CognigyBatch) async throws -> Void = { _ in }
    ) async throws -> (records: Int, events: [ODataEvent]) {
        let events = Mutex<[ODataEvent]>([])
        return try await fake.serve { base in
            let configuration = ODataConfiguration(baseURL: base, apiKey: FakeOData.apiKey, version: version)
            let client = ODataClient(configuration: configuration, retry: Self.fastRetry) { event in events.withLock { $0.append(event) } }
            let records: Int
            do {
                records = try await ODataFetcher(client: client, pageSize: pageSize).fetch(.sessions, Self.window, store: store)
            } catch {
                try await client.shutdown()
                throw error
            }
            try await client.shutdown()
            return (records, events.withLock { $0 })
        }
    }

    @Test(arguments: TestBackend.available) func pagesAreWalkedByKeysetAndEachIsStoredBeforeTheNext(_ backend: TestBackend) async throws {
        let fake = FakeOData()
        await fake.addSessions(7)
        try await backend.withStore { store in
            let pagesAsked = Mutex<[Int]>([])
            let result = try await fetch(fake) { batch in
                pagesAsked.withLock { $0.append(batch.count) }
                _ = try await store.importCognigy(batch, importedAt: Date())
            }
            #expect(result.records == 7 && pagesAsked.withLock { $0 } == [2, 2, 2, 1])
            #expect(
                try await storedValue(store, "SELECT count(DISTINCT session_id) FROM cognigy_session") == "7", "every record once, none lost at ties")
        }
        let queries = await fake.queries
        #expect(queries.count == 4 && queries.allSatisfy { $0["$skip"] == nil }, "never $skip")
        #expect(queries[0]["$filter"] == "startedAt ge 2026-11-25T00:00:00.000Z and startedAt lt 2026-11-26T00:00:00.000Z")
        #expect(
            queries[1]["$filter"]?.contains(
                "(startedAt gt 2026-11-25T09:00:00.000Z or (startedAt eq 2026-11-25T09:00:00.000Z and _id gt 'rec-0001'))") == true)
        #expect(queries.allSatisfy { $0["$orderby"] == "startedAt asc,_id asc" && $0["$top"] == "2" })
    }

    @Test func version24ReadsTheRecordIdAsId() async throws {
        let fake = FakeOData(idField: "id")
        await fake.addSessions(3)
        let result = try await fetch(fake, version: "v2.4")
        #expect(result.records == 3)
        #expect(await fake.queries.last?["$filter"]?.contains("id gt 'rec-0001'") == true)
    }

    @Test(arguments: [(HTTPResponse.Status.unauthorized, "401"), (.forbidden, "403")])
    func aRefusedKeyNamesTheRoleAndTheKeyButNeverShowsIt(_ status: HTTPResponse.Status, _ code: String) async throws {
        let fake = FakeOData()
        await fake.configure { $0.failures = [.init(status: status, retryAfter: nil, body: "{}", remaining: 1)] }
        let error = await #expect(throws: CognigyError.self) { try await fetch(fake) }
        let message = error?.description ?? ""
        #expect(message.contains("(\(code))") && message.contains("odata or admin global role") && message.contains("COGNIGY_API_KEY"))
        #expect(!message.contains(FakeOData.apiKey))
    }

    @Test func throttlingIsRetriedHonouringRetryAfter() async throws {
        let fake = FakeOData()
        await fake.addSessions(1)
        await fake.configure { $0.failures = [.init(status: .tooManyRequests, retryAfter: "0", body: "{}", remaining: 1)] }
        let result = try await fetch(fake)
        #expect(result.records == 1)
        guard case .retry(_, let status, let wait)? = result.events.first else { Issue.record("expected a retry first"); return }
        #expect(status == 429 && wait == .zero)
    }

    @Test func aServerErrorIsRetriedThenGivenUpWithoutTheKey() async throws {
        let fake = FakeOData()
        await fake.configure { $0.failures = [.init(status: .badGateway, retryAfter: nil, body: "<html>bad gateway</html>", remaining: 5)] }
        let error = await #expect(throws: CognigyError.self) { try await fetch(fake) }
        #expect(error?.description == "GET v2.3/Sessions answered 502 after 3 attempts; try again later.")
        #expect(await fake.queries.count == 3)
    }

    @Test func aPageThatIsNotJSONIsRefusedAndNothingOfItStored() async throws {
        let fake = FakeOData()
        await fake.configure { $0.failures = [.init(status: .ok, retryAfter: nil, body: "<html>login</html>", remaining: 1)] }
        let stored = Mutex(0)
        let error = await #expect(throws: CognigyError.self) { try await fetch(fake) { _ in stored.withLock { $0 += 1 } } }
        #expect(error?.description.contains("not JSON") == true && stored.withLock { $0 } == 0)
    }

    @Test func anUnreachableEndpointIsNamedWithoutTheKey() async throws {
        let configuration = ODataConfiguration(baseURL: "http://127.0.0.1:1", apiKey: FakeOData.apiKey)
        let client = ODataClient(configuration: configuration, retry: Self.fastRetry, connectTimeout: .milliseconds(300))
        let error = await #expect(throws: CognigyError.self) { try await ODataFetcher(client: client).fetch(.sessions, Self.window) { _ in } }
        try await client.shutdown()
        #expect(error?.description.hasPrefix("cannot reach http://127.0.0.1:1 for GET v2.3/Sessions") == true)
        #expect(error?.description.contains(FakeOData.apiKey) == false)
    }

    @Test func theConfigurationComesFromTheEnvironmentWithMessagesThatSayWhatToSet() throws {
        let ok = try ODataConfiguration.fromEnvironment(
            ["COGNIGY_ODATA_URL": "https://odata-trial.cognigy.ai/", "COGNIGY_API_KEY": "k"], version: "v2.4")
        #expect(ok.baseURL == "https://odata-trial.cognigy.ai" && ok.idField == "id")
        #expect(throws: CognigyError.self) { try ODataConfiguration.fromEnvironment(["COGNIGY_API_KEY": "k"], version: "v2.3") }
        #expect(throws: CognigyError.self) {
            try ODataConfiguration.fromEnvironment(["COGNIGY_ODATA_URL": "odata-trial.cognigy.ai", "COGNIGY_API_KEY": "k"], version: "v2.3")
        }
        #expect(throws: CognigyError.self) {
            try ODataConfiguration.fromEnvironment(["COGNIGY_ODATA_URL": "https://x", "COGNIGY_API_KEY": "k"], version: "v3")
        }
    }
}
