import AsyncHTTPClient
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

    /// Fetches `collection` from the fake through `store`; returns the events seen, or throws what the client threw.
    func fetch(
        _ fake: FakeOData, _ collection: CognigyCollection = .sessions, version: String = "v2.3", pageSize: Int = 2,
        store: @escaping @Sendable (CognigyBatch) async throws -> Void = { _ in }
    ) async throws -> (records: Int, events: [ODataEvent]) {
        let events = Mutex<[ODataEvent]>([])
        return try await fake.serve { base in
            let configuration = ODataConfiguration(baseURL: base, apiKey: FakeOData.apiKey, version: version)
            let client = ODataClient(configuration: configuration, retry: Self.fastRetry) { event in events.withLock { $0.append(event) } }
            let records: Int
            do {
                records = try await ODataFetcher(client: client, pageSize: pageSize).fetch(collection, Self.window, store: store)
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
        #expect(queries.count == 5 && queries.allSatisfy { $0["$skip"] == nil }, "never $skip; the short page is followed by an empty one")
        #expect(queries[0]["$filter"] == "startedAt ge 2026-11-25T00:00:00.000Z and startedAt lt 2026-11-26T00:00:00.000Z")
        #expect(
            queries[1]["$filter"]?.contains(
                "(startedAt gt 2026-11-25T09:00:00.000Z or (startedAt eq 2026-11-25T09:00:00.000Z and _id gt 'rec-0001'))") == true)
        #expect(queries.allSatisfy { $0["$orderby"] == "startedAt asc,_id asc" && $0["$top"] == "2" })
    }

    @Test func eachPageIsStoredWhileTheNextIsFetchedAndNeverTwoAhead() async throws {
        let fake = FakeOData()
        await fake.addSessions(5)
        let askedWhileStoring = Mutex<[Int]>([])
        let result = try await fetch(fake) { batch in
            // The page after this one is asked for while this one is stored; the one after that only once it is.
            let deadline = ContinuousClock.now + .seconds(20)
            let wanted = askedWhileStoring.withLock { $0.count } + 2
            var asked = await fake.queries.count
            while asked < wanted, ContinuousClock.now < deadline {
                await Task.yield()
                asked = await fake.queries.count
            }
            askedWhileStoring.withLock { $0.append(asked) }
        }
        #expect(result.records == 5)
        #expect(askedWhileStoring.withLock { $0 } == [2, 3, 4], "pages of 2, 2 and 1, each stored while the next (the last: empty) was asked for")
    }

    @Test func version24ReadsTheRecordIdAsId() async throws {
        let fake = FakeOData(idField: "id")
        await fake.addSessions(3)
        let result = try await fetch(fake, version: "v2.4")
        #expect(result.records == 3)
        let filter = await fake.queries[1]["$filter"] ?? ""
        #expect(filter.contains(" and id gt 'rec-0001'") && !filter.contains("_id"), "the fake refuses _id, unknown in v2.4")
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

    @Test(arguments: [false, true]) func aServerThatCapsPagesIsFollowedByNextLinkAndEveryRecordReadOnce(_ linkCarriesKey: Bool) async throws {
        let fake = FakeOData()
        await fake.addSessions(25)
        await fake.configure {
            $0.maxPageSize = 4
            $0.nextLinkCarriesKey = linkCarriesKey
        }
        let ids = Mutex<[String]>([])
        let result = try await fetch(fake, pageSize: 10) { batch in ids.withLock { $0 += batch.sessions.map(\.sessionId) } }
        let seen = ids.withLock { $0 }
        #expect(result.records == 25 && seen.count == 25 && Set(seen).count == 25)
        let queries = await fake.queries
        #expect(queries.filter { $0["$skiptoken"] != nil }.count == 5, "two nextLinks in each request of 10, one in the last of 5")
    }

    @Test func aServerThatTruncatesPagesSilentlyIsStillReadToTheEnd() async throws {
        let fake = FakeOData()
        await fake.addSessions(25)
        await fake.configure {
            $0.maxPageSize = 4
            $0.sendsNextLink = false
        }
        let ids = Mutex<[String]>([])
        let result = try await fetch(fake, pageSize: 10) { batch in ids.withLock { $0 += batch.sessions.map(\.sessionId) } }
        let seen = ids.withLock { $0 }
        #expect(result.records == 25 && seen.count == 25 && Set(seen).count == 25)
        #expect(await fake.queries.count == 8, "seven pages of at most 4, then an empty one")
    }

    /// Three records share each second, so pages of 5 (or the cap's 2) end inside a tie.
    @Test(arguments: [CognigyCollection.conversations, .analytics], [nil, 2] as [Int?])
    func conversationsAndAnalyticsArePagedByTimestampThroughTies(_ collection: CognigyCollection, _ cap: Int?) async throws {
        let fake = FakeOData()
        if collection == .conversations { await fake.addConversations(11) } else { await fake.addAnalytics(11) }
        await fake.configure { $0.maxPageSize = cap }
        let messages = Mutex<[CognigyMessage]>([])
        let result = try await fetch(fake, collection, pageSize: 5) { batch in messages.withLock { $0 += batch.messages } }
        let read = messages.withLock { $0 }
        #expect(result.records == 11 && Set(read.map(\.recordId)).count == 11 && Set(read.map(\.collection)) == [collection])
        let keyset = await fake.queries.first { $0["$filter"]?.contains(" gt ") == true }?["$filter"]
        #expect(
            keyset
                == "timestamp lt 2026-11-26T00:00:00.000Z and (timestamp gt 2026-11-25T09:00:01.000Z or "
                + "(timestamp eq 2026-11-25T09:00:01.000Z and _id gt 'rec-0004'))")
    }

    /// A GET to the fake outside the client: its status and JSON body.
    func raw(_ fake: FakeOData, _ options: [(String, String)], path: String = "/v2.3/Sessions", key: Bool = true) async throws -> (UInt, JSONValue?) {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~$")
        let pairs = options + (key ? [("apikey", FakeOData.apiKey)] : [])
        let query = pairs.map { [$0.0, $0.1].map { $0.addingPercentEncoding(withAllowedCharacters: allowed)! }.joined(separator: "=") }
        let url = "\(path)?\(query.joined(separator: "&"))"
        return try await fake.serve { base in
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: base + url), timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 1 << 20)
            return (response.status.code, try? BodyDecoder().decodeJSON(Array(buffer: body)))
        }
    }

    @Test(arguments: [
        ("$filter", "nope eq 'x'", "nope"), ("$foo", "1", "$foo"), ("$filter", "startedAt ge", "end"),
        ("$filter", "(sessionId eq 's-1'", "')'"), ("$filter", "startedAt lt '2026-11-25T09:00:00.000Z'", "incompatible"),
        ("$filter", "sessionId eq 'it's'", "unterminated"), ("$filter", "sessionId sim 's-1'", "operator"),
        ("$orderby", "startedAt sideways", "$orderby"), ("$top", "-1", "$top"), ("$skiptoken", "forged", "$skiptoken"),
    ])
    func theFakeRefusesWhatODataRefuses(_ option: String, _ value: String, _ says: String) async throws {
        let (status, body) = try await raw(FakeOData(), [(option, value)])
        #expect(status == 400 && body?["error"]?["code"] == .string("BadRequest"))
        #expect(body?["error"]?["message"]?.stringValue?.contains(says) == true, "\(String(describing: body))")
    }

    @Test func theFakeReadsFilterOrderbyTopSkipAndCountAsODataDoes() async throws {
        let fake = FakeOData()
        await fake.addSessions(7)
        func ids(_ options: [(String, String)]) async throws -> [String] {
            guard case .array(let rows)? = try await raw(fake, options).1?["value"] else { return ["not a page"] }
            return rows.map { $0["_id"]?.stringValue ?? "?" }
        }
        #expect(try await ids([("$filter", "sessionId eq 's-1' or sessionId eq 's-2' and userId eq 'nobody'")]) == ["rec-0001"], "and first")
        #expect(try await ids([("$filter", "sessionId eq 'it''s' or not (startedAt lt 2026-11-25T09:00:03.000Z)")]) == ["rec-0006"])
        let page = [("$orderby", "startedAt desc,_id desc"), ("$skip", "1"), ("$top", "2"), ("$count", "true")]
        #expect(try await ids([("$filter", "startedAt ge 2026-11-25T10:00:02.000+01:00")] + page) == ["rec-0005", "rec-0004"])
        #expect(try await raw(fake, [("$count", "true"), ("$top", "0")]).1?["@odata.count"] == .integer(7))
        #expect(try await ids([]) == (0..<7).reversed().map { String(format: "rec-%04d", $0) }, "no $orderby: insertion order")
        #expect(try await raw(fake, [], key: false).0 == 401)
        #expect(try await raw(fake, [], path: "/v2.3/Nope").0 == 404)
    }

    @Test(arguments: ["http://odata.attacker.example", "{base}.attacker.example", "{base}@attacker.example"])
    func aNextLinkToAnotherServerIsRefusedWithoutShowingTheKey(_ pattern: String) async throws {
        let fake = FakeOData()
        await fake.addSessions(3)
        await fake.configure {
            $0.maxPageSize = 1
            $0.nextLinkCarriesKey = true
            $0.nextLinkBase = { base in pattern.replacingOccurrences(of: "{base}", with: base) }
        }
        let error = await #expect(throws: CognigyError.self) { try await fetch(fake) }
        #expect(error?.description.contains("another server") == true && error?.description.contains(FakeOData.apiKey) == false)
        #expect(await fake.queries.count == 1)
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
