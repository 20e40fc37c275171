import ArgumentParser
import Foundation
import HandoverCore
import HandoverSQLite
import HandoverServer
import Logging
import Testing

@testable import handover_trace

/// `serve`'s settings come from one function: the command line over the environment over the defaults.
@Suite("serve settings")
struct ServeSettingsTests {
    static func resolve(_ arguments: [String], _ variables: [String: String] = [:]) throws -> ServeSettings {
        try ServeSettings.resolve(try ServeCommand.parse(arguments), environment: EnvironmentDefaults(variables: variables))
    }

    @Test func defaultsWhenNothingIsGiven() throws {
        let settings = try Self.resolve([])
        #expect(settings.databasePath == "./handover-trace.sqlite")
        #expect(settings.server.host == "127.0.0.1" && settings.server.port == 8080)
        #expect(settings.durability == .normal && settings.logLevel == .info && settings.retention == nil)
    }

    @Test func theCommandLineWinsOverTheEnvironment() throws {
        let environment = [
            "HANDOVER_TRACE_PORT": "9001", "HANDOVER_TRACE_DB": "env.sqlite", "HANDOVER_TRACE_SYNC": "full",
            "HANDOVER_TRACE_LOG_LEVEL": "debug", "HANDOVER_TRACE_RETAIN": "30d",
        ]
        let fromEnvironment = try Self.resolve([], environment)
        #expect(fromEnvironment.server.port == 9001 && fromEnvironment.databasePath == "env.sqlite")
        #expect(fromEnvironment.durability == .full && fromEnvironment.logLevel == .debug)
        #expect(abs((fromEnvironment.retention ?? 0) - 30 * 86_400) < 1, "30 days in seconds")
        let overridden = try Self.resolve(["--port", "9002", "--db", "cli.sqlite", "--sync", "normal", "--log-level", "error"], environment)
        #expect(overridden.server.port == 9002 && overridden.databasePath == "cli.sqlite")
        #expect(overridden.durability == .normal && overridden.logLevel == .error)
    }

    @Test func theMatchWindowComesFromEitherPlaceAndIsBounded() throws {
        #expect(try Self.resolve([]).callerMatchWindow == 120)
        #expect(try Self.resolve([], ["HANDOVER_TRACE_MATCH_WINDOW": "30"]).callerMatchWindow == 30)
        #expect(try Self.resolve(["--match-window", "45"], ["HANDOVER_TRACE_MATCH_WINDOW": "30"]).callerMatchWindow == 45)
        #expect(throws: CommandFailure.self) { try Self.resolve([], ["HANDOVER_TRACE_MATCH_WINDOW": "0"]) }
        #expect(throws: (any Error).self) { try Self.resolve(["--match-window", "4000"]) }
    }

    @Test func notificationsComeFromEitherPlaceWithTheirDefaults() throws {
        #expect(try Self.resolve([]).notifications == nil)
        let hook = "https://hooks.slack.com/services/T000/B000/XXXX"
        let defaults = try #require(try Self.resolve(["--notify-url", hook, "--public-url", "https://trace.example.com"]).notifications)
        #expect(defaults.url == hook && defaults.format == .slack && defaults.publicURL == "https://trace.example.com")
        #expect(defaults.policy == NotificationPolicy(threshold: 5, window: 900))
        let environment = [
            "HANDOVER_TRACE_NOTIFY_URL": hook, "HANDOVER_TRACE_NOTIFY_FORMAT": "teams", "HANDOVER_TRACE_NOTIFY_THRESHOLD": "2",
            "HANDOVER_TRACE_NOTIFY_WINDOW": "1h",
        ]
        let fromEnvironment = try #require(try Self.resolve([], environment).notifications)
        #expect(fromEnvironment.format == .teams && fromEnvironment.policy == NotificationPolicy(threshold: 2, window: 3_600))
        let overridden = try #require(try Self.resolve(["--notify-format", "json", "--notify-window", "5m"], environment).notifications)
        #expect(overridden.format == .json && overridden.policy.window == 300 && overridden.policy.threshold == 2)
    }

    @Test(arguments: [
        (["--notify-url", "hooks.slack.com/x"], "--notify-url must be an http:// or https:// address"),
        (["--notify-threshold", "3"], "need --notify-url"),
        (["--notify-url", "https://r.example/x", "--notify-threshold", "0"], "--notify-threshold must be at least 1"),
        (["--notify-url", "https://r.example/x", "--notify-window", "30s"], "--notify-window 30s is not a duration from 1m to 24h"),
        (["--notify-url", "https://r.example/x", "--notify-window", "2d"], "--notify-window 2d is not a duration from 1m to 24h"),
    ])
    func notificationSettingsThatCannotWorkAreRefused(arguments: [String], message: String) throws {
        let error = #expect(throws: CommandFailure.self) { try Self.resolve(arguments) }
        #expect(error?.description.contains(message) == true, "\(String(describing: error))")
        #expect(throws: (any Error).self) { try ServeCommand.parse(["--notify-format", "email"]) }
    }

    @Test func typedOptionsAreCheckedByTheParser() {
        #expect(throws: (any Error).self) { try ServeCommand.parse(["--sync", "fast"]) }
        #expect(throws: (any Error).self) { try ServeCommand.parse(["--log-level", "loud"]) }
    }

    @Test func aWrongEnvironmentValueNamesTheVariableAndTheOption() {
        let sync = #expect(throws: CommandFailure.self) { try Self.resolve([], ["HANDOVER_TRACE_SYNC": "fast"]) }
        #expect(sync?.description == "HANDOVER_TRACE_SYNC=fast is not one of normal, full (it sets --sync).")
        let port = #expect(throws: CommandFailure.self) { try Self.resolve([], ["HANDOVER_TRACE_PORT": "eighty"]) }
        #expect(port?.description == "HANDOVER_TRACE_PORT=eighty is not a whole number (it sets --port).")
        let level = #expect(throws: CommandFailure.self) { try Self.resolve([], ["HANDOVER_TRACE_LOG_LEVEL": "loud"]) }
        #expect(level?.description.hasPrefix("HANDOVER_TRACE_LOG_LEVEL=loud is not one of trace, debug") == true)
    }

    @Test func unsafeOrMeaninglessSettingsAreRefused() {
        let open = #expect(throws: CommandFailure.self) { try Self.resolve(["--host", "0.0.0.0"]) }
        #expect(open?.description.hasPrefix("refusing to listen on 0.0.0.0 without an API key") == true)
        #expect(throws: CommandFailure.self) { try Self.resolve(["--api-key", "short"]) }
        #expect(throws: CommandFailure.self) { try Self.resolve(["--retain=-5d"]) }
        #expect(throws: CommandFailure.self) { try Self.resolve(["--port", "70000"]) }
        #expect(throws: Never.self) { try Self.resolve(["--host", "0.0.0.0"], ["HANDOVER_TRACE_API_KEY": "0123456789abcdef0123"]) }
    }
}
