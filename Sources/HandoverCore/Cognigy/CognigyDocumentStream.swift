import Foundation

/// `CognigyDocumentReader` for a saved OData response of any size: the records of its `value` array (or of a bare
/// array) come out a batch at a time, so an export larger than memory imports.
public struct CognigyDocumentStream: BatchReading {
    private let reader: CognigyDocumentReader
    private var items: JSONItemStream
    private var keys: [String] = []
    private var sawRecords = false
    private var ended = false
    public private(set) var read = CognigyTally()

    public init(_ items: JSONItemStream, reader: CognigyDocumentReader = CognigyDocumentReader()) {
        self.items = items
        self.reader = reader
    }

    /// Up to `count` records more, nil after the last; a record that cannot be read fails with its place.
    public mutating func next(upTo count: Int) throws(CognigyDocumentError) -> CognigyBatch? {
        guard !ended else { return nil }
        var batch = CognigyBatch()
        while batch.count < count {
            let element: JSONItemStream.Element?
            do { element = try items.next() } catch { throw CognigyDocumentError("not valid JSON: \(error.message)") }
            switch element {
            case nil:
                ended = true
                guard sawRecords else { throw CognigyDocumentReader.notOData(keys) }
            case .arrayStart(let key):
                if key == nil || key == "value" { sawRecords = true } else if let key { keys.append(key) }
            case .item(let key, let index, let value):
                if key == nil || key == "value" { try reader.add(value, at: index, to: &batch) }
            case .member(let key, _):
                guard key != "value" else { throw CognigyDocumentReader.notOData(keys + [key]) }
                keys.append(key)
            }
            if ended { break }
        }
        read.add(batch)
        return batch.isEmpty && ended ? nil : batch
    }
}

/// How many records a document held, and the newest of them.
public struct CognigyTally: Sendable, Equatable {
    public private(set) var sessions = 0
    public private(set) var messages = 0
    public private(set) var newestRecordAt: Date?

    public var records: Int { sessions + messages }

    mutating func add(_ batch: CognigyBatch) {
        sessions += batch.sessions.count
        messages += batch.messages.count
        newestRecordAt = [newestRecordAt, batch.newestRecordAt].compactMap { $0 }.max()
    }
}
