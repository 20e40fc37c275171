import HandoverCore
import Testing

@Suite("What a snapshot's context reports about a handover already tried")
struct HandoverReportTests {
    static func context(_ json: String) throws -> JSONValue {
        try BodyDecoder().decodeJSON(Array(json.utf8))
    }

    @Test(arguments: [
        (#"{"CXoneHandover":{"success":false,"stage":"signal","error":"Contact not found"}}"#, "CXoneHandover.success false: Contact not found"),
        (#"{"CXoneHandover":{"success":"false"}}"#, "CXoneHandover.success false"),
        (#"{"CXoneHandover":{"success":0,"error":{"status":404}}}"#, #"CXoneHandover.success false: {"status":404}"#),
        (#"{"handover":{"status":"ERROR","error":{"message":"queue closed"}}}"#, "handover.status error: queue closed"),
        (#"{"CXoneHandover":{"success":true},"handover":{"status":"error"}}"#, "handover.status error"),
        (#"{"CXoneHandover":{"success":false,"error":7},"handover":{"status":"error","error":{"message":"x"}}}"#, "CXoneHandover.success false: 7"),
    ])
    func failuresAreReadFromEitherReport(_ json: String, _ summary: String) throws {
        let report = try #require(HandoverReport.read(try Self.context(json)))
        #expect(report.failed)
        #expect(report.failureSummary == summary)
    }

    @Test func successesAndSilenceAreNotFailures() throws {
        let success = try #require(HandoverReport.read(try Self.context(#"{"CXoneHandover":{"success":true,"stage":"done"}}"#)))
        #expect(!success.failed && success.source == .cxoneHandover && success.stage == "done" && success.failureSummary == nil)
        let completed = try #require(HandoverReport.read(try Self.context(#"{"handover":{"status":"completed"}}"#)))
        #expect(!completed.failed && completed.source == .handoverNode)
        for json in [#"{}"#, #"{"CXoneHandover":"false"}"#, #"{"handover":null,"data":{"x":1}}"#] {
            #expect(HandoverReport.read(try Self.context(json)) == nil, "\(json)")
        }
        #expect(HandoverReport.read(nil) == nil)
    }
}
