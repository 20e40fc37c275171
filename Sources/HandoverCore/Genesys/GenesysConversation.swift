import Foundation

/// One Genesys Cloud conversation as its analytics details describe it (`AnalyticsConversation`): the parts diagnosis
/// reads, and the record as Genesys sent it.
public struct GenesysConversation: Sendable, Equatable {
    /// Trimmed and lower-cased (`GenesysConversation.normalisedId`), so a flow's copy of it compares case-blind.
    public var conversationId: String
    public var startedAt: Date?
    public var endedAt: Date?
    /// The customer session's `ani` as the caller-and-time join compares it (`CallerKey`).
    public var callerKey: String?
    /// The Cognigy session a participant attribute names (`cognigySessionId`, `botSessionId`, `sessionId`).
    public var namedSessionId: String?
    public var participants: [GenesysParticipant]
    /// The latest moment the record mentions: of two versions of one conversation, the later one is newer.
    public var lastActivityAt: Date?
    public var rawJSON: String

    public init(conversationId: String, participants: [GenesysParticipant] = [], rawJSON: String = "{}") {
        self.conversationId = conversationId
        self.participants = participants
        self.rawJSON = rawJSON
    }

    /// How a conversation id is compared: trimmed, case-blind.
    public static func normalisedId(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingWhitespace().lowercased(), !trimmed.isEmpty else { return nil }
        return trimmed
    }
}

public struct GenesysParticipant: Sendable, Equatable {
    /// `acd`, `agent`, `customer`, `ivr`, `botflow`, `voicemail`, `external`, `workflow`, `user`, ...
    public var purpose: String
    public var name: String?
    public var userId: String?
    public var attributes: [String: String]
    public var sessions: [GenesysSession]

    public init(purpose: String, name: String? = nil, userId: String? = nil, attributes: [String: String] = [:], sessions: [GenesysSession] = []) {
        self.purpose = purpose
        self.name = name
        self.userId = userId
        self.attributes = attributes
        self.sessions = sessions
    }

    public var segments: [GenesysSegment] { sessions.flatMap(\.segments) }
    /// Who the participant is, for evidence: its name, else its user id, else its purpose.
    public var label: String { name ?? userId.map { "user \($0)" } ?? purpose }
    /// The sum of a metric over the participant's sessions, nil when none carries it.
    public func metric(_ name: String) -> Double? {
        let values = sessions.compactMap { $0.metrics[name] }
        return values.isEmpty ? nil : values.reduce(0, +)
    }
}

public struct GenesysSession: Sendable, Equatable {
    public var mediaType: String?
    public var ani: String?
    public var flowOutType: String?
    public var flowName: String?
    /// `metrics[].name` to `value`, summed where one name repeats (t* are milliseconds).
    public var metrics: [String: Double]
    public var segments: [GenesysSegment]

    public init(mediaType: String? = nil, ani: String? = nil, metrics: [String: Double] = [:], segments: [GenesysSegment] = []) {
        self.mediaType = mediaType
        self.ani = ani
        self.metrics = metrics
        self.segments = segments
    }
}

public struct GenesysSegment: Sendable, Equatable {
    /// `alert`, `delay`, `dialing`, `hold`, `interact`, `ivr`, `system`, `voicemail`, `wrapup`, ...
    public var type: String
    public var startedAt: Date?
    public var endedAt: Date?
    public var disconnectType: String?
    public var queueId: String?
    public var errorCode: String?

    /// The segment ended in an error: disconnectType error, system or transportFailure, or an errorCode.
    public var endedInError: Bool { ["error", "system", "transportFailure"].contains(disconnectType ?? "") || errorCode != nil }

    public init(type: String, startedAt: Date? = nil, endedAt: Date? = nil, disconnectType: String? = nil) {
        self.type = type
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.disconnectType = disconnectType
    }
}

/// What one Genesys document held.
public struct GenesysBatch: Sendable, Equatable {
    public var conversations: [GenesysConversation] = []

    public init(conversations: [GenesysConversation] = []) { self.conversations = conversations }

    public var newestRecordAt: Date? { conversations.compactMap { $0.lastActivityAt ?? $0.endedAt ?? $0.startedAt }.max() }

    /// The batch with callers' numbers kept only as keyed hashes (`--redact-key`): every session's `ani` and `dnis`
    /// in the stored record, and the caller key, hashed as Cognigy's `userId` is, so the caller-and-time join matches.
    public func redactingCallers(_ hash: @Sendable (String) -> String) -> GenesysBatch {
        var batch = self
        batch.conversations = conversations.map { conversation in
            var conversation = conversation
            conversation.callerKey = conversation.callerKey.map { Redactor.hashed($0, with: hash) }
            guard let record = try? BodyDecoder().decodeJSON(Array(conversation.rawJSON.utf8)) else { return conversation }
            conversation.rawJSON = Self.hashingAddresses(record, hash).jsonText
            for index in conversation.participants.indices {
                for session in conversation.participants[index].sessions.indices {
                    let ani = conversation.participants[index].sessions[session].ani
                    conversation.participants[index].sessions[session].ani = ani.map { Redactor.hashed($0, with: hash) }
                }
            }
            return conversation
        }
        return batch
    }

    private static func hashingAddresses(_ value: JSONValue, _ hash: @Sendable (String) -> String) -> JSONValue {
        switch value {
        case .object(var object):
            for (key, item) in object {
                if ["ani", "dnis"].contains(key.lowercased()), let text = item.scalarText {
                    object[key] = .string(Redactor.hashed(text, with: hash))
                } else {
                    object[key] = hashingAddresses(item, hash)
                }
            }
            return .object(object)
        case .array(let items): return .array(items.map { hashingAddresses($0, hash) })
        default: return value
        }
    }
}
