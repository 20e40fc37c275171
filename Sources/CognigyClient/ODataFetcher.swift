import Foundation
import HandoverCore

/// Which records to fetch: a time window and, optionally, one project.
public struct ODataWindow: Sendable {
    public var start: Date
    public var end: Date
    public var projectId: String?

    public init(start: Date, end: Date, projectId: String? = nil) {
        self.start = start
        self.end = end
        self.projectId = projectId
    }
}

/// Walks a collection's records in the window page by page, by keyset (time, then id) rather than `$skip`, which
/// Cognigy documents as slow for large offsets; hands each page to `store`, so memory holds two pages at most.
public struct ODataFetcher: Sendable {
    public let client: ODataClient
    public let pageSize: Int
    let reader: CognigyDocumentReader

    public init(client: ODataClient, pageSize: Int = 1000, reader: CognigyDocumentReader = CognigyDocumentReader()) {
        self.client = client
        self.pageSize = pageSize
        self.reader = reader
    }

    /// The field each collection is ordered and windowed by.
    public static func timeField(_ collection: CognigyCollection) -> String { collection == .sessions ? "startedAt" : "timestamp" }

    /// Returns how many records were fetched. Follows `@odata.nextLink` when the server pages on its own, and keeps
    /// asking after a short page (a server may cap a page below `$top`) until a page comes back empty.
    /// Each page is stored while the next is on its way, one page ahead at most and in order.
    public func fetch(
        _ collection: CognigyCollection, _ window: ODataWindow, store: @escaping @Sendable (CognigyBatch) async throws -> Void
    ) async throws -> Int {
        var after: (time: String, id: String)?
        var nextLink: String?
        var followed = Set<String>()
        var (pages, records) = (0, 0)
        var unstored: CognigyBatch?
        while true {
            let previous = unstored
            async let stored: Void = { if let previous { try await store(previous) } }()
            let document: JSONValue
            if let nextLink {
                document = try await client.get(nextLink: nextLink, collection)
            } else {
                document = try await client.get(collection, query: query(collection, window, after: after))
            }
            let items = try Self.items(of: document, collection)
            try await stored
            if items.isEmpty { return records }
            unstored = try batch(of: items, collection)
            pages += 1
            records += items.count
            client.events(.page(collection: collection, number: pages, records: records))
            nextLink = document["@odata.nextLink"]?.stringValue
            if let link = nextLink {
                guard followed.insert(link).inserted else {
                    throw CognigyError.unexpectedResponse("GET \(collection.rawValue) gave the same @odata.nextLink twice; its paging loops.")
                }
                continue
            }
            guard let last = items.last, let next = keyset(of: last, collection) else {
                throw CognigyError.unexpectedResponse(
                    "a \(collection.rawValue) record has no \(Self.timeField(collection)) or \(client.configuration.idField) to page on.")
            }
            if let previous = after, previous == next {
                throw CognigyError.unexpectedResponse("GET \(collection.rawValue) returned the same page twice; its ordering is not by time and id.")
            }
            after = next
        }
    }

    func batch(of items: [JSONValue], _ collection: CognigyCollection) throws(CognigyError) -> CognigyBatch {
        do { return try reader.read(.array(items)) } catch {
            throw .unexpectedResponse("a page of \(collection.rawValue) could not be read: \(error.message)")
        }
    }

    /// The page's records: OData's `value` array, or a bare array.
    static func items(of document: JSONValue, _ collection: CognigyCollection) throws -> [JSONValue] {
        guard case .array(let items)? = document["value"] ?? (document.objectValue == nil ? document : nil) else {
            throw CognigyError.unexpectedResponse("GET \(collection.rawValue) answered JSON without a value array.")
        }
        return items
    }

    func query(_ collection: CognigyCollection, _ window: ODataWindow, after: (time: String, id: String)?) -> [(String, String)] {
        let time = Self.timeField(collection)
        let id = client.configuration.idField
        var conditions = ["\(time) lt \(Timestamps.format(window.end))"]
        if let after {
            conditions.append("(\(time) gt \(after.time) or (\(time) eq \(after.time) and \(id) gt '\(Self.quoted(after.id))'))")
        } else {
            conditions.insert("\(time) ge \(Timestamps.format(window.start))", at: 0)
        }
        if let project = window.projectId { conditions.append("projectId eq '\(Self.quoted(project))'") }
        return [("$filter", conditions.joined(separator: " and ")), ("$orderby", "\(time) asc,\(id) asc"), ("$top", String(pageSize))]
    }

    /// The last record's time, as Cognigy wrote it, and id: where the next page starts.
    func keyset(of record: JSONValue, _ collection: CognigyCollection) -> (time: String, id: String)? {
        guard let time = record[Self.timeField(collection)]?.stringValue, let date = Timestamps.parseISO8601(time),
            let id = record[client.configuration.idField]?.scalarText
        else { return nil }
        return (Timestamps.format(date), id)
    }

    /// A literal inside OData's single quotes doubles each quote.
    static func quoted(_ text: String) -> String { text.replacingOccurrences(of: "'", with: "''") }
}
