import Foundation
import HandoverStore
import HistoryFetching

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
                    guard free >= lowDiskBytes else {
                        throw DoctorFailure("\(text) free beside the database: writes will fail soon", fix: "free disk space, or purge old records")
                    }
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
        checks.append(schedule(EnvironmentDefaults.process))
        checks += await sources(store, now: now)
        return checks
    }

    /// What `serve` would fetch on schedule with this environment.
    static func schedule(_ environment: EnvironmentDefaults) -> DoctorCheck {
        do {
            let options = try FetchOptions.parse([])
            guard let fetch = try FetchSettings.resolve(options, environment, redactKey: nil) else {
                return .skipped(
                    "history", "schedule", "serve fetches nothing on its own: set the CXONE_* or COGNIGY_* variables (see fetch-cxone --help)")
            }
            return DoctorCheck(
                area: "history", name: "schedule", outcome: .ok,
                detail: "serve fetches \(fetch.rounds.map(\.source.displayName).joined(separator: " and ")) every \(fetch.interval)")
        } catch {
            return DoctorCheck(area: "history", name: "schedule", outcome: .failed, detail: "\(error)")
        }
    }

    /// How far each source has been read and whether its fetches are failing.
    static func sources(_ store: any ManagedStore, now: Date) async -> [DoctorCheck] {
        guard let statuses = try? await store.sourceStatuses() else {
            return [DoctorCheck(area: "history", name: "sources", outcome: .failed, detail: "cannot read the sources' positions")]
        }
        return statuses.map { status in
            let name = "\(status.source.rawValue) lag"
            guard let covered = status.coveredUntil else { return .skipped("history", name, "never fetched or imported") }
            let read = "read up to \(DoctorCheck.age(covered, now: now))"
            if let since = status.failingSince {
                return DoctorCheck(
                    area: "history", name: name, outcome: .failed,
                    detail: "\(read); failing since \(DoctorCheck.age(since, now: now)): \(status.lastError ?? "no message")")
            }
            return DoctorCheck(area: "history", name: name, outcome: .ok, detail: "\(read), \(status.records) records in the last round")
        }
    }

    static func crowdedSessions(_ store: any ManagedStore, over threshold: Int = crowdedSessionSnapshots) async -> DoctorCheck {
        await DoctorCheck.run("store", "session sizes") {
            let crowded = try await store.crowdedSessions(over: threshold, limit: 3)
            guard let largest = crowded.first else { return "no session holds more than \(threshold) snapshots" }
            let named = crowded.map { "\($0.sessionId) (\($0.snapshots))" }.joined(separator: ", ")
            throw DoctorFailure(
                "sessions with more than \(threshold) snapshots: \(named); a flow sends one fixed session id for every call, "
                    + "and each diagnosis refresh reads all \(largest.snapshots) again",
                fix: "make the flow's HTTP Request node send {{input.sessionId}}, then handover-trace erase --session \(largest.sessionId)")
        }
    }

    /// Removes doctor's test snapshots, which must be in this store if the server writes here.
    static func erase(_ sessionIds: [String], from store: any ManagedStore, location: StoreLocation) async -> DoctorCheck {
        await DoctorCheck.run("webhook", "erase test records") {
            var removed = 0
            for id in sessionIds { removed += try await store.erase(matching: id).snapshots }
            guard removed == sessionIds.count else {
                throw DoctorFailure(
                    "the test snapshot is not in \(location): the server writes elsewhere",
                    fix: "run doctor with the server's --db, or handover-trace erase \(sessionIds.first ?? "") --db <its database>")
            }
            return "\(removed) test snapshot\(removed == 1 ? "" : "s") removed from \(location)"
        }
    }
}
