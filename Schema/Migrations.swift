import Foundation

/// The numbered SQL files beside this one, in order. They are the only definition of the tables.
public enum SchemaMigrations {
    public struct Migration: Sendable {
        /// The file name without `.sql`, e.g. `0001_snapshots`: GRDB records it once the migration ran.
        public let identifier: String
        public let sql: String
    }

    public static func sqlite() throws -> [Migration] {
        guard let folder = Bundle.module.url(forResource: "sqlite", withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Schema/sqlite"])
        }
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "sql" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        return try files.map { file in
            Migration(identifier: file.deletingPathExtension().lastPathComponent, sql: try String(contentsOf: file, encoding: .utf8))
        }
    }
}
