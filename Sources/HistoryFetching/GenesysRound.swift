import Foundation
import GenesysClient
import HandoverCore
import HandoverStore

/// Genesys Cloud's conversation details: the data lake's part of the window through an analytics job, the rest
/// through the synchronous query, each page stored as it arrives.
public struct GenesysRound: HistoryRound {
    public let credentials: GenesysCredentials
    public var hash: (@Sendable (String) -> String)?
    public var events: @Sendable (GenesysEvent) -> Void = { _ in }
    public var pageSize = 100
    public var pollEvery: Duration = .seconds(2)

    public init(credentials: GenesysCredentials) { self.credentials = credentials }

    public var source: HistorySource { .genesys }
    /// Both APIs select conversations by activity in the interval, so a long call is found again; an hour is ample.
    public var reachBack: TimeInterval { 3_600 }

    public func read(_ window: HistoryWindow, into store: any CorrelationStore) async throws -> Int {
        let api = GenesysAPI(credentials: credentials, events: events)
        do {
            let fetcher = GenesysFetcher(api: api, pageSize: pageSize, pollEvery: pollEvery)
            let read = try await fetcher.fetch(from: window.start, to: window.end) { batch in
                _ = try await store.importGenesys(hash.map { batch.redactingCallers($0) } ?? batch, importedAt: Date())
            }
            try await api.shutdown()
            return read
        } catch {
            try? await api.shutdown()
            throw error
        }
    }
}
