import Foundation
import HandoverCore
import HandoverStore
import Hummingbird

/// `?code=&since=&until=&q=&failuresOnly=&limit=&cursor=&format=` for the session list and the report.
struct SessionListQuery {
    static let maxLimit = 500
    var filter = SessionFilter()
    var diagnoses = DiagnosisFilter()
    var text: String?
    var limit = 50
    var cursor: SessionKey?
    var formatName: String?
    /// `order=asc`: oldest first; newest first otherwise.
    var oldestFirst = false

    /// `blankMeansAbsent`: an HTML form sends every field, empty ones too; those mean "no filter".
    init(_ given: Parameters, blankMeansAbsent: Bool = false) throws {
        let parameters = blankMeansAbsent ? Parameters(given.filter { !$0.value.isEmpty }) : given
        for name in ["since", "until"] {
            guard let value = parameters[Substring(name)].map(String.init) else { continue }
            guard let date = TimeExpression.parse(value) else {
                throw InputError(.invalidField, "\(name)=\(value) is not \(TimeExpression.help).")
            }
            if name == "since" { filter.since = date } else { filter.until = date }
        }
        for value in parameters.getAll("code").flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false) }) {
            guard !value.isEmpty else {
                throw InputError(.invalidField, "code is empty; name a diagnosis code, or leave code out for every code.")
            }
            guard let code = DiagnosisCode(rawValue: value.uppercased()) else {
                throw InputError(.invalidField, "code=\(value) is not a diagnosis code; see GET /v1/codes or `handover-trace codes`.")
            }
            diagnoses.codes.insert(code)
        }
        diagnoses.failuresOnly = try QueryFlag.read(parameters["failuresOnly"], name: "failuresOnly")
        text = parameters["q"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        filter.text = text
        if let value = parameters["limit"] {
            guard let number = Int(value), (1...Self.maxLimit).contains(number) else {
                throw InputError(.invalidField, "limit must be a whole number from 1 to \(Self.maxLimit).")
            }
            limit = number
        }
        if let value = parameters["cursor"] {
            guard let key = SessionCursor.decode(String(value)) else {
                throw InputError(.invalidField, "cursor is not one this server gave out; start again without it.")
            }
            cursor = key
        }
        formatName = parameters["format"].map(String.init)
        switch parameters["order"].map({ $0.lowercased() }) ?? "desc" {
        case "asc": oldestFirst = true
        case "desc": oldestFirst = false
        case let other: throw InputError(.invalidField, "order=\(other) is not asc (oldest first) or desc (newest first).")
        }
    }

    func format() throws -> ReportFormat {
        guard let formatName else { return .json }
        guard let format = ReportFormat(rawValue: formatName) else {
            throw InputError(.invalidField, "format must be text, json, csv, md or html.")
        }
        return format
    }
}

/// An opaque cursor: the last session's first-event time and id, so new sessions never shift a page.
enum SessionCursor {
    static func encode(_ key: SessionKey) -> String {
        let millis = key.firstAt.map { String(Timestamps.milliseconds($0)) } ?? ""
        return Data("\(millis)\n\(key.sessionId)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }

    static func decode(_ text: String) -> SessionKey? {
        let base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        guard let data = Data(base64Encoded: base64), let decoded = String(data: data, encoding: .utf8),
            let newline = decoded.firstIndex(of: "\n")
        else { return nil }
        let millis = String(decoded[..<newline])
        let sessionId = String(decoded[decoded.index(after: newline)...])
        guard !sessionId.isEmpty, millis.isEmpty || Int64(millis) != nil else { return nil }
        return SessionKey(sessionId: sessionId, firstAt: Int64(millis).map(Timestamps.date(milliseconds:)))
    }
}
