import Foundation
import HandoverCore
import HandoverStore
import HandoverTestSupport
import Hummingbird

/// An incoming-webhook receiver (Slack, Teams, one's own) on loopback that records what it was sent.
actor FakeReceiver {
    enum Behaviour: Sendable {
        case accept
        /// Answers 500 to the first `count` posts, then accepts.
        case failFirst(Int)
        /// Answers nothing until the test's body has ended.
        case hang
        /// Runs `action` as the first post arrives, then accepts every post.
        case acceptAfterFirst(@Sendable () async throws -> Void)
    }

    let behaviour: Behaviour
    private(set) var posts = 0
    /// The bodies of the posts it accepted.
    private(set) var bodies: [String] = []
    private var hanging: [CheckedContinuation<Void, Never>] = []
    private var released = false

    init(_ behaviour: Behaviour) { self.behaviour = behaviour }

    /// Counts the post and says what to answer.
    func receive(_ body: [UInt8]) -> Bool {
        posts += 1
        switch behaviour {
        case .accept, .acceptAfterFirst: break
        case .failFirst(let count): if posts <= count { return false }
        case .hang: return false
        }
        bodies.append(String(decoding: body, as: UTF8.self))
        return true
    }

    /// Holds a post's answer until `release`.
    func hang() async {
        if released { return }
        await withCheckedContinuation { hanging.append($0) }
    }

    func release() {
        released = true
        hanging.forEach { $0.resume() }
        hanging = []
    }

    /// The accepted bodies as JSON objects.
    nonisolated func delivered() async -> [[String: Any]] {
        await bodies.map { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] ?? [:] }
    }

    /// Runs `body` with the receiver's URL.
    static func with<T: Sendable>(_ behaviour: Behaviour = .accept, _ body: @Sendable (String, FakeReceiver) async throws -> T) async throws -> T {
        let receiver = FakeReceiver(behaviour)
        let router = Router()
        router.post("/hooks/secret-path") { request, _ -> Response in
            let bytes = Array(buffer: try await request.body.collect(upTo: 1 << 20))
            if case .acceptAfterFirst(let action) = behaviour, await receiver.posts == 0 { try await action() }
            let accepted = await receiver.receive(bytes)
            if case .hang = behaviour { await receiver.hang() }
            return accepted ? LoopbackServer.json(#"{"ok":true}"#) : LoopbackServer.json(#"{"error":"down"}"#, status: .internalServerError)
        }
        return try await LoopbackServer.serve(router) { base in
            do {
                let result = try await body(base + "/hooks/secret-path", receiver)
                await receiver.release()
                return result
            } catch {
                await receiver.release()
                throw error
            }
        }
    }
}

/// Sessions whose flow used CXone's placeholder contact id: each one diagnosed PLACEHOLDER_CONTACT_ID. Received a
/// minute ago, so PostgreSQL's diagnosis refresh, which waits for concurrent commits to settle, takes them at once.
func recordPlaceholderSessions(_ count: Int, in store: any IngestStore, at time: Date = Date(), prefix: String = "s") async throws {
    for index in 0..<count {
        var snapshot = Snapshot(sessionId: "\(prefix)-\(index)-\(UUID().uuidString.prefix(6))")
        snapshot.contactId = "100000000000"
        snapshot.occurredAt = time
        _ = try await store.record(
            snapshot, IngestEnvelope(receivedAt: Date().addingTimeInterval(-60), contentType: "application/json", rawBody: Array("{}".utf8)))
    }
}

/// Sessions whose flow reported the handover failed (Cognigy's `context.CXoneHandover.success` false): each one
/// diagnosed SIGNAL_FAILED.
func recordFailedSignalSessions(_ count: Int, in store: any IngestStore) async throws {
    for index in 0..<count {
        var snapshot = Snapshot(sessionId: "failed-\(index)-\(UUID().uuidString.prefix(6))")
        snapshot.contactId = "2\(index)0000000001"
        snapshot.occurredAt = Date()
        snapshot.context = .object(["CXoneHandover": .object(["success": .bool(false), "error": .string("Contact not found")])])
        _ = try await store.record(
            snapshot, IngestEnvelope(receivedAt: Date().addingTimeInterval(-60), contentType: "application/json", rawBody: Array("{}".utf8)))
    }
}
