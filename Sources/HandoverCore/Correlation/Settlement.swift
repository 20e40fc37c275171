import Foundation

/// The side whose data a pending diagnosis waits for.
public enum HistorySide: String, Sendable, Encodable, CaseIterable {
    /// The contact centre's records: CXone's contacts and state histories, Genesys Cloud's conversations.
    case contactCentre = "contact-centre"
    /// The bot's records: what flows post (live) and Cognigy's OData history, written when a session ends.
    case bot

    var name: String { self == .contactCentre ? "CXone" : "Cognigy" }
}

/// Why a diagnosis can still change, and what would settle it.
public struct Pending: Sendable, Equatable, Encodable {
    public let waitsFor: HistorySide
    /// The session's last event: data about it is awaited from then.
    public let since: Date?
    /// When that side, fetched past this moment, makes the diagnosis final; nil when that side was never fetched.
    public let settlesAt: Date?
    public let reason: String
    /// The contact centre awaited is Genesys Cloud, read as a source of its own.
    public var waitsForGenesys = false

    enum CodingKeys: String, CodingKey { case reason, settlesAt, since, waitsFor }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(reason, forKey: .reason)
        try container.encode(settlesAt.map(Timestamps.format), forKey: .settlesAt)
        try container.encode(since.map(Timestamps.format), forKey: .since)
        try container.encode(waitsFor, forKey: .waitsFor)
    }
}

/// How far each side's history has been read, and how long after a session's last event its data may still arrive:
/// what decides whether a diagnosis is final. A code the bot's side alone decides is final at once. A code that the
/// other side's data could still change is pending until that side has been read past the session's last event plus
/// `settle`.
public struct Settlement: Sendable, Equatable {
    public var settle: TimeInterval
    /// Everything CXone completed before this has been read; nil when no CXone data was ever fetched or imported.
    public var contactCentreCoveredUntil: Date?
    /// Everything Genesys Cloud completed before this has been read; nil when no Genesys data was fetched or imported.
    public var genesysCoveredUntil: Date?
    /// Everything Cognigy's history holds before this has been read; nil when it was never fetched or imported.
    public var botHistoryCoveredUntil: Date?
    public var now: Date

    public static let defaultSettle: TimeInterval = 20 * 60

    public init(
        settle: TimeInterval = Settlement.defaultSettle, contactCentreCoveredUntil: Date?, genesysCoveredUntil: Date? = nil,
        botHistoryCoveredUntil: Date?, now: Date
    ) {
        self.settle = settle
        self.contactCentreCoveredUntil = contactCentreCoveredUntil
        self.genesysCoveredUntil = genesysCoveredUntil
        self.botHistoryCoveredUntil = botHistoryCoveredUntil
        self.now = now
    }

    /// Both sides read up to the end of time: every diagnosis is final (a session judged on its own, in a unit test or a tool).
    public static let complete = Settlement(
        settle: 0, contactCentreCoveredUntil: .distantFuture, genesysCoveredUntil: .distantFuture, botHistoryCoveredUntil: .distantFuture,
        now: .distantFuture)

    /// Nil when `code` cannot change any more for this session.
    public func pending(_ code: DiagnosisCode, _ session: CorrelatedSession) -> Pending? {
        guard let side = code.entry.waitsFor else { return nil }
        let since = session.lastEventAt
        let needed = (since ?? now).addingTimeInterval(settle)
        let genesys = side == .contactCentre && contactCentreIsGenesys(for: session)
        let name = genesys ? "Genesys" : side.name
        // Flows post as things happen: without Cognigy's history, the bot's side is read up to now.
        let covered = side == .contactCentre ? (genesys ? genesysCoveredUntil : contactCentreCoveredUntil) : botHistoryCoveredUntil ?? now
        guard let covered else {
            return Pending(
                waitsFor: side, since: since, settlesAt: nil, reason: "no \(name) data has been fetched or imported yet", waitsForGenesys: genesys)
        }
        // A call still going on when Genesys was read can still be answered or abandoned: final once its end arrives.
        if side == .contactCentre, covered != .distantFuture, let ongoing = session.conversations.first(where: { $0.endedAt == nil }) {
            return Pending(
                waitsFor: side, since: since, settlesAt: nil,
                reason: "conversation \(ongoing.conversationId) was still in progress when Genesys was read; final once its end is read",
                waitsForGenesys: true)
        }
        guard covered < needed else { return nil }
        let from = since.map { " since \(Timestamps.format($0))" } ?? ""
        return Pending(
            waitsFor: side, since: since, settlesAt: needed,
            reason: "waiting for \(name) data\(from); final once \(name) is read past \(Timestamps.format(needed))", waitsForGenesys: genesys)
    }

    /// Genesys Cloud is the session's contact centre: it recorded or joined a conversation, or, with no CXone contact,
    /// Genesys data covers the session's start and CXone's does not.
    public func contactCentreIsGenesys(for session: CorrelatedSession) -> Bool {
        if session.isGenesys { return true }
        guard session.contacts.isEmpty, let genesys = genesysCoveredUntil else { return false }
        // Only Genesys is read at all: it is the contact centre, whatever the session's time.
        guard let cxone = contactCentreCoveredUntil else { return true }
        guard let start = session.startedAt else { return false }
        return start <= genesys && start > cxone
    }
}

extension CorrelatedSession {
    /// The last moment either side recorded anything of the session: data about it can arrive until some time after.
    public var lastEventAt: Date? {
        let bot = snapshots.map(\.at) + attempts.map(\.at) + [cognigySession?.startedAt].compactMap { $0 } + messages.compactMap(\.at)
        let contactCentre =
            contacts.compactMap { $0.endedAt ?? $0.startedAt } + states.compactMap(\.startedAt)
            + conversations.compactMap { $0.lastActivityAt ?? $0.endedAt ?? $0.startedAt }
        return (bot + contactCentre).max()
    }
}

/// What an imported export covers: it was taken after its newest record, so everything the source had completed
/// before that record has been read. A conservative position, since the export's own window is not in the file.
extension CXoneBatch {
    public var newestRecordAt: Date? {
        (contacts.compactMap { $0.endedAt ?? $0.startedAt } + states.compactMap(\.startedAt)).max()
    }
}

extension CognigyBatch {
    public var newestRecordAt: Date? { (sessions.compactMap(\.startedAt) + messages.compactMap(\.at)).max() }
}
