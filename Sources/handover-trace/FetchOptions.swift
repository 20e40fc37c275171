import ArgumentParser
import CXoneClient
import CognigyClient
import Foundation
import GenesysClient
import HandoverCore
import HistoryFetching

/// `serve --fetch-every`: the server reads CXone's and Cognigy's histories itself, with the settings `fetch-cxone` and
/// `fetch-cognigy` read from the environment.
struct FetchOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            """
            How often to fetch CXone (with the CXONE_* variables of fetch-cxone), Genesys Cloud (the GENESYS_* variables of \
            fetch-genesys) and Cognigy's OData history (COGNIGY_ODATA_URL, COGNIGY_API_KEY, COGNIGY_ODATA_VERSION) from where the last \
            fetch ended: 1s to 24h, or off. Each source whose variables are \
            set is fetched; with several servers on one PostgreSQL only one fetches. [HANDOVER_TRACE_FETCH_EVERY] (default: 5m)
            """,
            valueName: "duration"))
    var fetchEvery: String?

    @OptionGroup var settling: SettleOption
}

/// What the scheduled fetch runs: the interval and a round per configured source; nil when nothing is to be fetched.
struct FetchSettings {
    var interval: Duration
    var rounds: [any HistoryRound]

    static let defaultInterval: TimeInterval = 300

    /// `redactKey`: serve's `--redact-key`, so fetched callers' numbers are hashed as posted ones are.
    static func resolve(_ options: FetchOptions, _ environment: EnvironmentDefaults, redactKey: String?) throws -> FetchSettings? {
        let text = options.fetchEvery ?? environment.string("FETCH_EVERY")
        if text?.lowercased() == "off" { return nil }
        var interval = defaultInterval
        if let text {
            guard let seconds = TimeExpression.duration(text, within: 1...86_400) else {
                throw CommandFailure("--fetch-every \(text) is not a duration from 1s to 24h (such as 30s, 5m or 1h), or off.")
            }
            interval = seconds
        }
        var hash: (@Sendable (String) -> String)?
        if let redactKey {
            do { hash = try RedactionHash.keyed(redactKey) } catch { throw CommandFailure(error.message) }
        }
        var rounds: [any HistoryRound] = []
        if let round = try cxone(environment.variables, hash: hash) { rounds.append(round) }
        if let round = try cognigy(environment.variables, hash: hash) { rounds.append(round) }
        if let round = try genesys(environment.variables, hash: hash) { rounds.append(round) }
        if rounds.isEmpty {
            guard text == nil else {
                throw CommandFailure(
                    """
                    --fetch-every has nothing to fetch: set the CXONE_* variables (see fetch-cxone --help), the GENESYS_* variables (see \
                    fetch-genesys --help), or COGNIGY_ODATA_URL and COGNIGY_API_KEY.
                    """)
            }
            return nil
        }
        return FetchSettings(interval: .milliseconds(Int64((interval * 1000).rounded())), rounds: rounds)
    }

    static func cxone(_ variables: [String: String], hash: (@Sendable (String) -> String)?) throws -> CXoneRound? {
        let credentials = variables.filter { $0.key.hasPrefix("CXONE_") && $0.key != "CXONE_DISCOVERY_URL" && !$0.value.isEmpty }
        guard !credentials.isEmpty else { return nil }
        do {
            var round = CXoneRound(credentials: try CXoneCredentials.fromEnvironment(variables))
            round.hash = hash
            return round
        } catch {
            throw CommandFailure("scheduled CXone fetch: \(error)")
        }
    }

    static func genesys(_ variables: [String: String], hash: (@Sendable (String) -> String)?) throws -> GenesysRound? {
        guard variables.contains(where: { $0.key.hasPrefix("GENESYS_") && !$0.value.isEmpty }) else { return nil }
        do {
            var round = GenesysRound(credentials: try GenesysCredentials.fromEnvironment(variables))
            round.hash = hash
            return round
        } catch {
            throw CommandFailure("scheduled Genesys fetch: \(error)")
        }
    }

    static func cognigy(_ variables: [String: String], hash: (@Sendable (String) -> String)?) throws -> CognigyRound? {
        guard variables["COGNIGY_ODATA_URL"]?.isEmpty == false || variables["COGNIGY_API_KEY"]?.isEmpty == false else { return nil }
        do {
            let version = variables["COGNIGY_ODATA_VERSION"].flatMap { $0.isEmpty ? nil : $0 } ?? "v2.3"
            var round = CognigyRound(configuration: try ODataConfiguration.fromEnvironment(variables, version: version))
            round.reader = CognigyDocumentReader(hash: hash)
            return round
        } catch {
            throw CommandFailure("scheduled Cognigy fetch: \(error)")
        }
    }
}
