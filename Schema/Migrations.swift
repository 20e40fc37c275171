import Foundation

/// The numbered SQL files beside this one, in order. They are the only definition of the tables.
public enum SchemaMigrations {
    public struct Migration: Sendable {
        /// The file name without `.sql`, e.g. `0001_snapshots`: GRDB records it once the migration ran.
        public let identifier: String
        public let sql: String
    }

    /// `Schema/sqlite`: the embedded default.
    public static func sqlite() throws -> [Migration] { try load("sqlite") }

    /// `Schema/postgres`: the same tables and columns, in PostgreSQL's types, for the scale-out backend.
    public static func postgres() throws -> [Migration] { try load("postgres") }

    private static func load(_ dialect: String) throws -> [Migration] {
        guard let folder = Bundle.module.url(forResource: dialect, withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Schema/\(dialect)"])
        }
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "sql" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        return try files.map { file in
            Migration(identifier: file.deletingPathExtension().lastPathComponent, sql: try String(contentsOf: file, encoding: .utf8))
        }
    }
}
