import Foundation
import Logging
import NIOSSL
import ServiceLifecycle
import Synchronization
import UnixSignals

/// The server's certificate chain and key, read from PEM files and read again on `reload()`. Each TLS handshake
/// asks for the current pair, so a rotated certificate reaches new connections while open ones carry on.
public final class TLSCertificates: Sendable {
    struct Pair: Sendable {
        let leaf: NIOSSLCertificate
        let chain: [NIOSSLCertificateSource]
        let key: NIOSSLPrivateKeySource
    }

    public let certificatePath: String
    public let keyPath: String
    private let current: Mutex<Pair>

    /// Reads both files, refusing a pair that cannot serve a handshake (unreadable, not PEM, key not matching).
    public init(certificatePath: String, keyPath: String) throws {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        current = Mutex(try Self.load(certificatePath: certificatePath, keyPath: keyPath))
    }

    /// Reads the files again. A pair that does not load leaves the one in use in place, so a half-written file
    /// never takes the server off the air.
    public func reload() throws {
        let pair = try Self.load(certificatePath: certificatePath, keyPath: keyPath)
        current.withLock { $0 = pair }
    }

    /// The certificate new connections are served, first in its chain.
    public var leaf: NIOSSLCertificate { current.withLock { $0.leaf } }

    /// TLS 1.2 or newer, with the certificate chosen per handshake from the current pair.
    public var configuration: TLSConfiguration {
        let pair = current.withLock { $0 }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: pair.chain, privateKey: pair.key)
        configuration.minimumTLSVersion = .tlsv12
        configuration.sslContextCallback = { [self] _, promise in promise.succeed(currentPair()) }
        return configuration
    }

    private func currentPair() -> NIOSSLContextConfigurationOverride {
        let pair = current.withLock { $0 }
        var override = NIOSSLContextConfigurationOverride()
        override.certificateChain = pair.chain
        override.privateKey = pair.key
        return override
    }

    static func load(certificatePath: String, keyPath: String) throws -> Pair {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificatePath)
        } catch {
            throw TLSSetupError("cannot read a PEM certificate from --tls-cert \(certificatePath) (\(error)).")
        }
        guard !chain.isEmpty else { throw TLSSetupError("--tls-cert \(certificatePath) holds no PEM certificate.") }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
        } catch {
            throw TLSSetupError("cannot read a PEM private key from --tls-key \(keyPath) (\(error)); it must not be encrypted.")
        }
        if KeyPairCheck.matches(chain[0], key) == false {
            throw TLSSetupError("--tls-key \(keyPath) is not the key of the first certificate in --tls-cert \(certificatePath).")
        }
        return Pair(leaf: chain[0], chain: chain.map { .certificate($0) }, key: .privateKey(key))
    }
}

/// A TLS setting that cannot work, said so that the operator knows which file to fix.
public struct TLSSetupError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Reloads the certificate on SIGHUP for as long as the server runs; a failed reload is logged and the old pair kept.
struct CertificateReloadService: Service {
    let certificates: TLSCertificates
    let logger: Logger
    /// Called once SIGHUP is trapped, so a test knows when it may send one.
    var onListening: @Sendable () -> Void = {}

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        onListening()
        for await _ in signals.cancelOnGracefulShutdown() {
            do {
                try certificates.reload()
                let expiry = Date(timeIntervalSince1970: TimeInterval(certificates.leaf.notValidAfter))
                logger.notice("TLS certificate reloaded", metadata: ["certificate": "\(certificates.certificatePath)", "validUntil": "\(expiry)"])
            } catch {
                logger.error("TLS certificate not reloaded; the previous one stays in use", metadata: ["error": "\(error)"])
            }
        }
    }
}
