import Crypto
import CryptoExtras
import Foundation
import NIOSSL

/// Whether a private key belongs to a certificate, by comparing the certificate's public key with the one the
/// private key implies. NIOSSL would only find a mismatch at the first handshake, after a reload had taken effect.
enum KeyPairCheck {
    /// true or false for the key types a certificate normally carries (RSA, P-256, P-384, P-521); nil for others.
    static func matches(_ certificate: NIOSSLCertificate, _ key: NIOSSLPrivateKey) -> Bool? {
        guard let certificateKey = try? certificate.extractPublicKey().toSPKIBytes(),
            let keyBytes = try? key.derBytes, let implied = impliedPublicKey(Data(keyBytes))
        else { return nil }
        return Data(certificateKey) == implied
    }

    /// The SubjectPublicKeyInfo DER of the public half of a DER private key (PKCS#8 or the algorithm's own form).
    static func impliedPublicKey(_ der: Data) -> Data? {
        if let key = try? P256.Signing.PrivateKey(derRepresentation: der) { return key.publicKey.derRepresentation }
        if let key = try? P384.Signing.PrivateKey(derRepresentation: der) { return key.publicKey.derRepresentation }
        if let key = try? P521.Signing.PrivateKey(derRepresentation: der) { return key.publicKey.derRepresentation }
        if let key = try? _RSA.Signing.PrivateKey(derRepresentation: der) { return key.publicKey.derRepresentation }
        return nil
    }
}
