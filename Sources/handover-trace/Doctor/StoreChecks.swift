import Foundation
import HandoverStore

/// The store: it opens (which applies the migrations), answers, has disk to grow into, and how fresh its data is.
enum StoreChecks {
    /// Below this, a busy contact centre fills the disk within days: SQLite then answers 503 and flows lose steps.
    static let lowDiskBytes: Int64 = 1 << 30
    /// A call posts tens of snapshots; a session past this many is a flow sending one fixed session id for every call.
    static let crowdedSessionSnapshots = 10_000

    static func run(_ store: any ManagedStore, location: StoreLocation, now: Date = Date()) async -> [DoctorCheck] {
        var checks = [
            await DoctorCheck.run("store", "health") {
                try await store.checkHealth()
                return "\(location) open, migrations applied, answering"
            }
        ]
        if case .sqlite(let path) = location {
            checks.append(
                await DoctorCheck.run("store", "free disk") {
                    let folder = (path as NSString).deletingLastPathComponent
                    let attributes = try FileManager.default.attributesOfFileSystem(forPath: folder.isEmpty ? "." : folder)
                    let free = (attributes[.systemFreeSize] as? NSNumber)?.int64Value ?? 0
                    let text = ByteCountFormatter.string(fromByteCount: free, countStyle: .file)
                    guard free >= lowDiskBytes else { throw DoctorFailure("\(text) free beside the database: writes will fail soon") }
                    return "\(text) free beside the database"
                })
        } else {
            checks.append(.skipped("store", "free disk", "PostgreSQL's disk belongs to its server: watch it there"))
        }
        checks.append(
            await DoctorCheck.run("store", "freshness") {
                let activity = try await store.activity()
                return "newest webhook record \(DoctorCheck.age(activity.lastIngested, now: now)), CXone import "
                    + "\(DoctorCheck.age(activity.lastFetched, now: now)), Cognigy import \(DoctorCheck.age(activity.lastCognigyImport, now: now))"
            })
        checks.append(await crowdedSessions(store))
        return checks
    }

    static func crowdedSessions(_ store: any ManagedStore, over threshold: Int = crowdedSessionSnapshots) async -> DoctorCheck {
        await DoctorCheck.run("store", "session sizes") {
            let crowded = try await store.crowdedSessions(over: threshold, limit: 3)
            guard let largest = crowded.first else { return "no session holds more than \(threshold) snapshots" }
            let named = crowded.map { "\($0.sessionId) (\($0.snapshots))" }.joined(separator: ", ")
            throw DoctorFailure(
                "sessions with more than \(threshold) snapshots: \(named); a flow sends one fixed session id for every call "
                    + "(its HTTP Request node should send {{input.sessionId}}), and each diagnosis refresh reads all "
                    + "\(largest.snapshots) again; fix the flow, then handover-trace erase --session \(largest.sessionId)")
        }
    }

    /// Removes doctor's test snapshots, which must be in this store if the server writes here.
    static func erase(_ sessionIds: [String], from store: any ManagedStore, location: StoreLocation) async -> DoctorCheck {
        await DoctorCheck.run("webhook", "erase test records") {
            var removed = 0
            for id in sessionIds { removed += try await store.erase(matching: id).snapshots }
            guard removed == sessionIds.count else {
                throw DoctorFailure(
                    "the test snapshot is not in \(location): the server writes elsewhere; run handover-trace erase "
                        + "\(sessionIds.first ?? "") --db <its database>")
            }
            return "\(removed) test snapshot\(removed == 1 ? "" : "s") removed from \(location)"
        }
    }
}
