import Synchronization

/// A document read a batch of records at a time (`CXoneDocumentStream`, `CognigyDocumentStream`).
public protocol BatchReading: Sendable {
    associatedtype Batch: Sendable
    associatedtype Failure: Error
    mutating func next(upTo count: Int) throws(Failure) -> Batch?
}

/// Batches handed to a store that writes each as it is read, all in one transaction, so a document of any size is
/// imported whole or not at all in bounded memory. Shared with the store's writer, one taker at a time.
public final class BatchStream<Reader: BatchReading>: Sendable {
    private let reader: Mutex<Reader>
    private let batchSize: Int

    public init(_ reader: sending Reader, batchSize: Int = 2_000) {
        self.reader = Mutex(reader)
        self.batchSize = batchSize
    }

    public func next() throws(Reader.Failure) -> Reader.Batch? {
        try reader.withLock { (reader: inout sending Reader) throws(Reader.Failure) -> Reader.Batch? in try reader.next(upTo: batchSize) }
    }

    /// The reader as it is now: what it has read so far.
    public var current: Reader { reader.withLock { $0 } }
}
