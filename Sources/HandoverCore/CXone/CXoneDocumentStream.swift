import Foundation

/// `CXoneDocumentReader` for a saved document of any size: the records of its `completedContacts`,
/// `contactStateHistory` and `contactCustomData` arrays come out a batch at a time, so an export larger than memory
/// imports. What is read (per record, and the single-contact forms) is the reader's, unchanged.
public struct CXoneDocumentStream: BatchReading {
    private enum List { case contacts, states, customData, other }

    private var items: JSONItemStream
    private var list = List.other
    private var members: [String: JSONValue] = [:]
    /// Arrays of members this reader has no list for, kept whole for the single-contact forms.
    private var otherLists: [String: [JSONValue]] = [:]
    private var sawList = false
    /// State rows and custom data that name no contact, until the document's own `contactId` is known.
    private var ownerless: [(List, Int, [String: JSONValue])] = []
    private var topLevelArray = false
    private var ended = false
    public private(set) var read = CXoneTally()

    private let hash: (@Sendable (String) -> String)?

    /// `hash`: the keyed hash of `--redact-key`, applied to each batch's callers as `CXoneBatch.redactingCallers` does.
    public init(_ items: JSONItemStream, redactingCallersWith hash: (@Sendable (String) -> String)? = nil) {
        self.items = items
        self.hash = hash
    }

    /// Up to `count` records more, nil after the last; a record that cannot be read fails with its place.
    public mutating func next(upTo count: Int) throws(CXoneDocumentError) -> CXoneBatch? {
        guard !ended else { return nil }
        var batch = CXoneBatch()
        while batch.contacts.count + batch.states.count + batch.customData.count < count {
            let element: JSONItemStream.Element?
            do { element = try items.next() } catch { throw CXoneDocumentError("not valid JSON: \(error.message)") }
            guard let element else {
                try finish(into: &batch)
                ended = true
                break
            }
            try take(element, into: &batch)
        }
        read.add(batch)
        if let hash { batch = batch.redactingCallers(hash) }
        return batch.isEmpty && ended ? nil : batch
    }

    private mutating func take(_ element: JSONItemStream.Element, into batch: inout CXoneBatch) throws(CXoneDocumentError) {
        switch element {
        case .arrayStart(nil): topLevelArray = true
        case .arrayStart(let key?):
            list = Self.list(named: key)
            if list != .other { sawList = true } else { otherLists[key] = [] }
        case .item(nil, let index, let value):
            do { batch.append(try CXoneDocumentReader.read(value)) } catch { throw CXoneDocumentError("item \(index): \(error.message)") }
        case .item(let key?, let index, let value):
            guard list != .other else { return otherLists[key, default: []].append(value) }
            guard let object = value.objectValue else {
                throw CXoneDocumentError("\(key)[\(index)] is a \(value.typeName), expected an object")
            }
            try add(object, at: index, of: key, into: &batch)
        case .member(let key, let value):
            if Self.list(named: key) != .other { throw CXoneDocumentError("\(key) is a \(value.typeName), expected an array") }
            members[key] = value
        }
    }

    private mutating func add(
        _ object: [String: JSONValue], at index: Int, of key: String, into batch: inout CXoneBatch
    )
        throws(CXoneDocumentError)
    {
        do throws(CXoneDocumentError) {
            switch list {
            case .contacts: batch.contacts.append(try CXoneDocumentReader.contact(object))
            case .states, .customData:
                guard let owner = LenientFields(object).identifier("contactId") ?? documentOwner else {
                    ownerless.append((list, index, object))
                    return
                }
                try add(object, list, index, owner: owner, into: &batch)
            case .other: return
            }
        } catch {
            throw CXoneDocumentError("\(key)[\(index)]: \(error.message)")
        }
    }

    private func add(
        _ object: [String: JSONValue], _ list: List, _ index: Int, owner: String?, into batch: inout CXoneBatch
    )
        throws(CXoneDocumentError)
    {
        if list == .states {
            batch.states.append(try CXoneDocumentReader.state(object, position: index, owner: owner))
        } else if let item = try CXoneDocumentReader.customData(object, owner: owner) {
            batch.customData.append(item)
        }
    }

    /// The rows that waited for their contact, then the single-contact forms, which have no list.
    private mutating func finish(into batch: inout CXoneBatch) throws(CXoneDocumentError) {
        for (list, index, object) in ownerless {
            let name = list == .states ? "contactStateHistory" : "contactCustomData"
            do throws(CXoneDocumentError) { try add(object, list, index, owner: documentOwner, into: &batch) } catch {
                throw CXoneDocumentError("\(name)[\(index)]: \(error.message)")
            }
        }
        ownerless = []
        guard !sawList, !topLevelArray else { return }
        let document = members.merging(otherLists.mapValues { JSONValue.array($0) }) { kept, _ in kept }
        batch.append(try CXoneDocumentReader.readObject(document, contactId: nil))
    }

    private var documentOwner: String? { LenientFields(members).identifier("contactId") }

    private static func list(named key: String) -> List {
        switch key.lowercased() {
        case "completedcontacts", "contacts": return .contacts
        case "contactstatehistory": return .states
        case "contactcustomdata", "customdata": return .customData
        default: return .other
        }
    }
}

/// How many records a document held, and the newest of them: what an import reports and the position it records.
public struct CXoneTally: Sendable, Equatable {
    public private(set) var contacts = 0
    public private(set) var states = 0
    public private(set) var customData = 0
    public private(set) var newestRecordAt: Date?

    public var records: Int { contacts + states + customData }

    mutating func add(_ batch: CXoneBatch) {
        contacts += batch.contacts.count
        states += batch.states.count
        customData += batch.customData.count
        newestRecordAt = [newestRecordAt, batch.newestRecordAt].compactMap { $0 }.max()
    }
}
