import CXoneClient
import Foundation
import HandoverCore
import HandoverTestSupport
import Hummingbird
import Synchronization
import Testing

@Suite("CXone client against a fake CXone on loopback")
struct CXoneClientTests {
    static let window = FetchWindow(start: Timestamps.parseISO8601("2026-11-24T00:00:00Z")!, end: Timestamps.parseISO8601("2026-11-25T00:00:00Z")!)
    static let fastRetry = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20))

    func credentials(_ base: String) -> CXoneCredentials {
        CXoneCredentials(clientId: "client", clientSecret: "s3cret", accessKeyId: "KEYID", accessKeySecret: "key&secret", discoveryURL: base)
    }

    /// Fetches everything from the fake and returns the merged records, the events seen, and the fake for inspection.
    func fetch(
        _ fake: FakeCXone, window: FetchWindow = CXoneClientTests.window, retry: RetryPolicy = fastRetry
    ) async throws -> (CXoneBatch, [CXoneEvent]) {
        let events = Mutex<[CXoneEvent]>([])
        let batch = try await fake.serve { base in
            let api = CXoneAPI(credentials: credentials(base), retry: retry) { event in events.withLock { $0.append(event) } }
            let merged = Mutex(CXoneBatch())
            do {
                _ = try await CXoneFetcher(api: api, pageSize: 2, concurrency: 3).fetch(window) { page in merged.withLock { $0.append(page) } }
            } catch {
                try await api.shutdown()
                throw error
            }
            try await api.shutdown()
            return merged.withLock { $0 }
        }
        return (batch, events.withLock { $0 })
    }

    @Test func discoveryTokenAndPagingBringEveryContactWithDetails() async throws {
        let fake = FakeCXone()
        let (batch, _) = try await fetch(fake)
        #expect(batch.contacts.map(\.contactId).sorted() == (1...5).map { "\(700_000_000 + $0)" })
        #expect(batch.contacts.first { $0.contactId == "700000004" }?.inQueueSeconds == 40)
        #expect(batch.states.count == 10)
        #expect(Set(batch.states.map(\.kind)) == [.inBot, .queued])
        #expect(batch.customData.count == 4, "contact 700000003 answered 204 No Content")
        #expect(batch.customData.allSatisfy { $0.value == "session-\($0.contactId)" })
        let tokens = await fake.tokenRequests
        #expect(tokens.count == 1, "the token is cached for the whole run")
        #expect(tokens.first?.authorization == "Basic " + Data("client:s3cret".utf8).base64EncodedString())
        #expect(tokens.first?.body == "grant_type=password&username=KEYID&password=key%26secret")
        let calls = await fake.apiCalls.filter { $0.contains("/contacts/completed") }
        #expect(calls.count == 3, "page 1, page 2 from _links.next, page 3 by skip")
        #expect(calls.first?.contains("startDate=2026-11-24T00%3A00%3A00.000Z") == true)
    }

    /// The fake serves only the contacts that started within the window it is asked for, so each fetch getting
    /// exactly its own day's contacts shows the fetcher asks for the window it was given.
    @Test func onlyTheContactsOfTheGivenWindowAreFetched() async throws {
        let fake = FakeCXone()
        let nextDay = "700000099"
        await fake.configure {
            $0.contacts.append(["contactId": nextDay, "masterContactId": nextDay, "inQueueSeconds": "5", "contactStartDate": "2026-11-25T09:00:00Z"])
        }
        let (first, _) = try await fetch(fake)
        #expect(first.contacts.map(\.contactId).sorted() == (1...5).map { "\(700_000_000 + $0)" })
        #expect(await fake.apiCalls.allSatisfy { !$0.contains(nextDay) }, "nothing asked about a contact outside the window")
        let window = FetchWindow(start: Self.window.end, end: Self.window.end.addingTimeInterval(86_400))
        let (second, _) = try await fetch(fake, window: window)
        #expect(second.contacts.map(\.contactId) == [nextDay])
        #expect(second.states.allSatisfy { $0.contactId == nextDay } && second.states.count == 2)
    }

    @Test func throttlingAndUnavailabilityAreRetriedHonouringRetryAfter() async throws {
        let fake = FakeCXone()
        await fake.configure {
            $0.failures = [
                .init(pathPrefix: "/contacts/completed", status: .tooManyRequests, retryAfter: "0", remaining: 1),
                .init(pathPrefix: "/state-history", status: .serviceUnavailable, retryAfter: nil, remaining: 2),
            ]
        }
        let (batch, events) = try await fetch(fake)
        #expect(batch.contacts.count == 5)
        #expect(batch.states.count == 10, "nothing lost to the retried requests")
        let retries = events.compactMap { event -> UInt? in if case .retry(_, let status, _) = event { return status } else { return nil } }
        #expect(retries.sorted() == [429, 503, 503])
        let waits = events.compactMap { event -> Duration? in if case .retry(_, 429, let wait) = event { return wait } else { return nil } }
        #expect(waits == [.zero], "Retry-After: 0 is honoured")
    }

    @Test func anExpiredTokenIsRefreshedOnce() async throws {
        let fake = FakeCXone()
        await fake.configure { $0.tokenLifetimeCalls = 4 }
        let (batch, events) = try await fetch(fake)
        #expect(batch.contacts.count == 5)
        #expect(await fake.tokenRequests.count >= 2)
        #expect(events.contains { if case .tokenRefreshed = $0 { return true } else { return false } })
    }

    @Test func badCredentialsSayWhichToCheck() async throws {
        let fake = FakeCXone()
        await fake.configure { $0.tokenStatus = .unauthorized }
        let error = await #expect(throws: CXoneError.self) { try await fetch(fake) }
        #expect(error?.description.contains("Error getting bearer token: 401") == true)
        #expect(error?.description.contains("CXONE_CLIENT_ID") == true)
    }

    @Test func forbiddenNamesThePermission() async throws {
        let fake = FakeCXone()
        await fake.configure { $0.failures = [.init(pathPrefix: "/contacts/completed", status: .forbidden, retryAfter: nil, remaining: 1)] }
        let error = await #expect(throws: CXoneError.self) { try await fetch(fake) }
        #expect(error?.description.contains("permission") == true)
    }

    @Test func persistentUnavailabilityGivesUpAfterTheBound() async throws {
        let fake = FakeCXone()
        await fake.configure {
            $0.failures = [.init(pathPrefix: "/contacts/completed", status: .serviceUnavailable, retryAfter: nil, remaining: 100)]
        }
        let error = await #expect(throws: CXoneError.self) { try await fetch(fake) }
        #expect(error?.description.contains("after 3 attempts") == true)
        #expect(await fake.apiCalls.count == 3)
    }

    @Test func anUnreachableCXoneNamesTheAddressToCheck() async throws {
        let api = CXoneAPI(credentials: credentials("http://127.0.0.1:9"), retry: Self.fastRetry)
        let error = await #expect(throws: CXoneError.self) { try await api.get("/contacts/completed") }
        try await api.shutdown()
        #expect(error?.description.contains("cannot reach http://127.0.0.1:9/.well-known/openid-configuration") == true)
        #expect(error?.description.contains("CXONE_DISCOVERY_URL") == true)
    }

    @Test func missingCredentialsAreNamedTogether() {
        let error = #expect(throws: CXoneError.self) { try CXoneCredentials.fromEnvironment(["CXONE_CLIENT_ID": "x"]) }
        #expect(error?.description.contains("CXONE_CLIENT_SECRET, CXONE_ACCESS_KEY_ID, CXONE_ACCESS_KEY_SECRET") == true)
        let credentials = try? CXoneCredentials.fromEnvironment([
            "CXONE_CLIENT_ID": "a", "CXONE_CLIENT_SECRET": "b", "CXONE_ACCESS_KEY_ID": "c", "CXONE_ACCESS_KEY_SECRET": "d",
        ])
        #expect(credentials?.discoveryURL == "https://cxone.niceincontact.com")
    }

    @Test func backoffIsBoundedAndJittered() {
        let policy = RetryPolicy(maxAttempts: 6, baseDelay: .milliseconds(500), maxDelay: .seconds(30))
        #expect(policy.delay(afterAttempt: 1, retryAfter: "7") == .seconds(7))
        #expect(policy.delay(afterAttempt: 1, retryAfter: "600") == .seconds(30))
        #expect(policy.delay(afterAttempt: 1, retryAfter: "1e300") == .seconds(30))
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil, random: { 1 }) == .seconds(2))
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil, random: { 0.5 }) == .seconds(1))
        #expect(policy.delay(afterAttempt: 30, retryAfter: nil, random: { 1 }) == .seconds(30))
    }
}
