/// CXone's state names and end reasons, matched leniently: case, spaces, hyphens and underscores are ignored,
/// so `InQueue`, `In Queue`, `Inqueue` and `in_queue` are one state. The whole mapping is in these two tables.
public enum ContactStateKind: String, Sendable {
    case inBot, queued, withAgent, abandoned, refused, error, ended, other

    static let byName: [String: ContactStateKind] = [
        "prequeue": .inBot, "ivr": .inBot, "inbound": .inBot, "routing": .inBot, "incoming": .inBot, "bot": .inBot,
        "inqueue": .queued, "queue": .queued, "queued": .queued, "waiting": .queued,
        "active": .withAgent, "agent": .withAgent, "connected": .withAgent, "hold": .withAgent, "onhold": .withAgent,
        "conference": .withAgent, "consult": .withAgent, "agentconnected": .withAgent,
        "abandon": .abandoned, "abandoned": .abandoned,
        "refused": .refused, "refuse": .refused,
        "error": .error, "systemerror": .error, "failed": .error,
        "postqueue": .ended, "endcontact": .ended, "ended": .ended, "disconnected": .ended, "acw": .ended,
        "postcontact": .ended,
    ]

    public init(stateName: String?) {
        self = stateName.flatMap { Self.byName[VocabularyKey.make($0)] } ?? .other
    }
}

/// What a contact's `endReason` says about who ended it.
public enum EndReasonKind: String, Sendable {
    case callerEnded, agentEnded, error, transferred, other

    /// Checked in order; the first fragment found in the normalised reason wins.
    static let fragments: [(String, EndReasonKind)] = [
        ("error", .error), ("fail", .error), ("system", .error), ("timeout", .error), ("interrupted", .error),
        ("viascript", .other),
        ("contacthungup", .callerEnded), ("contacthangup", .callerEnded), ("callerhungup", .callerEnded),
        ("callerdisconnect", .callerEnded), ("contactdisconnect", .callerEnded), ("customer", .callerEnded),
        ("contactended", .callerEnded), ("contactleft", .callerEnded),
        ("agent", .agentEnded), ("transfer", .transferred),
    ]

    public init(endReason: String?) {
        guard let endReason else { self = .other; return }
        let key = VocabularyKey.make(endReason)
        self = Self.fragments.first { key.contains($0.0) }?.1 ?? .other
    }
}

enum VocabularyKey {
    /// Lowercase ASCII letters and digits only: CXone's names are ASCII, and this runs for every contact of a report.
    static func make(_ text: String) -> String {
        var key: [UInt8] = []
        key.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): key.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): key.append(byte + 32)
            default: continue
            }
        }
        return String(decoding: key, as: UTF8.self)
    }
}
