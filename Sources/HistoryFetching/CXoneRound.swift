import CXoneClient
import Foundation
import HandoverCore
import HandoverStore

/// CXone's completed contacts with their state histories and custom data, through the reporting API.
public struct CXoneRound: HistoryRound {
    public let credentials: CXoneCredentials
    public var apiVersion = "v30.0"
    public var concurrency = 4
    public var skillId: String?
    /// `--redact-key`: callers' numbers are stored as this hash.
    public var hash: (@Sendable (String) -> String)?
    public var events: @Sendable (CXoneEvent) -> Void = { _ in }

    public init(credentials: CXoneCredentials) { self.credentials = credentials }

    public var source: HistorySource { .cxone }
    /// CXone lists a contact once it has completed, with its start time: a call still running at the last round
    /// started before it. A day covers any call.
    public var reachBack: TimeInterval { 86_400 }

    public func read(_ window: HistoryWindow, into store: any CorrelationStore) async throws -> Int {
        let api = CXoneAPI(credentials: credentials, apiVersion: apiVersion, events: events)
        let fetcher = CXoneFetcher(api: api, concurrency: concurrency)
        let range = FetchWindow(start: window.start, end: window.end, skillId: skillId, updatedSince: window.changedSince)
        do {
            let contacts = try await fetcher.fetch(range) { batch in
                _ = try await store.importCXone(hash.map { batch.redactingCallers($0) } ?? batch, importedAt: Date())
            }
            try await api.shutdown()
            return contacts
        } catch {
            try? await api.shutdown()
            throw error
        }
    }
}
