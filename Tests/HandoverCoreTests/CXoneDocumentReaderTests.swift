import Foundation
import HandoverCore
import Testing

@Suite("CXone documents: every response shape, ids and durations as strings or numbers")
struct CXoneDocumentReaderTests {
    func read(_ json: String) throws -> CXoneBatch {
        try CXoneDocumentReader.read(Array(json.utf8))
    }

    @Test func completedContactsPageWithNumbersAndStrings() throws {
        let batch = try read(
            """
            {"totalRecords": 2, "_links": {"next": null}, "completedContacts": [
              {"contactId": 700000001, "masterContactId": 700000001, "contactStartDate": "2026-11-24T10:15:00.123Z",
               "skillId": 4301, "skillName": "Billing", "agentId": 0, "abandoned": false, "abandonSeconds": 0,
               "endReason": "Contact Hung Up", "isRefused": false, "inQueueSeconds": "42", "agentSeconds": 0,
               "totalDurationSeconds": 95.5, "transferIndicatorName": "None", "mediaTypeName": "Call"},
              {"contactId": "700000002", "masterContactId": "700000001", "contactStartDate": "2026-11-24T10:16:00+01:00",
               "agentId": "1234", "abandoned": "True", "isRefused": "false", "agentSeconds": "00:01:30"}
            ]}
            """)
        #expect(batch.contacts.map(\.contactId) == ["700000001", "700000002"])
        let first = batch.contacts[0]
        #expect(first.skillId == "4301")
        #expect(first.inQueueSeconds == 42)
        #expect(first.abandoned == false)
        #expect(first.answeringAgentId == nil)
        #expect(first.endedAt == first.startedAt?.addingTimeInterval(95.5))
        let second = batch.contacts[1]
        #expect(second.masterContactId == "700000001")
        #expect(second.abandoned == true)
        #expect(second.agentSeconds == 90)
        #expect(second.startedAt == Timestamps.parseISO8601("2026-11-24T09:16:00Z"))
    }

    @Test func singleContactFlatAndWrapped() throws {
        let flat = try read(#"{"contactId": "700000003", "contactStartDate": "2026-11-24T10:15:00", "endReason": "System Error"}"#)
        let wrapped = try read(#"{"contactId": {"contactId": 700000003, "contactStartDate": "2026-11-24T10:15:00Z", "endReason": "System Error"}}"#)
        #expect(flat.contacts.first?.contactId == "700000003")
        #expect(wrapped.contacts.first?.contactId == "700000003")
        #expect(flat.contacts.first?.startedAt == wrapped.contacts.first?.startedAt)
        #expect(flat.contacts.first?.endReason == "System Error")
    }

    @Test func stateHistoryWithStringAndNumberFields() throws {
        let batch = try read(
            """
            {"contactStateHistory": [
              {"stateIndex": 1, "contactId": "700000001", "contactStateId": 1, "contactStateName": "PreQueue", "startDate": "2026-11-24T10:15:00Z", "duration": "30"},
              {"stateIndex": "2", "contactId": 700000001, "contactStateName": "In Queue", "startDate": "2026-11-24T10:15:30.5Z", "skillName": "Billing", "duration": 12.5}
            ]}
            """)
        #expect(batch.states.map(\.stateIndex) == [1, 2])
        #expect(batch.states.map(\.contactId) == ["700000001", "700000001"])
        #expect(batch.states.map(\.durationSeconds) == [30, 12.5])
        #expect(batch.states.map(\.kind) == [.inBot, .queued])
    }

    @Test func customDataBothSpellingsTakeTheContactIdFromTheDocument() throws {
        let lower = try read(#"{"contactId": "700000001", "contactCustomData": [{"name": "BotSessionId", "value": "s-1"}]}"#)
        let upper = try read(#"{"ContactCustomData": [{"contactId": 700000001, "name": "BotSessionId", "value": "s-1"}]}"#)
        #expect(lower.customData == [CustomDataItem(contactId: "700000001", name: "BotSessionId", value: "s-1")])
        #expect(upper.customData == lower.customData)
    }

    @Test func arrayOfDocumentsIsRead() throws {
        let batch = try read(
            #"[{"completedContacts": [{"contactId": 1}]}, {"contactStateHistory": [{"contactId": 1, "contactStateName": "Active"}]}]"#)
        #expect(batch.contacts.count == 1)
        #expect(batch.states.first?.kind == .withAgent)
        #expect(batch.states.first?.stateIndex == 0)
    }

    @Test(arguments: [
        (#"{"totalRecords": 0}"#, "not a CXone response"),
        (#"{"completedContacts": {"a": 1}}"#, "completedContacts is a object"),
        (#"{"completedContacts": [{"skillId": 1}]}"#, "without contactId"),
        (#"{"contactCustomData": [{"name": "a", "value": "b"}]}"#, "custom data without a contact id"),
        (#"{"completedContacts": [1]}"#, "completedContacts[0] is a number"),
        (#"{"completedContacts": ["#, "not valid JSON"),
        ("42", "expected a JSON object or array"),
        (#"{"contactStateHistory": [{"contactId": 1, "stateIndex": 1e300}]}"#, "stateIndex"),
    ])
    func unreadableDocumentsSayWhy(_ json: String, _ reason: String) {
        let error = #expect(throws: CXoneDocumentError.self) { try read(json) }
        #expect(error?.message.contains(reason) == true, "\(error?.message ?? "")")
    }

    @Test(arguments: [
        ("InQueue", ContactStateKind.queued), ("In Queue", .queued), ("Inqueue", .queued), ("in_queue", .queued),
        ("Active", .withAgent), ("PreQueue", .inBot), ("Abandon", .abandoned), ("Refused", .refused), ("EndContact", .ended),
        ("Something new", .other),
    ])
    func stateNamesMatchLeniently(_ name: String, _ kind: ContactStateKind) {
        #expect(ContactStateKind(stateName: name) == kind)
    }

    @Test(arguments: [
        ("Contact Hung Up", EndReasonKind.callerEnded), ("contact-hung-up", .callerEnded), ("System Error", .error),
        ("Contact Hang Up via Script", .other), ("Agent Disconnected", .agentEnded), ("Transferred", .transferred),
    ])
    func endReasonsMatchLeniently(_ reason: String, _ kind: EndReasonKind) {
        #expect(EndReasonKind(endReason: reason) == kind)
    }
}
