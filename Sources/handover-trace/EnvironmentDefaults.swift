import ArgumentParser
import Foundation

/// Every `serve` option can also come from `HANDOVER_TRACE_<NAME>`; the command line wins.
enum EnvironmentDefaults {
    static func string(_ name: String) -> String? {
        ProcessInfo.processInfo.environment["HANDOVER_TRACE_\(name)"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static func integer(_ name: String, option: String) throws -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text) else {
            throw CommandFailure("HANDOVER_TRACE_\(name)=\(text) is not a whole number (it sets \(option)).")
        }
        return value
    }

    static func flag(_ name: String) -> Bool {
        ["1", "true", "yes", "on"].contains(string(name)?.lowercased() ?? "")
    }

    static func list(_ name: String) -> [String] {
        string(name)?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } ?? []
    }
}
