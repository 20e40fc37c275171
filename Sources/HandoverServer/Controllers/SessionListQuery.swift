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

    /// The page this query asks the stored diagnoses for.
    var search: SessionSearch.Request {
        SessionSearch.Request(filter: filter, diagnoses: diagnoses, after: cursor, oldestFirst: oldestFirst, limit: limit)
    }

    func format() throws -> ReportFormat {
        guard let formatName else { return .json }
        guard let format = ReportFormat(rawValue: formatName) else {
            throw InputError(.invalidField, "format must be text, json, csv, md or html.")
        }
        return format
    }
}
