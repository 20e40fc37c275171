import Foundation
import HandoverCore

/// Which sessions a report covers: those whose first event (either side) falls in `[since, until)`, and, with
/// `text`, that mention it (part of the session id, a flow step or intent, or a contact id either side recorded).
public struct SessionFilter: Sendable {
    public var since: Date?
    public var until: Date?
    public var text: String?

    public init(since: Date? = nil, until: Date? = nil, text: String? = nil) {
        self.since = since
        self.until = until
        self.text = text
    }
}

/// A session and when either side first saw it: the order and the paging cursor of session lists.
public struct SessionKey: Sendable, Equatable {
    public let sessionId: String
    public let firstAt: Date?

    public init(sessionId: String, firstAt: Date?) {
        self.sessionId = sessionId
        self.firstAt = firstAt
    }
}

/// The freshness of both sides, shown on the console's overview.
public struct Activity: Sendable, Equatable {
    public var lastIngested: Date?
    public var lastFetched: Date?
    /// When Cognigy's OData records last came in (import-cognigy, fetch-cognigy).
    public var lastCognigyImport: Date?
    /// When Genesys Cloud's conversations last came in (import-genesys, fetch-genesys).
    public var lastGenesysImport: Date?

    public init(lastIngested: Date? = nil, lastFetched: Date? = nil, lastCognigyImport: Date? = nil, lastGenesysImport: Date? = nil) {
        self.lastIngested = lastIngested
        self.lastFetched = lastFetched
        self.lastCognigyImport = lastCognigyImport
        self.lastGenesysImport = lastGenesysImport
    }
}

/// The store the server needs: ingest and correlation.
public typealias TraceStore = IngestStore & CorrelationStore

/// How many rows an import wrote (inserted or changed); rows already present unchanged are not counted.
public struct ImportCounts: Sendable, Equatable {
    public var contacts = 0
    public var states = 0
    public var customData = 0

    public init(contacts: Int = 0, states: Int = 0, customData: Int = 0) {
        self.contacts = contacts
        self.states = states
        self.customData = customData
    }

    public static func + (left: ImportCounts, right: ImportCounts) -> ImportCounts {
        ImportCounts(
            contacts: left.contacts + right.contacts, states: left.states + right.states,
            customData: left.customData + right.customData)
    }
}

/// What the console's overview shows, read from the stored diagnoses.
public struct DiagnosisOverview: Sendable {
    /// Final diagnoses only: what alerts and notifications count.
    public var counts: [DiagnosisCode: Int] = [:]
    /// Pending diagnoses by their provisional code: the other side's data may still change them.
    public var pending: [DiagnosisCode: Int] = [:]
    /// First-event times of the failed sessions in the window, for the chart.
    public var failureTimes: [Date] = []
    public var recentFailures: [(sessionId: String, startedAt: Date?, code: DiagnosisCode)] = []
    /// When the newest diagnosed session started, whatever the window: an empty window can point at older history.
    public var newestStart: Date?

    public init() {}
}

/// The contact centre's side of the data (CXone, Genesys Cloud) and Cognigy's history, and the join of both sides into sessions.
public protocol CorrelationStore: SourcePositionStore {
    /// Upserts contacts (by contact id), states (by contact id and state index) and custom data (by contact id
    /// and name) in one transaction: importing the same data again changes nothing.
    func importCXone(_ batch: CXoneBatch, importedAt: Date) async throws -> ImportCounts
    /// Upserts Cognigy's OData records (sessions by session id, messages by collection and record id) in one
    /// transaction; returns the rows inserted or changed, so importing the same data again returns 0.
    func importCognigy(_ batch: CognigyBatch, importedAt: Date) async throws -> Int
    /// `importCXone` for a document of any size: each batch is written as it is read, all in one transaction, so a
    /// record that cannot be read leaves nothing of the document behind.
    func importCXone(_ document: BatchStream<CXoneDocumentStream>, importedAt: Date) async throws -> ImportCounts
    /// `importCognigy` for a document of any size, in one transaction, a batch at a time.
    func importCognigy(_ document: BatchStream<CognigyDocumentStream>, importedAt: Date) async throws -> Int
    /// Upserts Genesys Cloud's conversations by id in one transaction, a newer version replacing an older one; returns
    /// the conversations inserted or changed, so importing the same data again returns 0.
    func importGenesys(_ batch: GenesysBatch, importedAt: Date) async throws -> Int
    /// Every session in the filter with its first event, oldest first.
    func sessionKeys(_ filter: SessionFilter) async throws -> [SessionKey]
    /// These sessions joined with their CXone contacts, states and custom data, in the order given. Of a session with
    /// more snapshots or attempts than a diagnosis needs, the first and the newest are read (`EventsRead`).
    func sessions(_ ids: [String]) async throws -> [CorrelatedSession]
    /// One session with page `page` (from 1) of its snapshots and attempts, `EventsRead.pageSize` of each.
    func session(_ id: String, page: Int) async throws -> CorrelatedSession?
    /// Diagnoses again every session touched since the last call, and stores the results for `diagnosisOverview`.
    func refreshDiagnoses() async throws -> Int
    /// Counts per code, failure times and the latest failures of sessions that started since `since`, from the
    /// stored diagnoses (call `refreshDiagnoses` first for the newest records).
    func diagnosisOverview(since: Date, recent: Int) async throws -> DiagnosisOverview
    /// One page of session keys from the stored diagnoses (as of the last `refreshDiagnoses`), along an index.
    func diagnosedSessionKeys(_ page: DiagnosedPage) async throws -> [SessionKey]
    /// When the last record arrived from a flow, and when CXone data last came in.
    func activity() async throws -> Activity
    /// The bot session id that `id` names: itself when it is one, else the session that recorded it as a contact id
    /// (or that a contact with this id names in custom data).
    func sessionId(matching id: String) async throws -> String?
    /// The sessions holding more than `threshold` snapshots, the most first, at most `limit` of them: a flow that sends
    /// a fixed session id piles every call into one, which every diagnosis refresh then reads whole.
    func crowdedSessions(over threshold: Int, limit: Int) async throws -> [SessionSize]
}

/// How many snapshots one session holds.
public struct SessionSize: Sendable, Equatable {
    public var sessionId: String
    public var snapshots: Int

    public init(sessionId: String, snapshots: Int) {
        self.sessionId = sessionId
        self.snapshots = snapshots
    }
}

extension CorrelationStore {
    /// Streams every session in the filter through `body`, a chunk at a time, so memory holds two chunks: the
    /// next one is read from the database while `body` works through the current one, on the other core.
    public func correlate(_ filter: SessionFilter, body: (CorrelatedSession) throws -> Void) async throws {
        let ids = try await sessionKeys(filter).map(\.sessionId)
        let chunks = stride(from: 0, to: ids.count, by: CorrelationChunk.size).map {
            Array(ids[$0..<min($0 + CorrelationChunk.size, ids.count)])
        }
        var next = chunks.first.map { first in Task { try await sessions(first) } }
        for index in chunks.indices {
            guard let current = next else { break }
            let sessions = try await current.value
            next = index + 1 < chunks.count ? Task { [chunk = chunks[index + 1]] in try await self.sessions(chunk) } : nil
            do {
                for session in sessions { try body(session) }
            } catch {
                next?.cancel()
                throw error
            }
        }
    }

    public func session(matching id: String) async throws -> CorrelatedSession? {
        guard let sessionId = try await sessionId(matching: id) else { return nil }
        return try await sessions([sessionId]).first
    }
}

/// How many sessions the join reads at once: its queries per chunk are fixed, and memory holds one chunk.
package enum CorrelationChunk {
    package static let size = 500
}
