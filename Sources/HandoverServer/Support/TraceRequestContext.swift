import Foundation
import Hummingbird
import NIOCore

/// Hummingbird's basic context plus the connection's peer address, which failed sign-ins are counted against and
/// which decides whether forwarded headers are believed.
public struct TraceRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

extension Parameters {
    /// A path parameter as the client meant it: Hummingbird hands it over still percent-encoded, and a browser
    /// encodes any id holding a space, a slash or a non-ASCII character.
    func requireDecoded(_ name: String) throws -> String {
        let raw = try require(name)
        return raw.removingPercentEncoding ?? raw
    }
}
