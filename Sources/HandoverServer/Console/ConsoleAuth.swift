import Crypto
import Foundation
import Hummingbird
import Synchronization

/// The console's sign-in: when API keys are configured, a person signs in with one and gets an HttpOnly,
/// SameSite=Strict cookie holding a random token, which the server keeps with its expiry. So the key is never in
/// the cookie, a cookie lasts `lifetime` at most, signing out ends it here and not only in the browser, and a
/// restart signs everyone out. The cookie also opens the API, for the console's downloads. Over HTTPS the cookie is
/// `Secure`, so a browser never sends it in clear.
final class ConsoleAuth: Sendable {
    static let cookieName = "handover_console"
    static let lifetime: TimeInterval = 12 * 3_600
    /// Sign-ins held at once; past it the oldest is ended, so a flood of sign-ins cannot grow the server's memory.
    static let maxSessions = 10_000

    let required: Bool
    private let keys: [[UInt8]]
    /// Token → when it expires.
    private let sessions = Mutex<[String: Date]>([:])

    init(keys: [String]) {
        required = !keys.isEmpty
        self.keys = keys.map { Array($0.utf8) }
    }

    /// A new sign-in's token when `key` is a configured one; nil otherwise.
    func signIn(_ key: String, now: Date = Date()) -> String? {
        guard ConstantTime.matchesAny(Array(key.utf8), of: keys) else { return nil }
        let token = Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }).base64EncodedString()
        sessions.withLock { sessions in
            if sessions.count >= Self.maxSessions { sessions = sessions.filter { $0.value > now } }
            if sessions.count >= Self.maxSessions, let oldest = sessions.min(by: { $0.value < $1.value }) { sessions[oldest.key] = nil }
            sessions[token] = now.addingTimeInterval(Self.lifetime)
        }
        return token
    }

    func hasValidCookie(_ request: Request, now: Date = Date()) -> Bool {
        guard let token = request.cookies[Self.cookieName]?.value else { return false }
        return sessions.withLock { sessions in
            guard let expiry = sessions[token] else { return false }
            if expiry > now { return true }
            sessions[token] = nil
            return false
        }
    }

    /// Ends the sign-in the request's cookie holds, if any.
    func signOut(_ request: Request) {
        guard let token = request.cookies[Self.cookieName]?.value else { return }
        _ = sessions.withLock { $0.removeValue(forKey: token) }
    }

    func cookieHeader(_ token: String, secure: Bool) -> String {
        "\(Self.cookieName)=\(token); Path=/; Max-Age=\(Int(Self.lifetime)); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    static func signOutHeader(secure: Bool) -> String {
        "\(cookieName)=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" + (secure ? "; Secure" : "")
    }

    static func redirect(to location: String, cookie: String? = nil) -> Response {
        var headers: HTTPFields = [.location: location]
        if let cookie { headers[.setCookie] = cookie }
        return Response(status: .seeOther, headers: headers)
    }
}
