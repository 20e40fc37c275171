import ArgumentParser
import Foundation
import HandoverCore

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Judge a handover payload before it reaches CXone, as POST /v1/validate does.",
        discussion: HelpText.reflow(
            """
            FILE holds the payload as JSON (or form-encoded fields): either the payload itself
            ({"externalContactId", "queueId", "transferType", "metadata": {...}}, or Cognigy's CXone escalation
            {"_cognigy": {"_niceCXOne": {...}}}), or {"sessionId", "payload": {...}, "outcome": {...}}.
            Every problem is listed at once, each with its code, field and how to fix it.

            Exit status: 0 valid, 1 invalid, 2 unreadable (no such file, not JSON, not a payload).

            Examples:
              handover-trace validate Examples/handovers/valid-handover.json
              echo '{"externalContactId":"100000000000"}' | handover-trace validate - --json
            """)
    )

    @Argument(help: "The payload file, or - for standard input.")
    var file: String

    @Flag(help: "Print the verdict as JSON, the same body POST /v1/validate answers.")
    var json = false

    func run() throws {
        let verdict: HandoverVerdict
        let attempt: HandoverAttempt
        do {
            let body = try read()
            attempt = try HandoverAttempt.parse(try BodyDecoder().decodeObject(body, as: BodyDecoder.guessedMediaType(of: body)))
            verdict = PayloadValidator.validate(attempt)
        } catch let error as InputError {
            FileHandle.standardError.write(Data("handover-trace: \(file): \(error.code.rawValue): \(error.message)\n".utf8))
            throw ExitCode(2)
        }
        print(json ? try VerdictPrinter.json(VerdictAnswer(verdict, attempt: attempt)) : VerdictPrinter.text(verdict, sessionId: attempt.sessionId))
        if !verdict.valid { throw ExitCode(1) }
    }

    private func read() throws -> [UInt8] {
        if file == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        guard let data = FileManager.default.contents(atPath: file) else {
            FileHandle.standardError.write(Data("handover-trace: \(file): cannot read the file (missing or not readable).\n".utf8))
            throw ExitCode(2)
        }
        return Array(data)
    }
}

enum VerdictPrinter {
    static func text(_ verdict: HandoverVerdict, sessionId: String?) -> String {
        var lines = ["\(verdict.valid ? "VALID" : "INVALID") \(verdict.shape.rawValue) payload, bot session \(sessionId ?? "(none)")"]
        for (kind, issues) in [("error", verdict.errors), ("warning", verdict.warnings)] {
            lines += issues.map { "  \(kind) \($0.code.rawValue) at \($0.field): \($0.message)" }
        }
        lines.append("normalised payload: \(verdict.normalisedPayload.jsonText)")
        return lines.joined(separator: "\n")
    }

    static func json(_ answer: VerdictAnswer) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        return String(decoding: try encoder.encode(answer.json), as: UTF8.self)
    }
}
