import CognigyClient
import Foundation
import HandoverCore
import HandoverStore

/// Cognigy's own history of every session (Sessions, Conversations, Analytics) from its OData endpoint.
public struct CognigyRound: HistoryRound {
    public let configuration: ODataConfiguration
    public var projectId: String?
    public var reader = CognigyDocumentReader()
    public var events: @Sendable (ODataEvent) -> Void = { _ in }
    /// Called after each collection with its records, for the command's summary line.
    public var collectionRead: @Sendable (CognigyCollection, Int) -> Void = { _, _ in }

    public init(configuration: ODataConfiguration) { self.configuration = configuration }

    public var source: HistorySource { .cognigy }
    /// Cognigy writes a session's analytics when it ends: an hour covers a long call.
    public var reachBack: TimeInterval { 3_600 }

    public func read(_ window: HistoryWindow, into store: any CorrelationStore) async throws -> Int {
        let client = ODataClient(configuration: configuration, events: events)
        do {
            var total = 0
            for collection in CognigyCollection.allCases {
                let fetcher = ODataFetcher(client: client, reader: reader)
                let range = ODataWindow(start: window.start, end: window.end, projectId: projectId)
                let records = try await fetcher.fetch(collection, range) { batch in _ = try await store.importCognigy(batch, importedAt: Date()) }
                collectionRead(collection, records)
                total += records
            }
            try await client.shutdown()
            return total
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
