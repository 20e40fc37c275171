import Foundation

/// Reads typed fields out of a decoded body, with the aliases real flows use, and says precisely what is wrong.
public struct FieldReader: Sendable {
    public let fields: [String: JSONValue]

    public init(_ fields: [String: JSONValue]) {
        self.fields = fields
    }

    /// The first of `names` that is present and not null, with the name it was found under.
    public func first(_ names: [String]) -> (name: String, value: JSONValue)? {
        for name in names {
            if let value = fields[name], value != .null { return (name, value) }
        }
        return nil
    }

    /// A string, or a number written as text (ids arrive both ways); at most `maxLength` characters.
    public func text(_ names: String..., maxLength: Int = 256) throws(InputError) -> String? {
        guard let (name, value) = first(names) else { return nil }
        let text: String
        switch value {
        case .string(let string): text = string
        case .integer, .double: text = value.scalarText ?? ""
        default: throw .invalidField(name, "expected a string, got a \(value.typeName).")
        }
        guard text.unicodeScalars.count <= maxLength else {
            throw .invalidField(name, "is \(text.unicodeScalars.count) characters long; at most \(maxLength) are accepted.")
        }
        return text
    }

    /// A CXone id: a string or an integer (also written with a zero fraction); stored as its digits. Other types are refused.
    public func identifier(_ names: String...) throws(InputError) -> String? {
        guard let (name, value) = first(names) else { return nil }
        switch value {
        case .integer(let number) where number >= 0: return String(number)
        // 5906.0 is the integer 5906 to JSON Schema, and some encoders write whole numbers so.
        case .double(let number) where number.rounded() == number && (0...9_007_199_254_740_991).contains(number):
            return String(Int64(number))
        case .string(let text):
            let trimmed = text.trimmingWhitespace()
            guard text.unicodeScalars.count <= 64 else {
                throw .invalidField(name, "is \(text.unicodeScalars.count) characters long; a contact id has at most 64.")
            }
            guard !ControlCharacters.contained(in: text) else {
                throw .invalidField(name, "contains a control character (such as NUL or a line break); an id never does.")
            }
            return trimmed.isEmpty ? nil : trimmed
        default:
            throw .invalidField(name, "expected a contact id as a string or a whole number of at least 0, got \(value.jsonText.prefix(40)).")
        }
    }

    /// A number written as text, as the OpenAPI document states it: decimal digits with an optional sign and fraction,
    /// or blank (absent).
    public static let numberTextPattern = "^ *(-?[0-9]{1,15}(\\.[0-9]{1,15})?)? *$"
    nonisolated(unsafe) static let numberTextRegex = try! Regex(numberTextPattern)

    /// A number or a numeric string (form bodies carry everything as text).
    public func number(_ names: String...) throws(InputError) -> Double? {
        guard let (name, value) = first(names) else { return nil }
        switch value {
        case .integer(let number): return Double(number)
        case .double(let number): return number
        case .string(let text):
            let trimmed = text.trimmingWhitespace()
            guard text.wholeMatch(of: Self.numberTextRegex) != nil else {
                throw .invalidField(name, "expected a number, got the text \"\(trimmed.prefix(40))\".")
            }
            return Double(trimmed)
        default:
            throw .invalidField(name, "expected a number, got a \(value.typeName).")
        }
    }

    /// A date and time with its zone, or epoch milliseconds as a number or as text (`TimeGrammar.timestamp`).
    public func timestamp(_ names: String...) throws(InputError) -> Date? {
        guard let (name, value) = first(names) else { return nil }
        var millis: Double?
        switch value {
        case .integer(let number): millis = Double(number)
        case .double(let number): millis = number
        case .string(let text) where text.wholeMatch(of: TimeGrammar.timestampRegex) != nil:
            let trimmed = text.trimmingWhitespace()
            guard trimmed.contains("T") else {
                millis = Double(trimmed)
                break
            }
            if let date = TimeGrammar.readDate(trimmed) { return date }
        default: break
        }
        guard let millis, (0...Timestamps.latestMilliseconds).contains(millis) else {
            throw .invalidField(name, "expected an ISO 8601 date and time with its zone (2026-11-24T10:15:00Z) or epoch milliseconds.")
        }
        return Date(timeIntervalSince1970: millis / 1000)
    }

    /// Any JSON; a string that holds JSON (form bodies, Cognigy's stringified objects) is parsed.
    public func json(_ names: String...) -> JSONValue? {
        guard let (_, value) = first(names) else { return nil }
        return Self.parsingEmbeddedJSON(value)
    }

    static func parsingEmbeddedJSON(_ value: JSONValue) -> JSONValue {
        guard case .string(let text) = value else { return value }
        let trimmed = text.trimmingWhitespaceAndNewlines()
        guard trimmed.hasPrefix("{") || trimmed.hasPrefix("["),
            let parsed = try? BodyDecoder().decodeJSON(Array(trimmed.utf8))
        else { return value }
        return parsed
    }
}

public enum ControlCharacters {
    public static func contained(in text: String) -> Bool {
        text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
    }
}
