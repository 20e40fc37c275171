import Foundation
import HandoverCore
import HandoverSchema
import HandoverStore
import Logging
import PostgresNIO
import ServiceLifecycle

/// The scale-out backend: several `serve` processes write to one PostgreSQL at once. Each process groups its
/// concurrent writes into shared commits, as SQLiteStore does; idempotency keys are unique in the database, so they
/// hold across processes.
public final class PostgresStore: Sendable {
    let client: PostgresClient
    let logger: Logger
    let writer: PostgresWriter
    public let address: PostgresAddress
    package let callerMatchWindow: TimeInterval
    public let settle: TimeInterval
    package let refreshes = SerialRefresh()

    /// Connects once, applies every migration in `Schema/postgres` not yet applied (one process at a time, under an
    /// advisory lock) and creates the snapshot partitions for the weeks around now. The pool starts with the store's
    /// background services. `writeDeadline`: how long a write waits for its commit before it fails (and the request
    /// answers 503 with Retry-After).
    ///
    /// Only the connection has a deadline. Migrating takes as long as the data needs (a back-fill over every
    /// snapshot, an index over millions of contacts, a backlog moved into partitions), and a deadline there stopped
    /// a server upgrading a big database from ever starting: each attempt rolled back and began again.
    public init(
        url: String, metrics: StoreMetrics = StoreMetrics(), maximumConnections: Int = 8, writeDeadline: Duration = .seconds(5),
        logger: Logger = PostgresStore.defaultLogger, callerMatchWindow: TimeInterval = CallerJoinDefaults.window,
        settle: TimeInterval = Settlement.defaultSettle,
        announcingUpgrade: @escaping UpgradeAnnouncer = { _ in }
    ) async throws {
        address = try PostgresAddress(url)
        let setup = try await Self.connect(address, logger: logger)
        do {
            try await PostgresMigrator(database: setup, logger: logger, announceUpgrade: announcingUpgrade).migrate()
            try await PostgresPartitions(database: setup, logger: logger).ensure(around: Date())
            try await setup.close()
        } catch {
            try? await setup.close()
            throw StoreUnavailable("cannot open \(address): \(Self.classify(error, doing: "open"))")
        }
        var configuration = address.configuration
        configuration.options.maximumConnections = maximumConnections
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
        writer = PostgresWriter(client: client, metrics: metrics, writeDeadline: writeDeadline, logger: logger)
        self.callerMatchWindow = callerMatchWindow
        self.settle = settle
    }

    /// The connection pool, and every hour the coming weeks' partitions, made before ingest needs them.
    public var backgroundServices: [any Service] {
        let partitions = self.partitions
        return [
            client,
            PeriodicService("partition upkeep", every: .seconds(3600), atStart: false) { [logger] in
                do {
                    try await partitions.ensure(around: Date())
                } catch {
                    logger.warning("could not create the coming weeks' snapshot partitions; will try again", metadata: ["error": "\(error)"])
                }
            },
        ]
    }

    /// PostgresNIO's pool logs every failed connection attempt at info; a command line wants one line, not twenty.
    public static var defaultLogger: Logger {
        var logger = Logger(label: "handover-trace.postgres")
        logger.logLevel = .warning
        return logger
    }

    /// One connection first, for the migrations, so a refused connection, a wrong password or a missing database is
    /// said at once and plainly, instead of the pool retrying it until the deadline.
    private static func connect(_ address: PostgresAddress, logger: Logger) async throws -> PostgresConnection {
        do {
            return try await withDeadline(.seconds(10), "connecting to \(address)") {
                try await PostgresConnection.connect(configuration: address.probe, id: 0, logger: logger)
            }
        } catch let error as PSQLError {
            let reason = error.serverInfo?[.message] ?? error.underlying.map { "\($0)" } ?? "\(error.code)"
            throw StoreUnavailable("cannot open \(address): \(reason)")
        } catch {
            throw StoreUnavailable("cannot open \(address): \(error)")
        }
    }

    /// The migrations recorded as applied, in order.
    public func appliedMigrations() async throws -> [String] {
        try await rows("SELECT identifier FROM schema_migration ORDER BY identifier").map { try $0.decode(String.self) }
    }

    /// The pool closes when its service stops; nothing else is held open.
    public func close() async throws {}

    /// Runs `sql` with `binds` and collects its rows, turning connection and capacity failures into StoreUnavailable.
    package func rows(_ sql: String, _ binds: [any PostgresBindable] = []) async throws -> [PostgresRow] {
        do {
            let query = PostgresQuery(unsafeSQL: sql, binds: .make(binds))
            return try await withDeadline(Self.deadline, "query") { [client, logger] in try await client.query(query, logger: logger).collect() }
        } catch {
            throw Self.classify(error, doing: "query")
        }
    }

    /// How long one statement or transaction may take, waiting for a connection included. Maintenance (purge,
    /// migrate-db) runs in many short statements, so it never needs more.
    static let deadline: Duration = .seconds(30)

    package func execute(_ sql: String, _ binds: [any PostgresBindable] = []) async throws {
        _ = try await rows(sql, binds)
    }

    func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await withDeadline(Self.deadline, "transaction") { [client, logger] in
                try await client.withTransaction(logger: logger) { connection in try await body(connection) }
            }
        } catch {
            throw Self.classify(error, doing: "transaction")
        }
    }

    /// Conditions that clear by themselves (the server unreachable or restarting, out of disk or connections, a
    /// read-only standby after a failover, a serialization conflict) become `StoreUnavailable`: the caller may retry.
    static func classify(_ error: any Error, doing action: String) -> any Error {
        if error is StoreUnavailable { return error }
        if let transaction = error as? PostgresTransactionError {
            let inner = transaction.closureError ?? transaction.commitError ?? transaction.beginError
            return inner.map { classify($0, doing: action) } ?? StoreUnavailable("PostgreSQL: \(action) failed")
        }
        guard let error = error as? PSQLError else { return error }
        let message = error.serverInfo?[.message] ?? "\(error.code)"
        if let state = error.serverInfo?[.sqlState] {
            let transient = ["08", "53", "57", "40", "25006"].contains { state.hasPrefix($0) }
            return transient ? StoreUnavailable("PostgreSQL: \(message) (\(state))") : PostgresFailure(state: state, message: message)
        }
        return StoreUnavailable("PostgreSQL unreachable (\(action)): \(message)")
    }
}

/// A statement PostgreSQL refused for a reason retrying will not cure (a bug or a schema mismatch).
public struct PostgresFailure: Error, CustomStringConvertible {
    public let state: String
    public let message: String
    public var description: String { "PostgreSQL refused a statement: \(message) (SQLSTATE \(state))" }
}

/// A value that can be bound to a statement: anything PostgresNIO encodes, or nothing.
package protocol PostgresBindable: Sendable {
    func bind(into bindings: inout PostgresBindings)
}

extension String: PostgresBindable {
    /// PostgreSQL text cannot hold NUL; the raw body (bytea) keeps the exact bytes the flow sent.
    package func bind(into bindings: inout PostgresBindings) {
        bindings.append(contains("\u{0}") ? replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : self)
    }
}
extension Int64: PostgresBindable { package func bind(into bindings: inout PostgresBindings) { bindings.append(self) } }
extension Int: PostgresBindable { package func bind(into bindings: inout PostgresBindings) { bindings.append(Int64(self)) } }
extension Double: PostgresBindable { package func bind(into bindings: inout PostgresBindings) { bindings.append(self) } }
extension Data: PostgresBindable { package func bind(into bindings: inout PostgresBindings) { bindings.append(ByteBuffer(data: self)) } }
extension Array: PostgresBindable where Element == String {
    package func bind(into bindings: inout PostgresBindings) { bindings.append(self) }
}
extension Optional: PostgresBindable where Wrapped: PostgresBindable {
    package func bind(into bindings: inout PostgresBindings) {
        if let value = self { value.bind(into: &bindings) } else { bindings.appendNull() }
    }
}

extension PostgresBindings {
    static func make(_ values: [any PostgresBindable]) -> PostgresBindings {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values { value.bind(into: &bindings) }
        return bindings
    }
}

/// A multi-row `VALUES` list: "($1, $2), ($3, $4)" for the rows given, and their binds in the same order.
func valuesList(_ rows: [[any PostgresBindable]]) -> (sql: String, binds: [any PostgresBindable]) {
    var binds: [any PostgresBindable] = []
    let tuples = rows.map { row in
        let first = binds.count + 1
        binds.append(contentsOf: row)
        return "(" + (first..<(first + row.count)).map { "$\($0)" }.joined(separator: ", ") + ")"
    }
    return (tuples.joined(separator: ", "), binds)
}

extension PostgresConnection {
    @discardableResult
    func rows(_ sql: String, _ binds: [any PostgresBindable] = [], logger: Logger) async throws -> [PostgresRow] {
        try await query(PostgresQuery(unsafeSQL: sql, binds: .make(binds)), logger: logger).collect()
    }
}
