import Foundation
import HandoverCore

/// The idempotency decision, made once for both backends: a request whose key is already claimed gets the claimed
/// record back when it sent the same body (a retry), a conflict when it sent another; a key whose record is gone
/// (purged or erased) is stale, and the request is stored afresh. The backends only claim keys their own way.
package enum IdempotencyKeys {
    /// The record a key names, as `claimedRecord` selects it.
    package struct ClaimedRecord: Sendable {
        package let id: Int64
        package let body: Data
        package let receivedAtMs: Int64

        package init(id: Int64, body: Data, receivedAtMs: Int64) {
            (self.id, self.body, self.receivedAtMs) = (id, body, receivedAtMs)
        }
    }

    /// `id, raw_body, received_at_ms` of the record the key names in `table`; the route and key are bound at the
    /// two placeholders given.
    package static func claimedRecord(in table: String, route: String, key: String) -> String {
        """
        SELECT r.id, r.raw_body, r.received_at_ms FROM idempotency_key k JOIN \(table) r ON r.id = k.record_id
        WHERE k.route = \(route) AND k.key = \(key)
        """
    }

    /// What a request with a claimed key gets; nil when the key is stale and the request is to be stored afresh.
    package static func answer(_ body: some Collection<UInt8>, claimed: ClaimedRecord?) -> InsertOutcome? {
        guard let claimed else { return nil }
        guard claimed.body.elementsEqual(body) else { return .conflict(id: claimed.id) }
        return .duplicate(id: claimed.id, receivedAt: Timestamps.date(milliseconds: claimed.receivedAtMs))
    }
}
