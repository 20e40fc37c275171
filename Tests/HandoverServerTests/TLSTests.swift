import AsyncHTTPClient
import Foundation
import HTTPTypes
import HandoverTestSupport
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOSSL
import Testing

@testable import HandoverServer

#if canImport(Glibc)
import Glibc
#endif

/// Self-signed certificates for 127.0.0.1 made by Debian's openssl in a temporary folder, removed afterwards.
struct TestCertificates {
    static let openssl = ["/usr/bin/openssl", "/usr/local/bin/openssl"].first { FileManager.default.isExecutableFile(atPath: $0) }

    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tls-\(UUID().uuidString)")

    static func with<T>(_ body: (TestCertificates) async throws -> T) async throws -> T {
        let certificates = TestCertificates()
        try FileManager.default.createDirectory(at: certificates.folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: certificates.folder) }
        return try await body(certificates)
    }

    /// A certificate and key named `name`.pem and `name`.key, valid for 127.0.0.1 and localhost.
    func make(_ name: String) async throws -> (certificate: String, key: String) {
        let certificate = folder.appendingPathComponent(name + ".pem").path
        let key = folder.appendingPathComponent(name + ".key").path
        let openssl = try await ExternalProgram.run(
            URL(fileURLWithPath: Self.openssl!),
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                "-subj", "/CN=handover-trace test \(name)", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout", key, "-out", certificate,
            ])
        guard openssl.status == 0 else { throw POSIXError(.EIO) }
        return (certificate, key)
    }

    /// Puts another pair where the server reads its own, as a certificate renewal does.
    func replace(_ target: (certificate: String, key: String), with source: (certificate: String, key: String)) throws {
        for (from, to) in [(source.certificate, target.certificate), (source.key, target.key)] {
            try Data(contentsOf: URL(fileURLWithPath: from)).write(to: URL(fileURLWithPath: to), options: .atomic)
        }
    }
}

/// An HTTPS client that trusts exactly one certificate, so which certificate the server presented is visible.
func withClient<T>(trusting certificate: String, _ body: (HTTPClient) async throws -> T) async throws -> T {
    var tls = TLSConfiguration.makeClientConfiguration()
    tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(certificate))
    let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls, redirectConfiguration: .disallow))
    do {
        let result = try await body(client)
        try await client.shutdown()
        return result
    } catch {
        try? await client.shutdown()
        throw error
    }
}

/// The status of a GET, or nil when no connection the client trusts could be made; the client retries a failed
/// handshake until the deadline, so an expected failure is given a short one. The body is read to its end: a
/// response dropped unread makes the client close its connection, and the reload test needs that connection kept.
func status(_ client: HTTPClient, _ url: String, deadline: TimeAmount = .seconds(10)) async -> Int? {
    guard let response = try? await client.execute(HTTPClientRequest(url: url), timeout: deadline) else { return nil }
    _ = try? await response.body.collect(upTo: 1 << 20)
    return Int(response.status.code)
}

@Suite("TLS: HTTPS with a certificate reloaded without dropping connections", .enabled(if: TestCertificates.openssl != nil, "needs openssl"))
struct TLSTests {
    @Test func httpsServesAVerifiedCertificateAndRefusesPlainHTTP() async throws {
        try await TestCertificates.with { files in
            let first = try await files.make("first")
            let certificates = try TLSCertificates(certificatePath: first.certificate, keyPath: first.key)
            try await withTestApp(
                {
                    $0.tls = certificates; $0.apiKeys = ["tls-key-0123456789abcdef"]
                }, setup: .live
            ) { client, _, _ in
                let port = try #require(client.port)
                try await withClient(trusting: first.certificate) { https in
                    let health = try await https.execute(HTTPClientRequest(url: "https://127.0.0.1:\(port)/login"), timeout: .seconds(10))
                    #expect(health.status == .ok)
                    #expect(health.headers.first(name: "Strict-Transport-Security") == "max-age=31536000")
                    var signIn = HTTPClientRequest(url: "https://127.0.0.1:\(port)/login")
                    signIn.method = .POST
                    signIn.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
                    signIn.body = .bytes(ByteBuffer(string: "key=tls-key-0123456789abcdef&next=%2F"))
                    let cookie = try await https.execute(signIn, timeout: .seconds(10)).headers.first(name: "Set-Cookie")
                    #expect(cookie?.contains("; Secure") == true, "over TLS the sign-in cookie is Secure")
                }
                let plain = try RawConnection(port: port)
                plain.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                #expect(!(await plain.readResponse()).contains("HTTP/1.1"), "a plain-HTTP client gets no HTTP answer")
            }
        }
    }

    /// A renewed certificate reaches new connections at once, while a connection opened before it carries on: the
    /// first client trusts only the old certificate, so its second request succeeds only on the same connection.
    @Test func aReloadServesTheNewCertificateWithoutDroppingOpenConnections() async throws {
        try await TestCertificates.with { files in
            let served = try await files.make("served")
            let renewed = try await files.make("renewed")
            let certificates = try TLSCertificates(certificatePath: served.certificate, keyPath: served.key)
            try await withTestApp({ $0.tls = certificates }, setup: .live) { client, _, _ in
                let url = "https://127.0.0.1:\(try #require(client.port))/health"
                try await withClient(trusting: served.certificate) { old in
                    #expect(await status(old, url) == 200)
                    try await withClient(trusting: renewed.certificate) { new in
                        #expect(await status(new, url, deadline: .seconds(1)) == nil, "before the reload the server presents the old certificate")
                        try files.replace(served, with: renewed)
                        try certificates.reload()
                        #expect(await status(new, url) == 200, "a new connection gets the renewed certificate")
                    }
                    #expect(await status(old, url) == 200, "the connection opened before the reload is still served")
                }
            }
        }
    }

    @Test func aBrokenRenewalIsRefusedAndTheServedPairKept() async throws {
        try await TestCertificates.with { files in
            let served = try await files.make("served")
            let other = try await files.make("other")
            #expect(throws: TLSSetupError.self) { try TLSCertificates(certificatePath: served.certificate, keyPath: other.key) }
            #expect(throws: TLSSetupError.self) { try TLSCertificates(certificatePath: served.key, keyPath: served.key) }
            let certificates = try TLSCertificates(certificatePath: served.certificate, keyPath: served.key)
            let before = certificates.leaf
            try files.replace(served, with: (served.certificate, other.key))
            #expect(throws: TLSSetupError.self) { try certificates.reload() }
            #expect(certificates.leaf == before, "a key that does not fit the certificate leaves the old pair serving")
        }
    }

    @Test func sighupReloadsTheCertificate() async throws {
        try await TestCertificates.with { files in
            let served = try await files.make("served")
            let renewed = try await files.make("renewed")
            let certificates = try TLSCertificates(certificatePath: served.certificate, keyPath: served.key)
            let (listening, ready) = AsyncStream<Void>.makeStream()
            let service = CertificateReloadService(certificates: certificates, logger: Logger(label: "test")) { ready.yield() }
            let running = Task { try await service.run() }
            defer { running.cancel() }
            for await _ in listening { break }
            try files.replace(served, with: renewed)
            kill(getpid(), SIGHUP)
            let expected = try NIOSSLCertificate.fromPEMFile(renewed.certificate)[0]
            for _ in 0..<100 where certificates.leaf != expected { try await Task.sleep(for: .milliseconds(50)) }
            #expect(certificates.leaf == expected)
        }
    }
}
