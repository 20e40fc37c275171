import Foundation
import HandoverCore

/// Which completed contacts to fetch.
public struct FetchWindow: Sendable {
    public var start: Date
    public var end: Date
    public var skillId: String?
    /// Only contacts CXone updated since then (`updatedSince`), for incremental polls.
    public var updatedSince: Date?

    public init(start: Date, end: Date, skillId: String? = nil, updatedSince: Date? = nil) {
        self.start = start
        self.end = end
        self.skillId = skillId
        self.updatedSince = updatedSince
    }
}

/// Pages through `/contacts/completed` and, for each contact, fetches its state history and custom data a few
/// at a time; hands each page's records to `store`, so memory holds two pages at most.
public struct CXoneFetcher: Sendable {
    public let api: CXoneAPI
    public let pageSize: Int
    public let concurrency: Int

    public init(api: CXoneAPI, pageSize: Int = 1000, concurrency: Int = 4) {
        self.api = api
        self.pageSize = pageSize
        self.concurrency = concurrency
    }

    /// Returns how many contacts were fetched. Each page is stored while the next is on its way, one page ahead at
    /// most and in order.
    public func fetch(_ window: FetchWindow, store: @escaping @Sendable (CXoneBatch) async throws -> Void) async throws -> Int {
        var next: String? = firstPagePath(window)
        var (pages, contacts, skip) = (0, 0, 0)
        var unstored: CXoneBatch?
        while let path = next {
            let previous = unstored
            async let stored: Void = { if let previous { try await store(previous) } }()
            let document = try await api.get(path) ?? .object(["completedContacts": .array([])])
            var batch = try CXoneDocumentReader.read(document)
            pages += 1
            contacts += batch.contacts.count
            api.events(.page(number: pages, contacts: contacts))
            batch.append(try await details(of: batch.contacts.map(\.contactId)))
            try await stored
            unstored = batch
            skip += pageSize
            next = nextPage(after: document, returned: batch.contacts.count, skip: skip, window: window)
        }
        if let unstored { try await store(unstored) }
        return contacts
    }

    func firstPagePath(_ window: FetchWindow) -> String {
        path(window, skip: 0)
    }

    func path(_ window: FetchWindow, skip: Int) -> String {
        var query = [
            "startDate=\(Timestamps.format(window.start).formEncoded)", "endDate=\(Timestamps.format(window.end).formEncoded)",
            "top=\(pageSize)", "skip=\(skip)",
        ]
        if let skill = window.skillId { query.append("skillId=\(skill.formEncoded)") }
        if let since = window.updatedSince { query.append("updatedSince=\(Timestamps.format(since).formEncoded)") }
        return "/contacts/completed?" + query.joined(separator: "&")
    }

    /// `_links.next` when CXone gives one; otherwise the next `skip` while pages come back full.
    func nextPage(after document: JSONValue, returned: Int, skip: Int, window: FetchWindow) -> String? {
        if let link = document.value(atPath: "_links.next")?.stringValue, !link.isEmpty { return link }
        if let total = document["totalRecords"]?.scalarText.flatMap(Int.init), skip >= total { return nil }
        return returned >= pageSize ? path(window, skip: skip) : nil
    }

    /// State history and custom data of these contacts, `concurrency` requests at a time.
    func details(of contactIds: [String]) async throws -> CXoneBatch {
        try await withThrowingTaskGroup(of: CXoneBatch.self) { group in
            var pending = contactIds[...]
            var merged = CXoneBatch()
            for _ in 0..<concurrency {
                guard let id = pending.popFirst() else { break }
                group.addTask { try await detail(of: id) }
            }
            while let batch = try await group.next() {
                merged.append(batch)
                if let id = pending.popFirst() { group.addTask { try await detail(of: id) } }
            }
            return merged
        }
    }

    func detail(of contactId: String) async throws -> CXoneBatch {
        var batch = CXoneBatch()
        if let history = try await api.get("/contacts/\(contactId)/state-history") {
            batch.append(try CXoneDocumentReader.read(history, contactId: contactId))
        }
        if let customData = try await api.get("/contacts/\(contactId)/custom-data") {
            batch.append(try CXoneDocumentReader.read(customData, contactId: contactId))
        }
        return batch
    }
}
