import Foundation
import HTTPTypes
import HandoverServer
import HandoverTestSupport
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import HandoverSQLite
@testable import HandoverStore

/// Runs `body` against the real router on a real database, removed afterwards: a SQLite file in a temporary folder,
/// or a fresh PostgreSQL database.
func withTestApp<T: Sendable>(
    _ configure: (inout ServerConfiguration) -> Void = { _ in },
    setup: TestingSetup = .router,
    backend: TestBackend = .sqlite,
    logger: Logger = Logger(label: "test"),
    telemetry: Telemetry = Telemetry(),
    _ body: @escaping @Sendable (any TestClientProtocol, any ManagedStore, Telemetry) async throws -> T
) async throws -> T {
    var configuration = ServerConfiguration()
    configuration.port = 0
    configure(&configuration)
    return try await backend.withStore(metrics: telemetry.storeMetrics) { store in
        let app = try buildApplication(configuration, store: store, telemetry: telemetry, logger: logger)
        return try await app.test(setup) { client in try await body(client, store, telemetry) }
    }
}

/// The same, for tests that look at the database's files or tune how long a write waits for a lock.
func withTestServer(
    _ configure: (inout ServerConfiguration) -> Void = { _ in }, busyTimeout: TimeInterval = 5,
    _ body: @escaping @Sendable (any TestClientProtocol, SQLiteStore, TemporaryDatabase) async throws -> Void
) async throws {
    var configuration = ServerConfiguration()
    configure(&configuration)
    try await TemporaryDatabase.with(busyTimeout: busyTimeout) { store, database in
        let app = try buildApplication(configuration, store: store, telemetry: Telemetry(), logger: Logger(label: "test"))
        try await app.test(.router) { client in try await body(client, store, database) }
    }
}

extension TestClientProtocol {
    @discardableResult
    func post(_ uri: String, json: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        var headers = headers
        headers[.contentType] = "application/json"
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: json))
    }

    @discardableResult
    func post(_ uri: String, form: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        var headers = headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: form))
    }

    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await execute(uri: uri, method: .get, headers: headers)
    }
}

extension TestResponse {
    /// The body parsed as a JSON object, for assertions.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
    }

    var errorCode: String? {
        (json["error"] as? [String: Any])?["code"] as? String
    }

    var text: String { String(buffer: body) }
}
