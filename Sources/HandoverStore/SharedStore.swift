import Foundation
import HandoverCore

/// What both backends answer alike over `SQLDatabase`: the join, lookups, the diagnosis refresh, notifications,
/// source positions and leases. A backend conforms with what differs: its connection and dialect, and how long the
/// refresh's watermark waits behind fresh ids.
package protocol SharedStore: SQLDatabase {
    /// `DiagnosisRefresh.settlingMilliseconds`: zero where one process commits in id order.
    var refreshSettlingMilliseconds: Int64 { get }
    /// One diagnosis refresh at a time in this store.
    var refreshes: SerialRefresh { get }
}

extension SharedStore {
    private var refresh: DiagnosisRefresh { DiagnosisRefresh(self, settlingMilliseconds: refreshSettlingMilliseconds) }

    public func importCXone(_ batch: CXoneBatch, importedAt: Date) async throws -> ImportCounts {
        try await CXoneImport.write(batch, importedAt: importedAt, to: self)
    }

    public func importCognigy(_ batch: CognigyBatch, importedAt: Date) async throws -> Int {
        try await CognigyImport(self).write(batch, importedAt: importedAt)
    }

    public func importCXone(_ document: BatchStream<CXoneDocumentStream>, importedAt: Date) async throws -> ImportCounts {
        try await CXoneImport.write(document, importedAt: importedAt, to: self)
    }

    public func importCognigy(_ document: BatchStream<CognigyDocumentStream>, importedAt: Date) async throws -> Int {
        try await CognigyImport(self).write(document, importedAt: importedAt)
    }

    public func importGenesys(_ batch: GenesysBatch, importedAt: Date) async throws -> Int {
        try await GenesysImport.write(batch, importedAt: importedAt, to: self)
    }

    public func sessionKeys(_ filter: SessionFilter) async throws -> [SessionKey] {
        // A search reads the word index the refresh keeps, so a report finds what the session list finds.
        if filter.text?.trimmingWhitespace().isEmpty == false { _ = try await refreshDiagnoses() }
        return try await SessionJoin(self).sessionKeys(filter)
    }
    public func sessions(_ ids: [String]) async throws -> [CorrelatedSession] { try await SessionJoin(self).sessions(ids) }
    public func session(_ id: String, page: Int) async throws -> CorrelatedSession? {
        try await SessionJoin(self).sessions([id], page: page).first
    }
    public func activity() async throws -> Activity { try await SessionLookup(self).activity() }
    public func sessionId(matching id: String) async throws -> String? { try await SessionLookup(self).sessionId(matching: id) }

    public func crowdedSessions(over threshold: Int, limit: Int) async throws -> [SessionSize] {
        try await SessionLookup(self).crowdedSessions(over: threshold, limit: limit)
    }

    public func refreshDiagnoses() async throws -> Int {
        let refresh = refresh
        return try await refreshes.run { try await refresh.run() }
    }

    public func diagnosedSessionKeys(_ page: DiagnosedPage) async throws -> [SessionKey] { try await refresh.keys(page) }

    public func diagnosisOverview(since: Date, recent: Int = 10) async throws -> DiagnosisOverview {
        try await refresh.overview(since: since, recent: recent)
    }

    public func claimNotifierLease(holder: String, now: Date, until: Date) async throws -> Bool {
        try await NotificationLedger(self).claimLease(holder: holder, now: now, until: until)
    }

    public func notificationStates() async throws -> [DiagnosisCode: NotificationPolicy.CodeState] { try await NotificationLedger(self).states() }

    public func recordNotification(_ code: DiagnosisCode, _ state: NotificationPolicy.CodeState) async throws {
        try await NotificationLedger(self).record(code, state)
    }

    public func sourceStatuses() async throws -> [SourceStatus] { try await SourceLedger(self).statuses() }

    public func recordRead(_ source: HistorySource, coveredUntil: Date, records: Int, at: Date) async throws {
        try await SourceLedger(self).recordRead(source, coveredUntil: coveredUntil, records: records, at: at)
    }

    public func recordFailure(_ source: HistorySource, error: String, at: Date) async throws {
        try await SourceLedger(self).recordFailure(source, error: error, at: at)
    }

    public func claimLease(_ name: String, holder: String, now: Date, until: Date) async throws -> Bool {
        try await LeaseTable(self).claimLease(name, holder: holder, now: now, until: until)
    }
}
