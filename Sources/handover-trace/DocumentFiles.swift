import Foundation
import HandoverCore

/// What the import commands share: the files they read, and a loop that imports each whole or not at all, naming a
/// file it cannot read with the reason while the others still import.
enum DocumentFiles {
    /// Files as given, and every *.json file under the directories given, in a stable order; none is an error.
    static func expand(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CommandFailure("\(path): no such file or directory.")
            }
            guard isDirectory.boolValue else { files.append(path); continue }
            let found =
                FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String }
                .filter { $0.lowercased().hasSuffix(".json") }.sorted() ?? []
            files += found.map { (path as NSString).appendingPathComponent($0) }
        }
        guard !files.isEmpty else { throw CommandFailure("no *.json files found in \(paths.joined(separator: ", ")).") }
        return files
    }

    /// The file as a stream of JSON items, read a chunk at a time whatever its size.
    static func items(_ file: String) throws(UnreadableFile) -> JSONItemStream {
        guard let handle = FileHandle(forReadingAtPath: file) else { throw UnreadableFile() }
        return JSONItemStream { count in try handle.read(upToCount: count).map { [UInt8]($0) } ?? [] }
    }

    /// Runs `importFile` on each file; returns how many could not be read (a document error), which are named on stderr.
    static func importEach(_ files: [String], _ importFile: (String) async throws -> Void) async throws -> Int {
        var failures = 0
        for file in files {
            do {
                try await importFile(file)
            } catch let error as any DocumentError {
                failures += 1
                FileHandle.standardError.write(Data("handover-trace: \(file): \(error.message)\n".utf8))
            }
        }
        return failures
    }
}

/// A saved document the tool cannot read, with the reason.
protocol DocumentError: Error {
    var message: String { get }
}

struct UnreadableFile: DocumentError {
    var message: String { "cannot read the file (missing or not readable)" }
}

extension CXoneDocumentError: DocumentError {}
extension CognigyDocumentError: DocumentError {}
extension GenesysDocumentError: DocumentError {}
