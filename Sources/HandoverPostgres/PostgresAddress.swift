import Foundation
import NIOSSL
import PostgresNIO

/// A `postgres://user:password@host:port/database?sslmode=...` URL, read into a client configuration.
/// `sslmode` follows libpq: `disable`, `prefer` (the default: TLS when the server offers it) or `require`.
public struct PostgresAddress: Sendable, CustomStringConvertible {
    public let configuration: PostgresClient.Configuration
    /// The same, for one connection: the probe that tells a wrong password from a server that is down.
    let probe: PostgresConnection.Configuration
    /// The URL without its password, for logs and messages.
    public let description: String

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    /// Whether `text` names a PostgreSQL database rather than a SQLite file.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    public init(_ text: String) throws {
        guard Self.isURL(text), let url = URLComponents(string: text), let host = url.host, !host.isEmpty else {
            throw Invalid(description: "not a PostgreSQL URL: expected postgres://user:password@host:5432/database")
        }
        guard let user = url.user.flatMap({ $0.removingPercentEncoding }), !user.isEmpty else {
            throw Invalid(description: "the PostgreSQL URL names no user: postgres://USER:password@\(host)/database")
        }
        let database = String(url.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else {
            throw Invalid(description: "the PostgreSQL URL names no database: postgres://\(user)@\(host)/DATABASE")
        }
        let mode = url.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        let tls: PostgresClient.Configuration.TLS
        let probeTLS: PostgresConnection.Configuration.TLS
        do {
            switch mode {
            case "disable": (tls, probeTLS) = (.disable, .disable)
            case "prefer", "allow":
                (tls, probeTLS) = (.prefer(.makeClientConfiguration()), .prefer(try NIOSSLContext(configuration: .makeClientConfiguration())))
            case "require", "verify-ca", "verify-full":
                (tls, probeTLS) = (.require(.makeClientConfiguration()), .require(try NIOSSLContext(configuration: .makeClientConfiguration())))
            default: throw Invalid(description: "sslmode=\(mode) is not one of disable, prefer, require")
            }
        } catch let error as Invalid {
            throw error
        } catch {
            throw Invalid(description: "cannot set up TLS for sslmode=\(mode): \(error)")
        }
        let password = url.password.flatMap { $0.removingPercentEncoding }
        var configuration = PostgresClient.Configuration(
            host: host, port: url.port ?? 5432, username: user, password: password, database: database, tls: tls)
        probe = PostgresConnection.Configuration(
            host: host, port: url.port ?? 5432, username: user, password: password,
            database: database, tls: probeTLS)
        configuration.options.connectTimeout = .seconds(5)
        self.configuration = configuration
        description = "postgres://\(user)@\(host):\(url.port ?? 5432)/\(database)"
    }
}
