import Foundation
import HandoverCore

/// Reads a window of Genesys Cloud's conversation details. Only an analytics job's results carry participants'
/// attributes (where a flow leaves the Cognigy session id), so the part of the window the data lake holds (before
/// its `dataAvailabilityDate`) comes through a job; the rest through the synchronous details query, paged, with each
/// conversation's attributes read from the conversations API. Each page is stored before the next is asked for.
public struct GenesysFetcher: Sendable {
    public static let analytics = "/api/v2/analytics/conversations/details"

    public let api: GenesysAPI
    public let pageSize: Int
    /// How often a job's state is asked for, and for how long at most.
    public let pollEvery: Duration
    public let pollFor: Duration

    public init(api: GenesysAPI, pageSize: Int = 100, pollEvery: Duration = .seconds(2), pollFor: Duration = .seconds(1_800)) {
        self.api = api
        self.pageSize = pageSize
        self.pollEvery = pollEvery
        self.pollFor = pollFor
    }

    /// Returns how many conversations were read; a window it could not read whole throws.
    public func fetch(from start: Date, to end: Date, store: (GenesysBatch) async throws -> Void) async throws -> Int {
        guard start < end else { return 0 }
        let availability = try await api.get(Self.analytics + "/jobs/availability")
        guard let lake = availability["dataAvailabilityDate"]?.stringValue.flatMap(Timestamps.parseISO8601) else {
            throw GenesysError.unexpectedResponse("the jobs availability answer has no dataAvailabilityDate.")
        }
        var progress = Progress(events: api.events)
        if start < lake { try await viaJob(from: start, to: min(end, lake), &progress, store) }
        if end > lake { try await viaQuery(from: max(start, lake), to: end, &progress, store) }
        return progress.conversations
    }

    struct Progress {
        let events: @Sendable (GenesysEvent) -> Void
        var pages = 0, conversations = 0

        mutating func stored(_ batch: GenesysBatch) {
            pages += 1
            conversations += batch.conversations.count
            events(.page(number: pages, conversations: conversations))
        }
    }

    public static func interval(_ start: Date, _ end: Date) -> JSONValue { .string("\(Timestamps.format(start))/\(Timestamps.format(end))") }

    func viaJob(from start: Date, to end: Date, _ progress: inout Progress, _ store: (GenesysBatch) async throws -> Void) async throws {
        let created = try await api.post(Self.analytics + "/jobs", .object(["interval": Self.interval(start, end)]))
        guard let jobId = created["jobId"]?.stringValue else { throw GenesysError.unexpectedResponse("the job was created without a jobId.") }
        try await awaitFulfilled(jobId)
        var cursor: String?
        repeat {
            let query = "pageSize=\(pageSize)" + (cursor.map { "&cursor=\($0.formEncoded)" } ?? "")
            let page = try await api.get(Self.analytics + "/jobs/\(jobId)/results?\(query)")
            // An empty page may leave the list out.
            let batch = try Self.read(.object(["conversations": page["conversations"] ?? .array([])]), "job \(jobId)'s results")
            try await store(batch)
            progress.stored(batch)
            cursor = page["cursor"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        } while cursor != nil
    }

    func awaitFulfilled(_ jobId: String) async throws {
        let deadline = ContinuousClock.now + pollFor
        var last = ""
        while ContinuousClock.now < deadline {
            let status = try await api.get(Self.analytics + "/jobs/\(jobId)")
            let state = status["state"]?.stringValue ?? ""
            if state != last { api.events(.job(state: state)) }
            last = state
            switch state {
            case "FULFILLED": return
            case "QUEUED", "PENDING": try await Task.sleep(for: pollEvery)
            case "FAILED", "CANCELLED", "EXPIRED":
                let reason = status["errorMessage"]?.stringValue.map { ": \($0)" } ?? ""
                throw GenesysError.jobFailed("Genesys's analytics job \(jobId) ended \(state)\(reason); run the fetch again.")
            default: throw GenesysError.unexpectedResponse("analytics job \(jobId) is in a state this tool does not know: \"\(state)\".")
            }
        }
        throw GenesysError.jobFailed("Genesys's analytics job \(jobId) was still \(last) after \(pollFor); run the fetch again later.")
    }

    func viaQuery(from start: Date, to end: Date, _ progress: inout Progress, _ store: (GenesysBatch) async throws -> Void) async throws {
        var (number, seen) = (1, 0)
        while true {
            let body: JSONValue = .object([
                "interval": Self.interval(start, end), "order": .string("asc"), "orderBy": .string("conversationStart"),
                "paging": .object(["pageSize": .integer(Int64(pageSize)), "pageNumber": .integer(Int64(number))]),
            ])
            let page = try await api.post(Self.analytics + "/query", body)
            let records = page["conversations"]?.arrayValue ?? []
            let batch = try Self.read(.object(["conversations": .array(try await withAttributes(records))]), "the details query's page \(number)")
            try await store(batch)
            progress.stored(batch)
            seen += records.count
            let total = page["totalHits"]?.scalarText.flatMap(Int.init)
            if records.count < pageSize || total.map({ seen >= $0 }) == true { return }
            number += 1
        }
    }

    /// Each conversation with its participants' attributes from `GET /api/v2/conversations/{id}`, matched by
    /// participant id; a conversation that service no longer holds (404) keeps none.
    func withAttributes(_ records: [JSONValue]) async throws -> [JSONValue] {
        var merged: [JSONValue] = []
        for record in records {
            guard case .object(var conversation) = record, let id = conversation["conversationId"]?.scalarText else {
                merged.append(record)
                continue
            }
            let live: JSONValue
            do { live = try await api.get("/api/v2/conversations/\(id.formEncoded)") } catch GenesysError.notFound { merged.append(record); continue }
            var attributes: [String: JSONValue] = [:]
            for participant in live["participants"]?.arrayValue ?? [] {
                if let pid = participant["id"]?.scalarText, let values = participant["attributes"], values.objectValue?.isEmpty == false {
                    attributes[pid] = values
                }
            }
            conversation["participants"] = .array(
                (conversation["participants"]?.arrayValue ?? []).map { participant in
                    guard case .object(var fields) = participant, let pid = fields["participantId"]?.scalarText, let values = attributes[pid] else {
                        return participant
                    }
                    fields["attributes"] = values
                    return .object(fields)
                })
            merged.append(.object(conversation))
        }
        return merged
    }

    static func read(_ document: JSONValue, _ what: String) throws -> GenesysBatch {
        do { return try GenesysDocumentReader.read(document) } catch { throw GenesysError.unexpectedResponse("\(what): \(error.message)") }
    }
}

extension String {
    var formEncoded: String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return addingPercentEncoding(withAllowedCharacters: allowed) ?? self
    }
}
