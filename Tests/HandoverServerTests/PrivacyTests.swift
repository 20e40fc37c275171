import Crypto
import Foundation
import GRDB
import HTTPTypes
import HandoverCore
import HandoverServer
import HandoverTestSupport
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import HandoverSQLite
@testable import HandoverStore

@Suite("Personal data: redaction before storage, Standard Webhooks signatures")
struct PrivacyTests {
    static let phone = "+4915112345678"

    /// Moves the WAL into the database file, so the file check below reads everything written. SQLite answers BUSY
    /// while another checkpoint runs (the server's own checkpointer, on its schedule): ours is tried again until it runs.
    static func checkpoint(_ store: SQLiteStore) async throws {
        for attempt in 1...200 {
            do {
                _ = try await store.pool.writeWithoutTransaction { db in try db.checkpoint(.passive) }
                return
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && attempt < 200 {
                await Task.yield()
            }
        }
    }

    @Test func redactedValuesNeverReachTheDiskButStillCorrelate() async throws {
        try await withTestServer({
            $0.redactPaths = ["context.caller.ani", "text", "data.phone"]
            $0.redactKey = "0123456789abcdef0123"
        }) { client, store, database in
            let json = #"{"sessionId":"s-1","text":"call me on \#(Self.phone)","context":{"caller":{"ani":"\#(Self.phone)"},"keep":"visible"}}"#
            #expect(try await client.post("/v1/snapshots", json: json).status == .created)
            let form = "sessionId=s-2&data%5Bphone%5D=\(Self.phone.replacingOccurrences(of: "+", with: "%2B"))&label=Ask"
            #expect(try await client.post("/v1/snapshots", form: form).status == .created)

            let first = try #require(try await store.snapshots(sessionId: "s-1", limit: 1).first)
            let second = try #require(try await store.snapshots(sessionId: "s-2", limit: 1).first)
            let raw = String(decoding: first.rawBody, as: UTF8.self)
            #expect(raw.contains("visible"), "what is not listed is kept")
            #expect(first.contentType == "application/json; redacted-from=application/json")
            let ani = try #require(first.contextJson.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] })
            let hashedAni = (ani["caller"] as? [String: Any])?["ani"] as? String
            let hashedPhone =
                second.dataJson.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }?["phone"] as? String
            #expect(hashedAni?.hasPrefix("redacted:") == true)
            #expect(hashedAni == hashedPhone, "the same number hashes the same in both sessions, so they still correlate")
            try await Self.checkpoint(store)
            #expect(!database.filesHold(Self.phone), "not in the file, the WAL or the shared memory")
        }
    }

    /// A redacted `userId` keeps its caller key as a keyed hash, the same as an import under the same key writes, so
    /// the caller-and-time join still matches the contact, and `erase --caller` with the key finds the caller.
    @Test func aRedactedCallerStillMatchesItsContactAndIsErasedByNumberWithTheKey() async throws {
        let key = "0123456789abcdef0123"
        try await withTestServer({
            $0.redactPaths = ["userId"]
            $0.redactKey = key
        }) { client, store, database in
            let start = Date().addingTimeInterval(-600)
            let json = #"""
                {"sessionId":"r-1","userId":"\#(Self.phone)","contactId":"\#(ContactIds.placeholder)","timestamp":"\#(Timestamps.format(start))"}
                """#
            #expect(try await client.post("/v1/snapshots", json: json).status == .created)
            let hash = try RedactionHash.keyed(key)
            let contactStart = Timestamps.format(start.addingTimeInterval(-3))
            let contact = #"{"contactId": 900000001, "contactStartDate": "\#(contactStart)", "fromAddress": "\#(Self.phone)"}"#
            let batch = try CXoneDocumentReader.read(Array(#"{"completedContacts": [\#(contact)]}"#.utf8)).redactingCallers(hash)
            _ = try await store.importCXone(batch, importedAt: Date())
            let session = try #require(try await store.session(matching: "r-1"))
            #expect(session.callerMatch == .matched(contactId: "900000001", offsetSeconds: -3), "hashed keys compare equal")
            #expect(try await store.erase(.caller(Self.phone)).total == 0, "without the key the hash names nobody")
            let hashedKey = CallerKey.key(Self.phone).map { Redactor.hashed($0, with: hash) }
            let removed = try await store.erase(.caller(Self.phone, hashedKey: hashedKey))
            #expect(removed.snapshots == 1 && removed.contacts == 1)
            try await Self.checkpoint(store)
            #expect(!database.filesHold(Self.phone))
        }
    }

    @Test func aRedactionWithoutAKeyIsRefusedAtStart() {
        var configuration = ServerConfiguration()
        configuration.redactPaths = ["text"]
        #expect(throws: (any Error).self) { try configuration.validatePrivacy() }
        configuration.redactKey = "0123456789abcdef"
        configuration.redactPaths = ["context..ani"]
        #expect(throws: (any Error).self) { try configuration.validatePrivacy() }
    }

    static let secretBytes = Data((0..<24).map { UInt8($0 * 7 % 251) })
    static let secret = "whsec_" + secretBytes.base64EncodedString()
    static let oldSecret = "whsec_" + Data(repeating: 9, count: 24).base64EncodedString()

    static func signed(_ body: String, id: String = "msg_1", at time: Date = Date(), key: Data = secretBytes) -> HTTPFields {
        let timestamp = String(Int(time.timeIntervalSince1970))
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(id).\(timestamp).\(body)".utf8), using: SymmetricKey(data: key))
        return [
            .init("webhook-id")!: id, .init("webhook-timestamp")!: timestamp,
            .init("webhook-signature")!: "v1,bm90IHRoaXMgb25l v1," + Data(mac).base64EncodedString(),
        ]
    }

    @Test func signedRequestsAreLetInAndBadOnesSayWhy() async throws {
        try await withTestServer({ $0.signingSecrets = [Self.oldSecret, Self.secret] }) { client, store, _ in
            let body = #"{"sessionId":"signed"}"#
            #expect(try await client.post("/v1/snapshots", json: body, headers: Self.signed(body)).status == .created)
            #expect(try await store.snapshots(sessionId: "signed", limit: 5).count == 1, "the body read for the signature is still stored")

            let tampered = try await client.post("/v1/snapshots", json: #"{"sessionId":"tampered"}"#, headers: Self.signed(body))
            #expect(tampered.status == .unauthorized)
            #expect(tampered.errorCode == "SIGNATURE_INVALID")
            let stale = try await client.post("/v1/snapshots", json: body, headers: Self.signed(body, at: Date().addingTimeInterval(-600)))
            #expect(stale.errorCode == "SIGNATURE_STALE")
            let unsigned = try await client.post("/v1/snapshots", json: body)
            #expect(unsigned.errorCode == "SIGNATURE_MISSING")
        }
    }

    @Test func withKeysToo_anUnsignedRequestMayUseAKeyButABadSignatureIsStillRefused() async throws {
        let key = "k3y-0123456789abcdef"
        try await withTestServer({
            $0.signingSecrets = [Self.secret]; $0.apiKeys = [key]
        }) { client, _, _ in
            let body = #"{"sessionId":"keyed"}"#
            let keyed = try await client.post("/v1/snapshots", json: body, headers: [.init("X-API-Key")!: key])
            #expect(keyed.status == .created)
            var badlySigned = Self.signed(body, key: Data(repeating: 1, count: 24))
            badlySigned[.init("X-API-Key")!] = key
            let refused = try await client.post("/v1/snapshots", json: body, headers: badlySigned)
            #expect(refused.errorCode == "SIGNATURE_INVALID")
        }
    }
}
