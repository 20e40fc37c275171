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
