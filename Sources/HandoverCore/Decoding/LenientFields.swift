import Foundation

/// Lenient reads of CXone's and Cognigy's JSON: ids and durations arrive as strings or numbers, booleans as `true` or `"True"`,
/// dates with or without fractional seconds and with `Z`, an offset, or nothing (read as UTC).
struct LenientFields {
    let object: [String: JSONValue]
    /// The members by lower-cased name, made once: a field a record lacks is looked up in it, not by lower-casing
    /// every key again for each absent field (what a Genesys conversation's many optional fields made the join's cost).
    private let byLowercasedName: [String: JSONValue]

    init(_ object: [String: JSONValue]) {
        self.object = object
        var lowered: [String: JSONValue] = [:]
        lowered.reserveCapacity(object.count)
        for (key, value) in object where value != .null {
            let name = key.lowercased()
            if lowered[name] == nil { lowered[name] = value }
        }
        byLowercasedName = lowered
    }

    /// The first of `names` present, matched without regard to case (CXone's casing varies between versions).
    func value(_ names: String...) -> JSONValue? { value(names) }

    func value(_ names: [String]) -> JSONValue? {
        for name in names {
            if let value = object[name], value != .null { return value }
        }
        for name in names {
            if let value = byLowercasedName[name.lowercased()] { return value }
        }
        return nil
    }

    func identifier(_ names: String...) -> String? {
        guard let text = names.lazy.compactMap({ self.value($0)?.scalarText }).first else { return nil }
        let trimmed = text.trimmingWhitespace()
        return trimmed.isEmpty ? nil : trimmed
    }

    func text(_ names: String...) -> String? {
        guard let text = names.lazy.compactMap({ self.value($0)?.scalarText }).first, !text.isEmpty else { return nil }
        return text
    }

    func number(_ names: String...) -> Double? {
        for name in names {
            switch value(name) {
            case .integer(let number)?: return Double(number)
            case .double(let number)?: return number
            case .string(let text)?: if let number = Self.duration(text) { return number }
            default: continue
            }
        }
        return nil
    }

    func flag(_ names: String...) -> Bool? {
        for name in names {
            switch value(name) {
            case .bool(let flag)?: return flag
            case .string(let text)?:
                switch text.lowercased() {
                case "true", "yes", "1": return true
                case "false", "no", "0": return false
                default: continue
                }
            case .integer(let number)?: return number != 0
            default: continue
            }
        }
        return nil
    }

    func date(_ names: String...) -> Date? {
        names.lazy.compactMap { self.value($0)?.stringValue }.compactMap(Self.parseDate).first
    }

    /// Seconds as a number in text, or `HH:MM:SS(.fff)` as some CXone reports write durations.
    static func duration(_ text: String) -> Double? {
        let trimmed = text.trimmingWhitespace()
        if let number = Double(trimmed), number.isFinite { return number }
        let parts = trimmed.split(separator: ":").map { Double($0) }
        guard parts.count == 3, let hours = parts[0], let minutes = parts[1], let seconds = parts[2] else { return nil }
        return hours * 3600 + minutes * 60 + seconds
    }

    static func parseDate(_ text: String) -> Date? {
        if let date = Timestamps.parseISO8601(text) { return date }
        // No zone designator: CXone's reporting APIs then mean UTC.
        return Timestamps.parseISO8601(text.trimmingWhitespace() + "Z")
    }
}
