import ArgumentParser
import Foundation
import HandoverPostgres
import HandoverSQLite
import HandoverStore

struct MigrateDbCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-db",
        abstract: "Move a SQLite database into PostgreSQL, without loss, to run several servers against it.",
        discussion: HelpText.reflow(
            """
            Creates the tables in the PostgreSQL database (it must exist and hold no handover-trace rows yet),
            makes the weekly partitions the old snapshots need, copies every table in primary-key order keeping
            every id, then reads both databases back and compares the row count and a SHA-256 of every value, table
            by table. It prints one line per table and exits non-zero if any table differs.

            Stop the servers writing to the SQLite file first (or copy the file while none runs): rows written
            during the move would not be copied. Afterwards start them with --db set to the PostgreSQL URL.

            Example:
              createdb -h db.internal -U trace trace
              handover-trace migrate-db --from /var/lib/handover-trace.sqlite --to postgres://trace:secret@db.internal:5432/trace
            """)
    )

    @Option(help: ArgumentHelp("The SQLite database file to copy from; it is only read.", valueName: "file"))
    var from: String

    @Option(help: ArgumentHelp("The PostgreSQL database to copy into: postgres://user:password@host:5432/database.", valueName: "url"))
    var to: String

    func validate() throws {
        guard PostgresAddress.isURL(to) else { throw ValidationError("--to must be a postgres:// URL, not \(to).") }
        guard FileManager.default.fileExists(atPath: from) else { throw ValidationError("--from \(from): no such file.") }
    }

    func run() async throws {
        let source: SQLiteStore
        do { source = try SQLiteStore(path: from) } catch { throw CommandFailure("\(error)") }
        let results = try await source.running {
            let target: PostgresStore
            do { target = try await PostgresStore(url: to) } catch { throw CommandFailure("\(error)") }
            return try await target.running {
                do {
                    return try await SQLiteToPostgres(source: source, target: target).run { table, rows in
                        FileHandle.standardError.write(Data("copied \(rows) rows of \(table)\n".utf8))
                    }
                } catch {
                    throw CommandFailure("migrate-db stopped: \(error)")
                }
            }
        }
        for result in results {
            print(
                """
                \(result.matches ? "ok  " : "DIFF") \(result.table): \(result.sourceRows) rows -> \(result.targetRows) rows, sha256 \
                \(result.targetChecksum.prefix(16))
                """
                    + (result.sourceChecksum == result.targetChecksum ? "" : " (source \(result.sourceChecksum.prefix(16)))"))
        }
        guard results.allSatisfy(\.matches) else {
            throw CommandFailure("some tables differ (marked DIFF); the PostgreSQL copy is incomplete, keep using \(from).")
        }
        print(
            """
            moved \(results.reduce(0) { $0 + $1.targetRows }) rows from \(from) to \(StoreLocation.postgres(url: to)); start the servers with \
            --db pointing there.
            """
        )
    }
}
