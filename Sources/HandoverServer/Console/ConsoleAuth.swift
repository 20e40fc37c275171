import Crypto
import Foundation
import Hummingbird

/// The console's sign-in: when API keys are configured, a person signs in with one and gets an HttpOnly,
/// SameSite=Strict cookie holding an HMAC of that key under a secret made at start-up (so the key itself is never
/// in the cookie, and a restart signs everyone out). The cookie also opens the API, for the console's downloads.
/// Over HTTPS the cookie is `Secure`, so a browser never sends it in clear.
struct ConsoleAuth: Sendable {
    static let cookieName = "handover_console"

    let required: Bool
    private let tokens: [[UInt8]]
    private let serverSecret: SymmetricKey

    init(keys: [String]) {
        serverSecret = SymmetricKey(size: .bits256)
        required = !keys.isEmpty
        let secret = serverSecret
        tokens = keys.map { Array(Self.token(for: $0, secret: secret).utf8) }
    }

    static func token(for key: String, secret: SymmetricKey) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Data(key.utf8), using: secret)).base64EncodedString()
    }

    func token(for key: String) -> String? {
        let token = Self.token(for: key, secret: serverSecret)
        return ConstantTime.matchesAny(Array(token.utf8), of: tokens) ? token : nil
    }

    func hasValidCookie(_ request: Request) -> Bool {
        guard let cookie = request.cookies[Self.cookieName]?.value else { return false }
        return ConstantTime.matchesAny(Array(cookie.utf8), of: tokens)
    }

    func cookieHeader(_ token: String, secure: Bool) -> String {
        "\(Self.cookieName)=\(token); Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
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
