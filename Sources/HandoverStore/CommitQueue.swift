import Synchronization

/// The waiting room of group commit, for either backend: requests queue while a batch is being written, and the
/// next batch takes everything that queued meanwhile (up to `maxBatch`). `commit` writes a batch in one transaction
/// and must answer every request in it, only after the commit.
package final class CommitQueue<Item: Sendable>: Sendable {
    package struct Pending: Sendable {
        package let item: Item
        package let continuation: CheckedContinuation<InsertOutcome, any Error>
    }

    private struct State {
        var pending: [Pending] = []
        var flushing = false
    }

    private let state = Mutex(State())
    private let maxBatch: Int
    private let commit: @Sendable ([Pending]) async -> Void

    package init(maxBatch: Int = 256, commit: @escaping @Sendable ([Pending]) async -> Void) {
        self.maxBatch = maxBatch
        self.commit = commit
    }

    /// How many requests wait for the next batch: how a test sees writes queued behind a batch it holds.
    package var waiting: Int { state.withLock { $0.pending.count } }

    package func submit(_ item: Item) async throws -> InsertOutcome {
        try await withCheckedThrowingContinuation { continuation in
            let startsFlush = state.withLock { state in
                state.pending.append(Pending(item: item, continuation: continuation))
                defer { state.flushing = true }
                return !state.flushing
            }
            if startsFlush {
                Task { await self.flushUntilEmpty() }
            }
        }
    }

    private func flushUntilEmpty() async {
        while let batch = nextBatch() {
            await commit(batch)
        }
    }

    private func nextBatch() -> [Pending]? {
        state.withLock { state in
            guard !state.pending.isEmpty else {
                state.flushing = false
                return nil
            }
            let batch = Array(state.pending.prefix(maxBatch))
            state.pending.removeFirst(batch.count)
            return batch
        }
    }
}
