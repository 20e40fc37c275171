import Foundation
import HandoverCore

/// A history the store reads from outside: its name in `source_position`, and the side of a session it tells.
public enum HistorySource: String, Sendable, CaseIterable {
    case cxone
    case cognigy
    case genesys

    public var side: HistorySide { self == .cognigy ? .bot : .contactCentre }
    public var displayName: String {
        switch self {
        case .cxone: "CXone"
        case .cognigy: "Cognigy"
        case .genesys: "Genesys"
        }
    }
}

/// How far a source has been read and how its last rounds went, whoever ran them.
public struct SourceStatus: Sendable, Equatable {
    public var source: HistorySource
    /// Everything the source completed before this has been read; nil before the first fetch or import.
    public var coveredUntil: Date?
    /// When the last successful fetch or import ended.
    public var fetchedAt: Date?
    /// Records the last successful fetch or import read.
    public var records: Int
    /// Set while rounds fail: the first failure of the current run of them.
    public var failingSince: Date?
    public var lastError: String?
    public var lastErrorAt: Date?

    public init(
        source: HistorySource, coveredUntil: Date? = nil, fetchedAt: Date? = nil, records: Int = 0, failingSince: Date? = nil,
        lastError: String? = nil, lastErrorAt: Date? = nil
    ) {
        self.source = source
        self.coveredUntil = coveredUntil
        self.fetchedAt = fetchedAt
        self.records = records
        self.failingSince = failingSince
        self.lastError = lastError
        self.lastErrorAt = lastErrorAt
    }
}

/// Where each source has been read up to, and the leases that make background work run once per cluster.
public protocol SourcePositionStore: Sendable {
    /// How long after a session's last event the other side's data may still arrive (`--settle`).
    var settle: TimeInterval { get }
    /// Every source, read or not.
    func sourceStatuses() async throws -> [SourceStatus]
    /// A fetch or import read everything the source completed before `coveredUntil`. The position never moves
    /// back: an import of an older file leaves a later position as it was. Clears a failure.
    func recordRead(_ source: HistorySource, coveredUntil: Date, records: Int, at: Date) async throws
    /// A round failed; the position stays, so the next round reads the same window again.
    func recordFailure(_ source: HistorySource, error: String, at: Date) async throws
    /// Takes or renews lease `name` for `holder` until `until`: true when `holder` now holds it, false while another
    /// holder's lease runs.
    func claimLease(_ name: String, holder: String, now: Date, until: Date) async throws -> Bool
}

extension SourcePositionStore {
    public func status(of source: HistorySource) async throws -> SourceStatus {
        try await sourceStatuses().first { $0.source == source } ?? SourceStatus(source: source)
    }

    /// What decides, at `now`, whether each diagnosis is final.
    public func settlement(now: Date = Date()) async throws -> Settlement {
        try await sourceStatuses().settlement(settle: settle, now: now)
    }
}

extension [SourceStatus] {
    /// Each side is read as far as its sources are.
    public func settlement(settle: TimeInterval, now: Date) -> Settlement {
        let covered = { (source: HistorySource) in self.first { $0.source == source }?.coveredUntil }
        return Settlement(
            settle: settle, contactCentreCoveredUntil: covered(.cxone), genesysCoveredUntil: covered(.genesys),
            botHistoryCoveredUntil: covered(.cognigy), now: now)
    }
}
