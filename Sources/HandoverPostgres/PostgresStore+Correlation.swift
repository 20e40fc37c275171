import Foundation
import HandoverCore
import HandoverStore
import PostgresNIO

extension PostgresStore: SharedStore, CorrelationStore, NotificationStore {
    /// Replicas draw ids from one sequence but commit in their own order: the refresh's watermark waits this long.
    package var refreshSettlingMilliseconds: Int64 { 10_000 }
}
