import Foundation
import GRDB
import HandoverCore

/// Records written in one transaction, bypassing the request path: for `demo` and for moving data in bulk.
public struct BulkRecords: Sendable {
    public var snapshots: [(Snapshot, IngestEnvelope)] = []
    public var attempts: [(HandoverAttempt, HandoverVerdict, IngestEnvelope)] = []
    public var cxone = CXoneBatch()

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
        }
    }

    static func envelope(_ body: JSONValue, _ at: Date) -> IngestEnvelope {
        IngestEnvelope(receivedAt: at, contentType: "application/json", rawBody: Array(body.jsonText.utf8))
    }
}

extension SQLiteStore {
    public func writeBulk(_ records: BulkRecords, importedAt: Date = Date()) async throws {
        do {
            try await pool.write { db in
                for (snapshot, envelope) in records.snapshots {
                    var record = SnapshotRecord(snapshot, envelope)
                    try record.insert(db)
                }
                for (attempt, verdict, envelope) in records.attempts {
                    var record = HandoverAttemptRecord(attempt, verdict, envelope)
                    try record.insert(db)
                }
                _ = try CXoneImport.write(records.cxone, importedAt: importedAt, in: db)
            }
        } catch {
            throw Self.classify(error)
        }
    }
}
