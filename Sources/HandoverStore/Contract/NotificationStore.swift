import Foundation
import HandoverCore

/// What `serve --notify-url` keeps in the shared database: which replica sends, and what was last sent per code.
public protocol NotificationStore: Sendable {
    /// Takes or renews the sender's lease for `holder` until `until`: true when `holder` now holds it, false while
    /// another holder's lease runs.
    func claimNotifierLease(holder: String, now: Date, until: Date) async throws -> Bool
    /// What was last sent about each code; codes never notified are absent.
    func notificationStates() async throws -> [DiagnosisCode: NotificationPolicy.CodeState]
    func recordNotification(_ code: DiagnosisCode, _ state: NotificationPolicy.CodeState) async throws
}
