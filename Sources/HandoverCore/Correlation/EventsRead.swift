/// Which of a session's stored events were read when not all were: a session with more events than a diagnosis
/// needs (a flow sending one fixed session id gathers every call under it), or one page of its timeline.
public struct EventsRead: Sendable, Equatable {
    /// The first and the newest events: where a session begins, and where its handover is decided.
    public static let first = 50
    public static let newest = 950
    /// Events per table on one page of `session --page`.
    public static let pageSize = 1_000

    public var storedSnapshots: Int
    public var storedAttempts: Int
    /// The page read (from 1); nil when the first and the newest were read.
    public var page: Int?

    public init(storedSnapshots: Int, storedAttempts: Int, page: Int? = nil) {
        self.storedSnapshots = storedSnapshots
        self.storedAttempts = storedAttempts
        self.page = page
    }

    /// More events in either table than a diagnosis reads.
    public static func isCrowded(_ stored: Int) -> Bool { stored > first + newest }

    public var pages: Int { max(1, (max(storedSnapshots, storedAttempts) + Self.pageSize - 1) / Self.pageSize) }

    /// What the diagnosis says of a crowded session, so a verdict over part of it is never taken for one over all of
    /// it; nothing for a page, which no diagnosis reads.
    public func evidence(_ sessionId: String) -> String? {
        guard page == nil else { return nil }
        return "this session has \(storedSnapshots) snapshots and \(storedAttempts) handover attempts stored; the diagnosis read the first "
            + "\(Self.first) and the newest \(Self.newest) of each (a flow may be sending one fixed session id); "
            + "`handover-trace session \(sessionId) --page 1` through --page \(pages) show them all"
    }
}
