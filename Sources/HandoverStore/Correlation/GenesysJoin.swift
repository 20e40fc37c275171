import Foundation
import HandoverCore

/// The join's Genesys Cloud half: each session's conversations, by the conversation id the flow recorded, by a
/// participant attribute naming the session, or by caller and time where the session has neither (and no CXone contact).
struct GenesysJoin {
    let dialect: any SQLDialect
    let reader: any SQLReader
    let callerMatchWindow: TimeInterval

    func attach(to sessions: inout [String: CorrelatedSession]) async throws {
        var owners: [String: Set<String>] = [:]
        for session in sessions.values {
            for id in session.recordedConversationIds { owners[id, default: []].insert(session.sessionId) }
        }
        var query = SQLQuery(dialect)
        let byId = query.isIn("conversation_id", Array(owners.keys))
        let byName = query.isIn("named_session_id", Array(sessions.keys))
        let found = try await conversations(where: "\(byId) OR \(byName)", query)
        for conversation in found {
            if let named = conversation.namedSessionId, sessions[named] != nil { owners[conversation.conversationId, default: []].insert(named) }
        }
        let eligible: @Sendable (CorrelatedSession) -> Bool = { session in
            session.recordedConversationIds.isEmpty && session.contacts.isEmpty && session.callerMatch == nil
        }
        var withoutNamed = sessions
        for conversation in found { if let named = conversation.namedSessionId { withoutNamed[named] = nil } }
        let join = CallerJoin(dialect: dialect, reader: reader, window: callerMatchWindow, target: .genesys, eligible: eligible)
        var matchedIds: [String] = []
        for (sessionId, match) in try await join.matches(for: withoutNamed) {
            // A conversation another session recorded or is named by is that session's, whoever else called then.
            if case .matched(let id, _) = match, owners[id] != nil { continue }
            sessions[sessionId]?.conversationCallerMatch = match
            if case .matched(let id, _) = match {
                owners[id, default: []].insert(sessionId)
                matchedIds.append(id)
            }
        }
        var byCaller = SQLQuery(dialect)
        let matched = matchedIds.isEmpty ? [] : try await conversations(where: byCaller.isIn("conversation_id", matchedIds), byCaller)
        for conversation in found + matched {
            for owner in owners[conversation.conversationId, default: []] where sessions[owner]?.conversations.contains(conversation) == false {
                sessions[owner]?.conversations.append(conversation)
            }
        }
        for key in sessions.keys where !(sessions[key]?.conversations.isEmpty ?? true) {
            sessions[key]?.conversations.sort {
                ($0.startedAt ?? .distantPast, $0.conversationId) < ($1.startedAt ?? .distantPast, $1.conversationId)
            }
        }
    }

    private func conversations(where condition: String, _ query: SQLQuery) async throws -> [GenesysConversation] {
        let sql = "SELECT raw_json, caller_key, named_session_id FROM genesys_conversation WHERE \(condition)"
        return try await reader.rows(sql, query.values) { row in
            GenesysImport.conversation(rawJSON: try row.text(0) ?? "{}", callerKey: try row.text(1), namedSessionId: try row.text(2))
        }.compactMap { $0 }
    }
}
