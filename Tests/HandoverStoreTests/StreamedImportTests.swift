import Foundation
import HandoverTestSupport
import Testing

@testable import HandoverCore
@testable import HandoverStore

@Suite("Imports of documents of any size: a batch at a time, in one transaction, whole or not at all, on each backend")
struct StreamedImportTests {
    func contacts(_ count: Int, then tail: String = "") -> [UInt8] {
        let records = (1...count).map { #"{"contactId": \#(700_000_000 + $0), "masterContactId": 700000001, "fromAddress": "+15550\#($0)"}"# }
        return Array(#"{"completedContacts": [\#(records.joined(separator: ", "))\#(tail)]}"#.utf8)
    }

    @Test(arguments: TestBackend.available) func everyRecordIsStoredOnceAcrossBatches(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            let document = BatchStream(CXoneDocumentStream(JSONItemStream(bytes: contacts(7))), batchSize: 2)
            let written = try await store.importCXone(document, importedAt: Date())
            #expect(written == ImportCounts(contacts: 7))
            #expect(document.current.read.contacts == 7)
            #expect(try await storedValue(store, "SELECT count(DISTINCT contact_id) FROM cxone_contact") == "7")
            let again = BatchStream(CXoneDocumentStream(JSONItemStream(bytes: contacts(7))), batchSize: 3)
            #expect(try await store.importCXone(again, importedAt: Date()) == ImportCounts())
        }
    }

    @Test(arguments: TestBackend.available) func aBadRecordInALaterBatchLeavesNothingOfItsDocument(_ backend: TestBackend) async throws {
        try await backend.withStore { store in
            let document = BatchStream(CXoneDocumentStream(JSONItemStream(bytes: contacts(7, then: #", {"skillId": 4}"#))), batchSize: 2)
            await #expect(throws: CXoneDocumentError("completedContacts[7]: a contact record without contactId")) {
                _ = try await store.importCXone(document, importedAt: Date())
            }
            let contactsLeft = try await storedValue(store, "SELECT count(*) FROM cxone_contact")
            #expect(contactsLeft == "0")

            let records = (1...5).map { #"{"sessionId": "s-\#($0)", "stepsCount": 2}"# }.joined(separator: ",\n")
            let broken = Array("{\"value\": [\(records),\n{\"sessionId\": \"s-6\", \"stepsCount\": 2 \"x\": 1}]}".utf8)
            let odata = BatchStream(CognigyDocumentStream(JSONItemStream(bytes: broken)), batchSize: 2)
            await #expect(throws: CognigyDocumentError("not valid JSON: line 6, column 38: expected ',' or '}' in an object")) {
                _ = try await store.importCognigy(odata, importedAt: Date())
            }
            let sessionsLeft = try await storedValue(store, "SELECT count(*) FROM cognigy_session")
            #expect(sessionsLeft == "0")
        }
    }
}
