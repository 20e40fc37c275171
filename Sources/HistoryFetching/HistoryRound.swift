import Foundation
import HandoverCore
import HandoverStore

/// One read of a history source into the store: what `fetch-cxone`, `fetch-cognigy` and the scheduled fetch in `serve`
/// all run, so a window read by hand and one read on schedule are read the same way and leave the same position.
public protocol HistoryRound: Sendable {
    var source: HistorySource { get }
    /// How far before the source's position a round starts: records that arrive late still carry a time in the past.
    var reachBack: TimeInterval { get }
    /// Reads the window into the store, a page at a time; returns the records read. Throws unless the whole window was read.
    func read(_ window: HistoryWindow, into store: any CorrelationStore) async throws -> Int
}

/// What a round reads: records in `[start, end)`, and, for an incremental round, only those changed since `changedSince`.
public struct HistoryWindow: Sendable, Equatable {
    public var start: Date
    public var end: Date
    public var changedSince: Date?

    public init(start: Date, end: Date, changedSince: Date? = nil) {
        self.start = start
        self.end = end
        self.changedSince = changedSince
    }

    /// The next incremental window: from the position less the round's reach-back (or `firstReach` before now, the first
    /// time) up to `now`.
    public static func next(after position: Date?, reachBack: TimeInterval, firstReach: TimeInterval, now: Date) -> HistoryWindow {
        guard let position else { return HistoryWindow(start: now.addingTimeInterval(-firstReach), end: now) }
        return HistoryWindow(start: min(position, now).addingTimeInterval(-reachBack), end: now, changedSince: position)
    }
}

extension HistoryRound {
    /// Reads the window and records the source's new position; a round that fails records the failure and keeps the
    /// position, so the next one reads the same window again.
    public func run(_ window: HistoryWindow, into store: any CorrelationStore, now: @Sendable () -> Date = Date.init) async throws -> Int {
        do {
            let records = try await read(window, into: store)
            try await store.recordRead(source, coveredUntil: window.end, records: records, at: now())
            return records
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            try? await store.recordFailure(source, error: "\(error)", at: now())
            throw error
        }
    }
}
