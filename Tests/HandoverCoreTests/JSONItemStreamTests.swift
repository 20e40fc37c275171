import Foundation
import Synchronization
import Testing

@testable import HandoverCore

/// A document handed out a few bytes at a time, counting what has been read, so a test can tell a stream that reads
/// ahead of what it needs from one that does not.
final class ChunkedDocument: Sendable {
    let bytes: [UInt8]
    private let offset = Mutex(0)

    init(_ text: String) { bytes = Array(text.utf8) }

    var bytesRead: Int { offset.withLock { $0 } }

    func items(chunk: Int) -> JSONItemStream {
        JSONItemStream { [self] wanted in
            offset.withLock { offset in
                let end = min(offset + min(wanted, chunk), bytes.count)
                defer { offset = end }
                return Array(bytes[offset..<end])
            }
        }
    }
}

@Suite("Documents read a piece at a time: the same records as whole, in bounded memory, errors with their place")
struct JSONItemStreamTests {
    static let cxonePage = """
        {"totalRecords": 3, "completedContacts": [
          {"contactId": 700000001, "masterContactId": 700000001, "fromAddress": "+1 555 0100", "skillName": "Billing \\"VIP\\""},
          {"contactId": "700000002", "masterContactId": "700000001", "endReason": "Contact Hung Up"},
          {"contactId": 700000003, "tags": [1, [2, {"x": "]"}]]}
        ], "_links": {"next": null}}
        """

    func elements(_ text: String, chunk: Int) throws -> [JSONItemStream.Element] {
        var stream = ChunkedDocument(text).items(chunk: chunk)
        var elements: [JSONItemStream.Element] = []
        while let element = try stream.next() { elements.append(element) }
        return elements
    }

    @Test(arguments: [1, 3, 7, 64, 1 << 20]) func anyChunkSizeGivesTheElementsOfTheWholeDocument(_ chunk: Int) throws {
        let elements = try elements(Self.cxonePage, chunk: chunk)
        #expect(elements.count == 6)
        #expect(elements.first == .member(key: "totalRecords", value: .integer(3)))
        #expect(elements[1] == .arrayStart(key: "completedContacts"))
        guard case .item("completedContacts", 2, let third) = elements[4] else { Issue.record("\(elements[4])"); return }
        #expect(third["tags"] == .array([.integer(1), .array([.integer(2), .object(["x": .string("]")])])]))
        #expect(elements[5] == .member(key: "_links", value: .object(["next": .null])))
        #expect(try self.elements("\u{FEFF}[1, \"a\", null, {}]", chunk: chunk).count == 5)
    }

    @Test func readersGiveTheSameRecordsStreamedAsWhole() throws {
        let whole = try CXoneDocumentReader.read(Array(Self.cxonePage.utf8))
        var stream = CXoneDocumentStream(ChunkedDocument(Self.cxonePage).items(chunk: 5))
        var batches: [CXoneBatch] = []
        while let batch = try stream.next(upTo: 2) { batches.append(batch) }
        #expect(batches.map(\.contacts.count) == [2, 1])
        #expect(batches.flatMap(\.contacts) == whole.contacts)
        #expect(whole.contacts.count == 3)
        #expect(stream.read.contacts == 3)
    }

    @Test func theFirstBatchComesBeforeTheDocumentIsRead() throws {
        let records = (0..<5_000).map { #"{"sessionId": "s-\#($0)", "startedAt": "2026-11-30T09:00:00.000Z", "stepsCount": 3}"# }
        let document = ChunkedDocument(#"{"@odata.context": "x", "value": [\#(records.joined(separator: ",\n"))]}"#)
        var stream = CognigyDocumentStream(document.items(chunk: 4_096))
        let first = try stream.next(upTo: 100)
        #expect(first?.sessions.count == 100)
        #expect(document.bytesRead < document.bytes.count / 10)
        var total = first?.count ?? 0
        while let batch = try stream.next(upTo: 1_000) { total += batch.count }
        #expect(total == 5_000)
        #expect(document.bytesRead == document.bytes.count)
    }

    @Test(arguments: [
        (#"{"value": [{"a": 1}, {"a": 2,, }]}"#, "line 1, column 30: expected a quoted key"),
        ("{\"value\": [\n  {\"a\": 1},\n  {\"a\": 2 \"b\": 3}\n]}", "line 3, column 11: expected ',' or '}' in an object"),
        (#"{"value": [], "value": []}"#, "line 1, column 15: the key \"value\" appears twice in one object"),
        (#"{"value": [{"a": 1}]} x"#, "line 1, column 23: unexpected text after the end of the JSON value"),
        (#"{"value": [{"a": 1"#, "line 1, column 12: the document ends inside a value"),
        (#"{"value": [{"a": 1}"#, "line 1, column 20: expected ',' or ']' in an array"),
        (#"[{"a": 1} {"a": 2}]"#, "line 1, column 11: expected ',' or ']' in an array"),
        ("  ", "the document is empty"),
        (#""text""#, "expected a JSON object or array, found a string"),
    ])
    func malformedDocumentsSayWhereWhateverTheChunk(_ text: String, _ message: String) throws {
        for chunk in [2, 1 << 20] {
            #expect(throws: JSONItemStream.Failure(message: message)) { _ = try elements(text, chunk: chunk) }
        }
    }

    @Test func aBadRecordIsNamedByItsPlaceInItsList() throws {
        let text = #"{"completedContacts": [{"contactId": 1}, {"contactId": 2}, {"skillId": 4}]}"#
        var stream = CXoneDocumentStream(ChunkedDocument(text).items(chunk: 8))
        #expect(try stream.next(upTo: 2)?.contacts.count == 2)
        #expect(throws: CXoneDocumentError("completedContacts[2]: a contact record without contactId")) { _ = try stream.next(upTo: 2) }
    }

    @Test func stateRowsWaitForTheContactIdThatFollowsThem() throws {
        let text = #"{"contactStateHistory": [{"contactStateName": "InQueue"}, {"contactStateName": "Active"}], "contactId": 700000009}"#
        let batch = try CXoneDocumentReader.read(Array(text.utf8))
        #expect(batch.states.map(\.contactId) == ["700000009", "700000009"])
        #expect(batch.states.map(\.stateIndex) == [0, 1])
    }
}

extension JSONItemStream.Failure: Equatable {
    public static func == (left: Self, right: Self) -> Bool { left.message == right.message }
}
