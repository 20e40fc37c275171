import Foundation
import HandoverCore

/// The part of OData v4's `$filter` the fake needs, read by a tokenizer and a recursive descent parser:
/// `field op literal` (or `literal op field`) with `eq ne gt ge lt le`, `and` binding tighter than `or`, `not`,
/// parentheses, a boolean field alone. Literals: `'text'` ('' a quote), numbers, `true`, `false`, `null`, and
/// date-times (`2026-11-25T09:00:00.000Z`, compared as instants). Types are checked as a real server does.
enum ODataFilter {
    enum FieldType { case string, number, boolean, dateTime }

    /// A typed value, of a literal or of a record's field; date-times in milliseconds.
    enum Value: Equatable {
        case null, string(String), number(Double), boolean(Bool), dateTime(Int64)

        /// Orders values of one type, null first; nil for values of different types.
        static func order(_ a: Value, _ b: Value) -> Int? {
            switch (a, b) {
            case (.null, .null): 0
            case (.null, _): -1
            case (_, .null): 1
            case (.string(let x), .string(let y)): x == y ? 0 : (Array(x.utf8).lexicographicallyPrecedes(y.utf8) ? -1 : 1)
            case (.number(let x), .number(let y)): x == y ? 0 : (x < y ? -1 : 1)
            case (.boolean(let x), .boolean(let y)): x == y ? 0 : (!x ? -1 : 1)
            case (.dateTime(let x), .dateTime(let y)): x == y ? 0 : (x < y ? -1 : 1)
            default: nil
            }
        }

        /// A record's field as its declared type; absent or of another JSON type reads as null.
        init(_ json: JSONValue?, as type: FieldType) {
            switch (type, json) {
            case (.string, .string(let text)?): self = .string(text)
            case (.number, .integer(let number)?): self = .number(Double(number))
            case (.number, .double(let number)?): self = .number(number)
            case (.boolean, .bool(let flag)?): self = .boolean(flag)
            case (.dateTime, .string(let text)?): self = Timestamps.parseISO8601(text).map { .dateTime(Timestamps.milliseconds($0)) } ?? .null
            default: self = .null
            }
        }
    }

    enum Operator: String { case eq, ne, gt, ge, lt, le }

    indirect enum Expression {
        case compare(field: String, type: FieldType, op: Operator, value: Value)
        case and(Expression, Expression), or(Expression, Expression), not(Expression)

        /// Null compares equal to null alone, and is neither greater nor less than anything (OData 5.1.1.1).
        func matches(_ record: [String: JSONValue]) -> Bool {
            switch self {
            case .and(let left, let right): return left.matches(record) && right.matches(record)
            case .or(let left, let right): return left.matches(record) || right.matches(record)
            case .not(let inner): return !inner.matches(record)
            case .compare(let field, let type, let op, let value):
                let actual = Value(record[field], as: type)
                if op == .eq || op == .ne { return (actual == value) == (op == .eq) }
                guard actual != .null, value != .null, let order = Value.order(actual, value) else { return false }
                switch op {
                case .gt: return order > 0
                case .ge: return order >= 0
                case .lt: return order < 0
                default: return order <= 0
                }
            }
        }
    }

    struct Failure: Error { let message: String }

    enum Token: Equatable { case open, close, comma, word(String), text(String) }

    static func parse(_ text: String, fields: [String: FieldType]) throws(Failure) -> Expression {
        var parser = Parser(tokens: try tokens(text), fields: fields)
        let expression = try parser.or()
        guard parser.position == parser.tokens.count else { throw Failure(message: "unexpected \(parser.describe()) in $filter") }
        return expression
    }

    static func tokens(_ text: String) throws(Failure) -> [Token] {
        var tokens: [Token] = []
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character.isWhitespace {
                index = text.index(after: index)
            } else if let single = [Character("("): Token.open, ")": .close, ",": .comma][character] {
                tokens.append(single)
                index = text.index(after: index)
            } else if character == "'" {
                var literal = ""
                index = text.index(after: index)
                while true {
                    guard index < text.endIndex else { throw Failure(message: "unterminated string literal in $filter") }
                    let next = text.index(after: index)
                    if text[index] != "'" {
                        literal.append(text[index])
                        index = next
                    } else if next < text.endIndex, text[next] == "'" {
                        literal.append("'")
                        index = text.index(after: next)
                    } else {
                        index = next
                        break
                    }
                }
                tokens.append(.text(literal))
            } else {
                let end = text[index...].firstIndex { $0.isWhitespace || "(),'".contains($0) } ?? text.endIndex
                tokens.append(.word(String(text[index..<end])))
                index = end
            }
        }
        return tokens
    }

    /// A bare word as a literal: true, false, null, a date-time or a number; nil when it is none of them.
    static func literal(_ word: String) throws(Failure) -> Value? {
        switch word {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        case "null": return .null
        default: break
        }
        let characters = Array(word)
        let digit = { (at: Int) in at < characters.count && characters[at].isASCII && characters[at].isNumber }
        if characters.count > 10, (0..<4).allSatisfy(digit), characters[4] == "-", characters[7] == "-", characters[10] == "T" {
            guard let date = Timestamps.parseISO8601(word) else { throw Failure(message: "malformed date-time literal \(word)") }
            return .dateTime(Timestamps.milliseconds(date))
        }
        guard digit(0) || (characters.first == "-" && digit(1)) else { return nil }
        guard let number = Double(word), number.isFinite else { throw Failure(message: "malformed number literal \(word)") }
        return .number(number)
    }

    struct Parser {
        let tokens: [Token]
        let fields: [String: FieldType]
        var position = 0

        func describe() -> String {
            guard position < tokens.count else { return "end" }
            switch tokens[position] {
            case .open: return "'('"
            case .close: return "')'"
            case .comma: return "','"
            case .word(let word): return "'\(word)'"
            case .text(let text): return "string '\(text)'"
            }
        }

        mutating func take(_ keyword: String) -> Bool {
            guard position < tokens.count, tokens[position] == .word(keyword) else { return false }
            position += 1
            return true
        }

        mutating func or() throws(Failure) -> Expression {
            var expression = try and()
            while take("or") { expression = .or(expression, try and()) }
            return expression
        }

        mutating func and() throws(Failure) -> Expression {
            var expression = try unary()
            while take("and") { expression = .and(expression, try unary()) }
            return expression
        }

        /// `not` binds tighter than a comparison, as in OData: its operand is a group, a boolean field or another `not`.
        mutating func unary() throws(Failure) -> Expression {
            if take("not") {
                if position < tokens.count, tokens[position] == .open || tokens[position] == .word("not") { return .not(try unary()) }
                guard position < tokens.count, case .word(let name) = tokens[position], fields[name] == .boolean else {
                    throw Failure(message: "not needs a boolean operand or a group in parentheses, found \(describe())")
                }
                position += 1
                return .not(.compare(field: name, type: .boolean, op: .eq, value: .boolean(true)))
            }
            if position < tokens.count, tokens[position] == .open {
                position += 1
                let inner = try or()
                guard position < tokens.count, tokens[position] == .close else { throw Failure(message: "expected ')', found \(describe())") }
                position += 1
                return inner
            }
            return try comparison()
        }

        /// An operand: a known field (its name and type) or a literal.
        mutating func operand() throws(Failure) -> (field: (String, FieldType)?, value: Value) {
            guard position < tokens.count else { throw Failure(message: "expected a field or a literal, found end") }
            let token = tokens[position]
            position += 1
            switch token {
            case .text(let text): return (nil, .string(text))
            case .word(let word):
                if let value = try literal(word) { return (nil, value) }
                if position < tokens.count, tokens[position] == .open { throw Failure(message: "unsupported function \(word)") }
                guard let type = fields[word] else { throw Failure(message: "Could not find a property named '\(word)'") }
                return ((word, type), .null)
            default:
                position -= 1
                throw Failure(message: "expected a field or a literal, found \(describe())")
            }
        }

        mutating func comparison() throws(Failure) -> Expression {
            let left = try operand()
            guard position < tokens.count, case .word(let word) = tokens[position], let op = Operator(rawValue: word) else {
                // A boolean field alone is a condition; anything else needs an operator.
                if let (name, type) = left.field, type == .boolean { return .compare(field: name, type: type, op: .eq, value: .boolean(true)) }
                throw Failure(message: "expected a comparison operator (eq ne gt ge lt le), found \(describe())")
            }
            position += 1
            let right = try operand()
            let flipped: [Operator: Operator] = [.gt: .lt, .lt: .gt, .ge: .le, .le: .ge]
            let (field, value, actualOp): ((String, FieldType), Value, Operator)
            switch (left.field, right.field) {
            case (let name?, nil): (field, value, actualOp) = (name, right.value, op)
            case (nil, let name?): (field, value, actualOp) = (name, left.value, flipped[op] ?? op)
            default: throw Failure(message: "the fake compares a field with a literal, not \(left.field == nil ? "two literals" : "two fields")")
            }
            guard Self.fits(value, field.1), field.1 != .boolean || actualOp == .eq || actualOp == .ne else {
                throw Failure(message: "incompatible operand types: \(field.0) (\(field.1)) \(actualOp.rawValue) \(value)")
            }
            return .compare(field: field.0, type: field.1, op: actualOp, value: value)
        }

        static func fits(_ value: Value, _ type: FieldType) -> Bool {
            switch (value, type) {
            case (.null, _), (.string, .string), (.number, .number), (.boolean, .boolean), (.dateTime, .dateTime): true
            default: false
            }
        }
    }
}
