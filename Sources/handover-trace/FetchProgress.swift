import CXoneClient
import Foundation
import GenesysClient
import Synchronization

/// One progress line on a terminal (pages, records, retries), rewritten in place; nothing when piped.
final class FetchProgress: Sendable {
    private struct Counts { var pages = 0, records = 0, retries = 0, refreshes = 0, job: String? }
    private let counts = Mutex(Counts())
    private let isTerminal = isatty(STDERR_FILENO) == 1
    /// What the records are called on the line: contacts, conversations.
    private let noun: String
    private let started = ContinuousClock.now

    init(records noun: String = "contacts") { self.noun = noun }

    func record(_ event: CXoneEvent) {
        switch event {
        case .page(let number, let contacts): update { ($0.pages, $0.records) = (number, contacts) }
        case .retry: update { $0.retries += 1 }
        case .tokenRefreshed: update { $0.refreshes += 1 }
        }
    }

    func record(_ event: GenesysEvent) {
        switch event {
        case .page(let number, let conversations): update { ($0.pages, $0.records, $0.job) = (number, conversations, nil) }
        case .job(let state): update { $0.job = state }
        case .retry: update { $0.retries += 1 }
        case .tokenRefreshed: update { $0.refreshes += 1 }
        }
    }

    private func update(_ change: (inout Counts) -> Void) {
        let line: String = counts.withLock { counts in
            change(&counts)
            let job = counts.job.map { "analytics job \($0), " } ?? ""
            return "\(job)pages \(counts.pages), \(noun) \(counts.records) \(rate(counts.records)), retries \(counts.retries), "
                + "token refreshes \(counts.refreshes)"
        }
        show(line)
    }

    /// "(412/s)": records per second since `start`, the fetch's own by default.
    func rate(_ records: Int, since start: ContinuousClock.Instant? = nil) -> String {
        let elapsed = (ContinuousClock.now - (start ?? started)) / .milliseconds(1) / 1_000
        return elapsed > 0 ? "(\(Int((Double(records) / elapsed).rounded()))/s)" : ""
    }

    /// Rewrites the line in place on a terminal; nothing when stderr is piped or a file.
    func show(_ line: String) {
        if isTerminal { FileHandle.standardError.write(Data("\r\(line)\u{1B}[K".utf8)) }
    }

    func finish(_ message: String?) {
        if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
        if let message { print(message) }
    }
}
