import Foundation
import HandoverCore
import HandoverStore

/// Examples/genesys: what Genesys flows post, Genesys's saved conversation details, and the code each example
/// session earns, for the store's tests (from the saved documents) and the fetch's (from a fake Genesys serving them).
public enum GenesysExamples {
    public static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Examples/genesys")
        .standardizedFileURL
    public static func session(_ number: Int) -> String { String(format: "genesys-demo-session-%02d", number) }
    public static func conversation(_ number: Int) -> String { String(format: "a1b2c3d4-0000-4e00-8000-%012d", number) }
    public static let sessions = (1...10).map(session)

    /// What each example session is, and why: the conversation's own evidence, or how it was (not) joined.
    public static let expected: [Int: DiagnosisCode] = [
        1: .handedOver,  // agent interact; joined by the recorded id and by the attribute
        2: .abandonedInQueue,  // tAbandon
        3: .agentRefused,  // tAlert, tNotResponding, alert ended noAnswerTransfer
        4: .leftQueueUnanswered,  // tFlowOut to voicemail; the older, still-queued version from the query must not win
        5: .notQueued,  // handoverRequested, no acd participant; the id recorded in upper case
        6: .genesysError,  // an agent alert ended with disconnectType error and an errorCode
        7: .noGenesysRecord,  // a conversationId no import has
        8: .noBotRecord,  // the attribute names a session the bot never recorded
        9: .callerHungUpInBot,  // the customer's endpoint disconnected, never queued
        10: .handedOver,  // no id recorded: matched by caller and time
    ]

    public static func documents() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    public static func read(_ file: URL) throws -> GenesysBatch { try GenesysDocumentReader.read(Array(try Data(contentsOf: file))) }

    /// Every conversation once, in its newest version, as a job's results carry it (attributes included).
    public static func conversationRecords() throws -> [[String: JSONValue]] {
        var newest: [String: (at: Date, record: [String: JSONValue])] = [:]
        for file in try documents() {
            let document = try BodyDecoder().decodeJSON(Array(try Data(contentsOf: file)))
            let records = document.arrayValue ?? document["conversations"]?.arrayValue ?? [document]
            for case .object(let record) in records {
                let parsed = try GenesysDocumentReader.conversation(record)
                let at = parsed.lastActivityAt ?? .distantPast
                if newest[parsed.conversationId].map({ $0.at < at || ($0.at == at && record["participants"] != nil) }) ?? true {
                    newest[parsed.conversationId] = (at, record)
                }
            }
        }
        return newest.sorted { $0.key < $1.key }.map(\.value.record)
    }

    /// The flows' snapshots, parsed as the webhook parses them.
    public static func recordSnapshots(_ store: any ManagedStore) async throws {
        let lines = try String(contentsOf: folder.appendingPathComponent("recorded/snapshots.ndjson"), encoding: .utf8).split(separator: "\n")
        for line in lines {
            let snapshot = try Snapshot.parse(try BodyDecoder().decodeJSON(Array(line.utf8)).objectValue ?? [:])
            let envelope = IngestEnvelope(receivedAt: snapshot.occurredAt ?? Date(), contentType: "application/json", rawBody: Array(line.utf8))
            _ = try await store.record(snapshot, envelope)
        }
    }

    /// Each example session's diagnosis, judged as if both sides had been read.
    public static func diagnoses(_ store: any ManagedStore) async throws -> [String: Diagnosis] {
        Dictionary(uniqueKeysWithValues: try await store.sessions(sessions).map { ($0.sessionId, Diagnoser.diagnose($0)) })
    }

    /// The sessions whose code is not the expected one, with the summary that says why.
    public static func mismatches(_ diagnoses: [String: Diagnosis]) -> [String] {
        expected.sorted { $0.key < $1.key }.compactMap { number, code in
            let diagnosis = diagnoses[session(number)]
            guard let diagnosis else { return "session \(number): missing" }
            return diagnosis.code == code && diagnosis.isFinal ? nil : "session \(number): \(diagnosis.code.rawValue) \(diagnosis.shownSummary)"
        }
    }
}
