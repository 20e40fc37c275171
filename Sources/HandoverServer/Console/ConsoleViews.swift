import Foundation
import HandoverCore
import HandoverStore

/// What the templates show. Plain values only: Mustache escapes each one when it renders.
enum ConsoleViews {
    struct CodeCount { let code: String; let count: Int; let percent: Int; let kind: String; let since: String }
    struct RecentFailure { let startedAt: String; let sessionId: String; let code: String }
    struct Window { let key: String; let label: String; let current: Bool }

    struct Overview {
        let signedIn: Bool
        let windowLabel: String
        let windows: [Window]
        let lastIngested: String
        let lastFetched: String
        let lastCognigyImport: String
        let sources: [SourceRow]
        let total: Int
        let failures: Int
        /// Sessions whose code the other side's data may still change: not counted as failures yet.
        let pending: Int
        let handedOver: Int
        let chart: String
        let counts: [CodeCount]
        let recent: [RecentFailure]
        /// Set when the window is empty but older sessions exist (imported history): where to find them.
        let olderHistory: OlderHistory?
        /// Set while a refresh is still diagnosing what new records or an import touched.
        let diagnosesPending: Bool
    }

    /// A history source as the overview shows it: how far it has been read, and how its last rounds went.
    struct SourceRow {
        let name: String
        let lastSuccess: String
        let coveredUntil: String
        let records: Int
        let lastError: String?
        let lastErrorAt: String
        let failing: Bool

        init(_ status: SourceStatus) {
            name = status.source.displayName
            lastSuccess = status.fetchedAt.map(ConsoleViews.time) ?? "never"
            coveredUntil = status.coveredUntil.map(ConsoleViews.time) ?? "nothing yet"
            records = status.records
            lastError = status.lastError
            lastErrorAt = status.lastErrorAt.map(ConsoleViews.time) ?? ""
            failing = status.failingSince != nil
        }
    }

    struct OlderHistory { let window: String; let newestStart: String; let href: String; let label: String }

    struct SessionRow { let startedAt: String; let sessionId: String; let contacts: String; let code: String; let kind: String; let summary: String }
    struct CodeOption { let code: String; let selected: Bool }

    struct Sessions {
        let signedIn: Bool
        let q: String
        let codes: [CodeOption]
        let since: String
        let until: String
        let oldestFirst: Bool
        let failuresOnly: Bool
        let filterQuery: String
        let rows: [SessionRow]
        let nextLink: String?
        let diagnosesPending: Bool
    }

    struct TimelineRow { let at: String; let bot: String; let cxone: String; let problem: Bool }
    struct Issue { let field: String; let code: String; let message: String }
    struct Attempt {
        let id: Int64; let receivedAt: String; let verdict: String; let verdictKind: String; let outcome: String?
        let hasErrors: Bool; let errors: [Issue]; let body: String
    }
    struct Snapshot { let receivedAt: String; let label: String; let intent: String; let body: String }
    struct Contact { let id: String; let body: String }

    struct Session {
        let signedIn: Bool
        let sessionId: String
        let code: String
        let kind: String
        let summary: String
        let action: String
        let evidence: [String]
        let contacts: String
        let botContacts: String
        /// The contact centre's lane: CXone, or Genesys where the session's call went there.
        let contactCentre: String
        let timeline: [TimelineRow]
        let attempts: [Attempt]
        let snapshots: [Snapshot]
        let cxone: [Contact]
    }

    struct VerdictIssue { let field: String; let code: String; let kind: String; let message: String; let error: Bool }

    struct Validate {
        let signedIn: Bool
        let payload: String
        let checked: Bool
        let problem: String?
        let verdict: String
        let verdictKind: String
        let hasIssues: Bool
        let issues: [VerdictIssue]
        let normalised: String
    }

    struct CodeEntry { let position: Int; let code: String; let kind: String; let meaning: String; let evidence: String; let action: String }
    struct Codes { let signedIn: Bool; let codes: [CodeEntry] }
    struct Login { let signedIn: Bool; let failed: Bool; let next: String; let refusal: String? }
    struct Live { let signedIn: Bool }

    static func kind(_ code: DiagnosisCode) -> String { code.entry.isFailure ? "fail" : "ok" }

    static func time(_ date: Date?) -> String {
        date.map { Timestamps.format($0).replacingOccurrences(of: "T", with: " ") } ?? "—"
    }

    /// A body as it arrived, pretty-printed when it is JSON, as text otherwise.
    static func pretty(_ body: String) -> String {
        guard let data = body.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data),
            let pretty = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        else { return body }
        return String(decoding: pretty, as: UTF8.self)
    }
}
