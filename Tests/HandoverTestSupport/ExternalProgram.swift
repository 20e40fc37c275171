import Foundation

/// Another program run by a test (promtool, openssl, scripts/conformance), its output and errors collected in one
/// text. The test waits for it to end without holding one of Swift's few cooperative threads, which the servers
/// and stores of the tests running beside it need.
public enum ExternalProgram {
    public struct Run: Sendable {
        public let status: Int32
        public let output: String
    }

    public static func run(
        _ executable: URL, _ arguments: [String], input: URL? = nil, directory: URL? = nil, environment: [String: String] = [:]
    ) async throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, given in given }
        // A file, not a pipe: nothing has to drain it while the program runs.
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("program-\(UUID().uuidString).txt")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = try input.map { try FileHandle(forReadingFrom: $0) } ?? FileHandle.nullDevice
        let status = try await withCheckedThrowingContinuation { (finished: CheckedContinuation<Int32, any Error>) in
            process.terminationHandler = { finished.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { finished.resume(throwing: error) }
        }
        return Run(status: status, output: try String(contentsOf: output, encoding: .utf8))
    }
}
