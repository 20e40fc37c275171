import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A plain TCP connection to the test server on loopback, for what an HTTP client library will not send:
/// requests that stop half way, or chunked bodies written piece by piece.
final class RawConnection: @unchecked Sendable {
    private let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(descriptor); throw POSIXError(.ECONNREFUSED) }
        var timeout = timeval(tv_sec: 15, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(descriptor) }

    func send(_ text: String) {
        _ = text.utf8CString.withUnsafeBufferPointer { Glibc.send(descriptor, $0.baseAddress, $0.count - 1, Int32(MSG_NOSIGNAL)) }
    }

    /// One response (headers and a Content-Length body), or what came before the server closed the connection or
    /// went quiet for the timeout; "" when it closed without a word. Waits on a thread of its own, so a blocked
    /// read never holds one of the cooperative threads the server under test needs to answer.
    func readResponse() async -> String {
        await onOwnThread { self.readResponseBlocking() }
    }

    /// What arrives until the server closes the connection, and whether it did (false: the read's own timeout ended
    /// it first). Timed by the socket, not by when the waiting task is scheduled again.
    func readUntilClosed() async -> (text: String, closedByServer: Bool) {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: self.readUntilClosedBlocking()) }.start()
        }
    }

    private func readUntilClosedBlocking() -> (text: String, closedByServer: Bool) {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count == 0 { return (String(decoding: received, as: UTF8.self), true) }
            if count < 0 { return (String(decoding: received, as: UTF8.self), errno == ECONNRESET) }
            received += buffer[0..<count]
        }
    }

    /// What arrives until `marker` has been seen (or the connection closes or goes quiet).
    func read(until marker: String) async -> String {
        await onOwnThread { self.readBlocking(until: marker) }
    }

    /// Everything that arrives until the server closes the connection (or it goes quiet for the timeout).
    func readToEnd() async -> String {
        await onOwnThread { self.readBlocking(until: nil) }
    }

    private func onOwnThread(_ body: @escaping @Sendable () -> String) async -> String {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: body()) }.start()
        }
    }

    private func readResponseBlocking() -> String {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while !Self.isComplete(String(decoding: received, as: UTF8.self)) {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }

    private func readBlocking(until marker: String?) -> String {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while marker.map({ !String(decoding: received, as: UTF8.self).contains($0) }) ?? true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }

    static func isComplete(_ response: String) -> Bool {
        guard let end = response.range(of: "\r\n\r\n") else { return false }
        let headers = response[..<end.lowerBound].lowercased()
        guard let line = headers.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
            let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
        else { return false }
        return response[end.upperBound...].utf8.count >= length
    }
}
