import Logging
import PostgresNIO

/// Where migrations and partition upkeep run: one connection while the store opens, the pool once it serves.
protocol PostgresTransactor: Sendable {
    func transaction<T: Sendable>(_ logger: Logger, _ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T
}

extension PostgresClient: PostgresTransactor {
    func transaction<T: Sendable>(_ logger: Logger, _ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await withTransaction(logger: logger) { connection in try await body(connection) }
    }
}

extension PostgresConnection: PostgresTransactor {
    func transaction<T: Sendable>(_ logger: Logger, _ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await withTransaction(logger: logger) { connection in try await body(connection) }
    }
}
