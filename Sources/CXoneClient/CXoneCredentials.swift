import Foundation

/// What the CXone API needs to let us in: an OAuth client (id and secret) and a user's access key pair.
public struct CXoneCredentials: Sendable {
    public var clientId: String
    public var clientSecret: String
    public var accessKeyId: String
    public var accessKeySecret: String
    /// Where discovery starts: `{discoveryURL}/.well-known/openid-configuration`.
    public var discoveryURL: String

    public static let defaultDiscoveryURL = "https://cxone.niceincontact.com"

    public init(
        clientId: String, clientSecret: String, accessKeyId: String, accessKeySecret: String,
        discoveryURL: String = defaultDiscoveryURL
    ) {
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.accessKeyId = accessKeyId
        self.accessKeySecret = accessKeySecret
        self.discoveryURL = discoveryURL
    }

    static let variables = ["CXONE_CLIENT_ID", "CXONE_CLIENT_SECRET", "CXONE_ACCESS_KEY_ID", "CXONE_ACCESS_KEY_SECRET"]

    /// Reads `CXONE_CLIENT_ID`, `CXONE_CLIENT_SECRET`, `CXONE_ACCESS_KEY_ID`, `CXONE_ACCESS_KEY_SECRET` and
    /// `CXONE_DISCOVERY_URL`; names every missing variable at once.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> CXoneCredentials {
        let value = { (name: String) in environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let missing = variables.filter { value($0) == nil }
        guard missing.isEmpty else {
            throw CXoneError.configuration(
                "set \(missing.joined(separator: ", ")) (from CXone Admin: the OAuth client and an access key of a user allowed to read contacts).")
        }
        return CXoneCredentials(
            clientId: value("CXONE_CLIENT_ID")!, clientSecret: value("CXONE_CLIENT_SECRET")!,
            accessKeyId: value("CXONE_ACCESS_KEY_ID")!, accessKeySecret: value("CXONE_ACCESS_KEY_SECRET")!,
            discoveryURL: value("CXONE_DISCOVERY_URL") ?? defaultDiscoveryURL)
    }
}

/// Failures that end a fetch, each worded to say what to check.
public enum CXoneError: Error, Equatable, Sendable, CustomStringConvertible {
    case configuration(String)
    case unauthorized(String)
    case forbidden(String)
    case notFound(String)
    case unexpectedResponse(String)
    case gaveUp(String)
    case unreachable(String)

    public var description: String {
        switch self {
        case .configuration(let message), .unexpectedResponse(let message), .gaveUp(let message), .unreachable(let message): return message
        case .unauthorized(let message), .forbidden(let message), .notFound(let message): return message
        }
    }
}
