import AsyncHTTPClient
import Foundation
import HandoverCore
import NIOCore

/// The webhook as a Cognigy flow meets it: `/health` answers, a test snapshot with the configured key (and signature)
/// is accepted well inside the HTTP Request node's 8 s timeout, and one without the key is refused when keys are on.
struct WebhookChecks {
    /// Cognigy's HTTP Request node gives up after 8 s by default: a round trip past half of it leaves no margin.
    static let slowRoundTrip: TimeInterval = 4

    let server: String
    let apiKey: String?
    let signingSecret: String?
    /// AsyncHTTPClient keeps retrying a refused connection until this passes.
    var connectTimeout: TimeAmount = .seconds(3)

    /// The checks, and the session ids of the test snapshots the server stored (to erase afterwards).
    func run() async -> (checks: [DoctorCheck], testSessions: [String]) {
        var settings = HTTPClient.Configuration()
        settings.timeout.connect = connectTimeout
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: settings)
        var checks: [DoctorCheck] = []
        var stored: [String] = []
        checks.append(await health(http))
        if checks[0].outcome != .failed {
            let id = "handover-trace-doctor-\(UUID().uuidString.lowercased())"
            checks.append(
                await DoctorCheck.run("webhook", "test snapshot") {
                    let (status, seconds) = try await request(http, "POST", "/v1/snapshots", body: Self.body(id), authenticated: true)
                    guard status == 201 else { throw DoctorFailure("POST /v1/snapshots answered \(status) with the configured key") }
                    stored.append(id)
                    guard seconds < Self.slowRoundTrip else {
                        throw DoctorFailure(
                            "accepted in \(Self.milliseconds(seconds)): too close to Cognigy's 8 s HTTP Request timeout",
                            fix: "look at the network from Cognigy to the server and at the server's load: a flow waits this long on every post")
                    }
                    return "accepted in \(Self.milliseconds(seconds)), far inside Cognigy's 8 s HTTP Request timeout"
                })
            checks.append(
                await DoctorCheck.run("webhook", "without a key") {
                    let anonymous = id + "-anonymous"
                    let (status, _) = try await request(http, "POST", "/v1/snapshots", body: Self.body(anonymous), authenticated: false)
                    if status == 401 { return "refused (401), as it should be" }
                    if (200..<300).contains(status) { stored.append(anonymous) }
                    guard apiKey == nil, signingSecret == nil else {
                        throw DoctorFailure("a post without the key answered \(status), not 401", fix: "start serve with --api-key")
                    }
                    return "accepted (\(status)): the server takes posts from anyone who reaches it (use --api-key off loopback)"
                })
        }
        try? await http.shutdown()
        return (checks, stored)
    }

    /// `/health` needs a key when the server has keys: without one to send (a server that only checks signatures),
    /// the check is skipped and the posts still tell.
    private func health(_ http: HTTPClient) async -> DoctorCheck {
        let name = "health"
        do {
            let (status, seconds) = try await request(http, "GET", "/health", authenticated: true)
            switch status {
            case 200: return DoctorCheck(area: "webhook", name: name, outcome: .ok, detail: "\(server) answers in \(Self.milliseconds(seconds))")
            case 401 where apiKey == nil: return .skipped("webhook", name, "\(server)/health wants an API key; pass --api-key to check it")
            case 401:
                throw DoctorFailure(
                    "GET \(server)/health answered 401: the server has other keys",
                    fix: "give doctor its key with --api-key (HANDOVER_TRACE_API_KEY)")
            default: throw DoctorFailure("GET \(server)/health answered \(status)")
            }
        } catch {
            return .failed("webhook", name, error)
        }
    }

    static func body(_ sessionId: String) -> [UInt8] {
        Array(#"{"sessionId":"\#(sessionId)","label":"handover-trace doctor test, erased right after"}"#.utf8)
    }

    static func milliseconds(_ seconds: TimeInterval) -> String { "\(Int((seconds * 1000).rounded())) ms" }

    private func request(
        _ http: HTTPClient, _ method: String, _ path: String, body: [UInt8]? = nil, authenticated: Bool
    ) async throws -> (status: UInt, seconds: TimeInterval) {
        var request = HTTPClientRequest(url: server + path)
        request.method = .init(rawValue: method)
        if authenticated, let apiKey { request.headers.add(name: "X-API-Key", value: apiKey) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            if authenticated, let signingSecret {
                for header in try StandardWebhooks.Signer(secret: signingSecret).headers(id: "doctor-\(UUID().uuidString)", body: body) {
                    request.headers.add(name: header.name, value: header.value)
                }
            }
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let started = Date()
        do {
            let response = try await http.execute(request, timeout: .seconds(10))
            _ = try await response.body.collect(upTo: 1 << 20)
            return (response.status.code, Date().timeIntervalSince(started))
        } catch {
            throw DoctorFailure(
                "cannot reach \(server)\(path) (\(error))", fix: "start `handover-trace serve` there, or name the server with --server URL")
        }
    }
}
