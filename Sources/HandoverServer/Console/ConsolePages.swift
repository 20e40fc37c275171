import Foundation
import HandoverCore
import HandoverStore

/// One session's page: the diagnosis on top, both sides on one time axis, then every record as it arrived.
enum SessionDetailPage {
    static func model(
        _ session: CorrelatedSession, settlement: Settlement, snapshots: [SnapshotRecord], attempts: [HandoverAttemptRecord], signedIn: Bool
    ) -> ConsoleViews.Session {
        let report = SessionReport(session, settlement: settlement)
        let timeline = report.timeline.map { entry in
            ConsoleViews.TimelineRow(
                at: ConsoleViews.time(entry.at), bot: entry.side == .bot ? entry.summary : "",
                cxone: entry.side != .bot ? entry.summary : "",
                problem: entry.isProblem)
        }
        return ConsoleViews.Session(
            signedIn: signedIn, sessionId: session.sessionId, code: report.diagnosis.code.rawValue,
            kind: ConsoleViews.kind(report.diagnosis.code), summary: report.diagnosis.shownSummary, action: report.diagnosis.action,
            evidence: report.diagnosis.evidence, contacts: list(report.contactIds + session.conversations.map(\.conversationId)),
            botContacts: list(report.botContactIds + session.recordedConversationIds),
            contactCentre: settlement.contactCentreIsGenesys(for: session) ? "Genesys" : "CXone", timeline: timeline,
            attempts: attempts.map(attempt),
            snapshots: snapshots.map { record in
                .init(
                    receivedAt: ConsoleViews.time(Timestamps.date(milliseconds: record.receivedAtMs)), label: record.label ?? "(no label)",
                    intent: record.intent ?? "", body: ConsoleViews.pretty(String(decoding: record.rawBody, as: UTF8.self)))
            },
            cxone: session.contacts.map { .init(id: $0.contactId, body: ConsoleViews.pretty($0.rawJSON)) })
    }

    static func list(_ ids: [String]) -> String { ids.isEmpty ? "none" : ids.joined(separator: ", ") }

    static func attempt(_ record: HandoverAttemptRecord) -> ConsoleViews.Attempt {
        let errors: [ConsoleViews.Issue]
        if case .array(let items)? = try? BodyDecoder().decodeJSON(Array(record.errorsJson.utf8)) {
            errors = items.map {
                .init(field: $0["field"]?.stringValue ?? "", code: $0["code"]?.stringValue ?? "", message: $0["message"]?.stringValue ?? "")
            }
        } else {
            errors = []
        }
        return .init(
            id: record.id ?? 0, receivedAt: ConsoleViews.time(Timestamps.date(milliseconds: record.receivedAtMs)),
            verdict: record.valid ? "valid" : "invalid: \(errors.count) error(s)", verdictKind: record.valid ? "ok" : "fail",
            outcome: record.outcome, hasErrors: !errors.isEmpty, errors: errors,
            body: ConsoleViews.pretty(String(decoding: record.rawBody, as: UTF8.self)))
    }
}

/// The validator page: the pasted payload judged as `POST /v1/validate` judges it, each issue beside its field.
enum ValidatorPage {
    static func empty(signedIn: Bool) -> ConsoleViews.Validate {
        .init(
            signedIn: signedIn, payload: "", checked: false, problem: nil, verdict: "", verdictKind: "", hasIssues: false, issues: [], normalised: "")
    }

    static func judge(_ payload: String, signedIn: Bool) -> ConsoleViews.Validate {
        let bytes = Array(payload.utf8)
        let attempt: HandoverAttempt
        do {
            attempt = try HandoverAttempt.parse(try BodyDecoder().decodeObject(bytes, as: BodyDecoder.guessedMediaType(of: bytes)))
        } catch {
            return .init(
                signedIn: signedIn, payload: payload, checked: true, problem: "\(error.code.rawValue): \(error.message)",
                verdict: "", verdictKind: "", hasIssues: false, issues: [], normalised: "")
        }
        let verdict = PayloadValidator.validate(attempt)
        let issues =
            verdict.errors.map { ConsoleViews.VerdictIssue(field: $0.field, code: $0.code.rawValue, kind: "error", message: $0.message, error: true) }
            + verdict.warnings.map {
                ConsoleViews.VerdictIssue(field: $0.field, code: $0.code.rawValue, kind: "warning", message: $0.message, error: false)
            }
        return .init(
            signedIn: signedIn, payload: payload, checked: true, problem: nil,
            verdict: verdict.valid ? "Valid \(verdict.shape.rawValue) payload" : "Invalid: \(verdict.errors.count) error(s)",
            verdictKind: verdict.valid ? "ok" : "fail", hasIssues: !issues.isEmpty, issues: issues,
            normalised: ConsoleViews.pretty(verdict.normalisedPayload.jsonText))
    }
}
