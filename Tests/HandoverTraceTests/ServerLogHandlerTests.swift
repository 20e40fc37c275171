import Logging
import Synchronization
import Testing

@testable import handover_trace

/// The server's log lines are swift-log's `StreamLogHandler`'s, though the logger's metadata is formatted only
/// for a line that is written.
@Suite("server log lines")
struct ServerLogHandlerTests {
    final class Lines: TextOutputStream, Sendable {
        private let text = Mutex("")
        func write(_ string: String) { text.withLock { $0 += string } }
        /// Each line without its leading timestamp, which differs between the two handlers.
        var withoutTimestamps: [String] {
            text.withLock { $0 }.split(separator: "\n").map { $0.split(separator: " ", maxSplits: 1).last.map(String.init) ?? "" }
        }
    }

    func write(through handler: some LogHandler) {
        var logger = Logger(label: "handover-trace", factory: { _ in handler })
        logger[metadataKey: "hb.request.id"] = "7f3a"
        logger[metadataKey: "route"] = "POST /v1/snapshots"
        logger.info("snapshot stored", metadata: ["sessionId": "s-1", "route": "overridden by the line"])
        logger.debug("not written at info")
        logger[metadataKey: "route"] = nil
        logger.warning("after a key was removed")
        logger.error("with an error", error: CancellationError())
    }

    @Test func linesAreStreamLogHandlersLines() {
        let ours = Lines()
        let theirs = Lines()
        write(through: ServerLogHandler(StreamLogHandler(label: "handover-trace", stream: ours), level: .info))
        var stream = StreamLogHandler(label: "handover-trace", stream: theirs)
        stream.logLevel = .info
        write(through: stream)
        #expect(ours.withoutTimestamps.count == 3)
        #expect(ours.withoutTimestamps == theirs.withoutTimestamps)
        #expect(ours.withoutTimestamps.first?.contains("hb.request.id=7f3a route=overridden by the line sessionId=s-1") == true)
    }
}
