/// Runs one diagnosis refresh at a time in a store: the upkeep service and every console page refresh, and two
/// refreshes at once each diagnose the same changed sessions (after an upgrade, the whole database twice over).
/// A caller that arrives while one runs waits for it, then runs its own, which only finds what came in meanwhile.
package actor SerialRefresh {
    private var last: Task<Void, Never>?

    package init() {}

    package func run(_ refresh: @escaping @Sendable () async throws -> Int) async throws -> Int {
        let previous = last
        let mine = Task {
            await previous?.value
            return try await refresh()
        }
        last = Task { _ = try? await mine.value }
        return try await mine.value
    }
}

extension CorrelationStore {
    /// `refreshDiagnoses`, waited for at most `limit`: false when it is still under way. It carries on, and what is
    /// read meanwhile comes from the diagnoses stored so far (it stores them a chunk at a time). A page must not wait
    /// for a refresh after an upgrade or a big import, which diagnoses every session it touched.
    package func refreshDiagnoses(waitingAtMost limit: Duration) async throws -> Bool {
        try await firstOutcome(
            of: {
                _ = try await self.refreshDiagnoses()
                return true
            }, within: limit, cancellingLate: false
        ) { .success(false) }
    }
}
