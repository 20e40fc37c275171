import Foundation
import GRDB
import HandoverCore
import HandoverStore

/// One process commits in id order, so the refresh's watermark needs no settling time.
extension SQLiteStore: SharedStore, CorrelationStore, NotificationStore {
    package var refreshSettlingMilliseconds: Int64 { 0 }
}
