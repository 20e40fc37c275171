import Foundation
import HandoverCore

/// What the maintenance commands (demo, purge, erase, migrate-db) need beyond ingest and correlation.
public protocol StoreMaintenance: Sendable {
    /// Writes records in one transaction, bypassing the request path.
    func writeBulk(_ records: BulkRecords, importedAt: Date) async throws
    /// Deletes everything received (or, for CXone, started) before `cutoff`, in batches of `batchSize` rows.
    func purge(olderThan cutoff: Date, batchSize: Int) async throws -> RemovedRows
    /// Removes everything about one caller: the sessions the subject names and their CXone records.
    func erase(_ subject: ErasureSubject) async throws -> RemovedRows
}

/// Whom an erasure is for.
public enum ErasureSubject: Sendable, Equatable {
    /// A bot session id, or a CXone contact id: that session, or every session that recorded the contact.
    case id(String)
    /// A caller's number: every session whose caller it is, and every CXone contact from it, compared as the
    /// caller-and-time join compares numbers (CallerKey). `hashedKey` is that key as `--redact-key` stored it, for
    /// callers kept only as a keyed hash.
    case caller(String, hashedKey: String? = nil)
}

/// Every store the command line opens: SQLite or PostgreSQL.
public typealias ManagedStore = TraceStore & StoreMaintenance & NotificationStore

extension StoreMaintenance {
    public func writeBulk(_ records: BulkRecords) async throws { try await writeBulk(records, importedAt: Date()) }
    public func purge(olderThan cutoff: Date) async throws -> RemovedRows { try await purge(olderThan: cutoff, batchSize: 5_000) }
    public func erase(matching id: String) async throws -> RemovedRows { try await erase(.id(id)) }
}

/// How many rows a purge or an erase removed, per table.
public struct RemovedRows: Sendable, Equatable, CustomStringConvertible {
    public var snapshots = 0
    public var handoverAttempts = 0
    public var contacts = 0
    public var states = 0
    public var customData = 0
    /// Cognigy's OData records: sessions, messages and inputs.
    public var cognigyRecords = 0
    public var genesysConversations = 0

    public init() {}

    public var total: Int { snapshots + handoverAttempts + contacts + states + customData + cognigyRecords + genesysConversations }

    public var description: String {
        "\(snapshots) snapshots, \(handoverAttempts) handover attempts, \(contacts) CXone contacts, \(states) states, \(customData) custom data, "
            + "\(cognigyRecords) Cognigy records, \(genesysConversations) Genesys conversations"
    }
}

/// Records written in one transaction, bypassing the request path: for `demo` and for moving data in bulk.
public struct BulkRecords: Sendable {
    public var snapshots: [(Snapshot, IngestEnvelope)] = []
    public var attempts: [(HandoverAttempt, HandoverVerdict, IngestEnvelope)] = []
    public var cxone = CXoneBatch()
    public var cognigy = CognigyBatch()
    public var genesys = GenesysBatch()

    public init() {}

    /// Demo sessions run through the real decoding and validation, as the server would run their requests.
    public init(demo sessions: [DemoSession]) throws {
        for session in sessions {
            for (body, at) in session.snapshotBodies {
                let snapshot = try Snapshot.parse(body.objectValue ?? [:])
                snapshots.append((snapshot, Self.envelope(body, at)))
            }
            for (body, at) in session.handoverBodies {
                let attempt = try HandoverAttempt.parse(body.objectValue ?? [:])
                attempts.append((attempt, PayloadValidator.validate(attempt), Self.envelope(body, at)))
            }
            cxone.append(session.cxone)
            cognigy.append(session.cognigy)
            genesys.conversations += session.genesys.conversations
        }
    }

    package static func envelope(_ body: JSONValue, _ at: Date) -> IngestEnvelope {
        IngestEnvelope(receivedAt: at, contentType: "application/json", rawBody: Array(body.jsonText.utf8))
    }
}

/// Told each migration's name just before it is applied to a database that already held some: an upgrade, which can
/// take minutes on a big database and should not look like a hang. A new database is set up without a word.
public typealias UpgradeAnnouncer = @Sendable (_ migration: String) -> Void
