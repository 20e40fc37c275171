import ArgumentParser
import Foundation

/// Every `serve` option can also come from `HANDOVER_TRACE_<NAME>`; the command line wins. The variables are passed
/// in, so a test can resolve settings against an environment of its own.
struct EnvironmentDefaults: Sendable {
    let variables: [String: String]

    static var process: EnvironmentDefaults { EnvironmentDefaults(variables: ProcessInfo.processInfo.environment) }

    func string(_ name: String) -> String? {
        variables["HANDOVER_TRACE_\(name)"].flatMap { $0.isEmpty ? nil : $0 }
    }

    func integer(_ name: String, option: String) throws -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text) else {
            throw CommandFailure("HANDOVER_TRACE_\(name)=\(text) is not a whole number (it sets \(option)).")
        }
        return value
    }

    /// A choice such as `--sync`: the environment's value must be one of the option's.
    func choice<Value: RawRepresentable & CaseIterable>(_ name: String, option: String) throws -> Value? where Value.RawValue == String {
        guard let text = string(name) else { return nil }
        guard let value = Value(rawValue: text) else {
            let choices = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw CommandFailure("HANDOVER_TRACE_\(name)=\(text) is not one of \(choices) (it sets \(option)).")
        }
        return value
    }

    func flag(_ name: String) -> Bool {
        ["1", "true", "yes", "on"].contains(string(name)?.lowercased() ?? "")
    }

    func list(_ name: String) -> [String] {
        string(name)?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } ?? []
    }
}
