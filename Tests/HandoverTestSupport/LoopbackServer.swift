import Hummingbird
import Logging
import NIOCore

/// Serves a fake (of CXone, of Cognigy's OData endpoint) on a loopback port the OS picks, runs `body` with its base
/// URL, then stops it.
public enum LoopbackServer {
    /// A JSON answer as the real services give one.
    public static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    public static func serve<T: Sendable>(_ router: Router<BasicRequestContext>, _ body: @Sendable (String) async throws -> T) async throws -> T {
        let (portStream, portContinuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "fake-server")
        logger.logLevel = .critical  // cancelling the server at the end is expected, not an error worth printing
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await app.runService(gracefulShutdownSignals: []); return nil
            }
            var ports = portStream.makeAsyncIterator()
            let port = await ports.next() ?? 0
            let result = try await body("http://127.0.0.1:\(port)")
            group.cancelAll()
            return result
        }
    }
}
