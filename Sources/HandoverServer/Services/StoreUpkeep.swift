import Foundation
import HandoverStore
import Logging
import ServiceLifecycle

/// The server's own background work on the store, as services the application starts before it serves and stops
/// after the last request has been answered.
public enum StoreUpkeep {
    /// Keeps the stored diagnoses behind the console's overview and the alerting figures current: at start (a
    /// large database's first pass takes seconds) and then every 30 seconds. The overview also refreshes before it
    /// reads.
    public static func diagnoses(_ store: any CorrelationStore, alerting: AlertingGauges, logger: Logger) -> any Service {
        PeriodicService("diagnosis refresh", every: .seconds(30), atStart: true) {
            do {
                let count = try await store.refreshDiagnoses()
                if count > 0 { logger.debug("sessions diagnosed", metadata: ["sessions": "\(count)"]) }
                try await alerting.update(from: store)
            } catch {
                logger.warning("could not refresh stored diagnoses; will try again", metadata: ["error": "\(error)"])
            }
        }
    }

    /// `--retain`: purges records older than `retention` at start and then every hour.
    public static func retention(_ store: any StoreMaintenance, keeping retention: TimeInterval, logger: Logger) -> any Service {
        PeriodicService("retention", every: .seconds(3600), atStart: true) {
            do {
                let removed = try await store.purge(olderThan: Date().addingTimeInterval(-retention))
                if removed.total > 0 { logger.info("retention removed old records", metadata: ["removed": "\(removed)"]) }
            } catch {
                logger.error("retention could not remove old records; will try again", metadata: ["error": "\(error)"])
            }
        }
    }
}
