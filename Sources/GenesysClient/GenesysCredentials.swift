import Foundation

/// An OAuth client with the Client Credentials grant, and where its region's login and API hosts are.
public struct GenesysCredentials: Sendable {
    public var clientId: String
    public var clientSecret: String
    /// `https://login.<region>`: where the token comes from.
    public var loginURL: String
    /// `https://api.<region>`: where the API is.
    public var apiURL: String

    public init(clientId: String, clientSecret: String, loginURL: String, apiURL: String) {
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.loginURL = loginURL
        self.apiURL = apiURL
    }

    static let variables = ["GENESYS_CLIENT_ID", "GENESYS_CLIENT_SECRET"]

    /// Reads `GENESYS_CLIENT_ID`, `GENESYS_CLIENT_SECRET` and `GENESYS_REGION` (such as `mypurecloud.de`), or
    /// `GENESYS_LOGIN_URL` and `GENESYS_API_URL` in its place (private regions, tests); names every missing variable.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> GenesysCredentials {
        let value = { (name: String) in environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let region = value("GENESYS_REGION")
        var missing = variables.filter { value($0) == nil }
        if region == nil {
            missing += ["GENESYS_LOGIN_URL", "GENESYS_API_URL"].filter { value($0) == nil }.map { "\($0) (or GENESYS_REGION)" }
        }
        guard missing.isEmpty else {
            throw GenesysError.configuration(
                "set \(missing.joined(separator: ", ")) (from Genesys Cloud Admin > OAuth: a Client Credentials client; the region as "
                    + "in your login URL, such as mypurecloud.de).")
        }
        return GenesysCredentials(
            clientId: value("GENESYS_CLIENT_ID")!, clientSecret: value("GENESYS_CLIENT_SECRET")!,
            loginURL: value("GENESYS_LOGIN_URL") ?? "https://login.\(region!)", apiURL: value("GENESYS_API_URL") ?? "https://api.\(region!)")
    }
}

/// Failures that end a fetch, each worded to say what to check; none ever holds the client secret.
public enum GenesysError: Error, Equatable, Sendable, CustomStringConvertible {
    case configuration(String)
    case unauthorized(String)
    case forbidden(String)
    case notFound(String)
    case jobFailed(String)
    case unexpectedResponse(String)
    case gaveUp(String)
    case unreachable(String)

    public var description: String {
        switch self {
        case .configuration(let message), .unauthorized(let message), .forbidden(let message), .notFound(let message): message
        case .jobFailed(let message), .unexpectedResponse(let message), .gaveUp(let message), .unreachable(let message): message
        }
    }
}
