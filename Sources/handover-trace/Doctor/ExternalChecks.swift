import CXoneClient
import CognigyClient
import Foundation
import HandoverCore

/// CXone's and Cognigy's side: each API the tool uses answers with the configured credentials.
enum ExternalChecks {
    static let quickRetry = RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(200), maxDelay: .seconds(2))

    static func cxone(environment: [String: String], now: Date = Date()) async -> [DoctorCheck] {
        guard environment.keys.contains(where: { $0.hasPrefix("CXONE_") }) else {
            return [.skipped("cxone", "credentials", "no CXONE_* variable is set (fetch-cxone --help lists them)")]
        }
        let credentials: CXoneCredentials
        do { credentials = try CXoneCredentials.fromEnvironment(environment) } catch {
            return [DoctorCheck(area: "cxone", name: "credentials", outcome: .failed, detail: "\(error)")]
        }
        let api = CXoneAPI(credentials: credentials, retry: quickRetry)
        var checks = [
            await DoctorCheck.run("cxone", "sign-in") {
                try await api.signIn(); return "discovery, token and tenant API endpoint"
            }
        ]
        var contactId: String?
        if checks[0].outcome == .ok {
            checks.append(
                await DoctorCheck.run("cxone", "completed contacts") {
                    let week = "startDate=\(Timestamps.format(now.addingTimeInterval(-604_800)))&endDate=\(Timestamps.format(now))"
                    let page = try await api.get("/contacts/completed?\(week)&top=1")
                    contactId = page.flatMap { try? CXoneDocumentReader.read($0).contacts.first?.contactId }
                    return contactId.map { "answers (contact \($0) from the last 7 days)" } ?? "answers (no contact in the last 7 days)"
                })
            for (name, path) in [("state history", "state-history"), ("custom data", "custom-data")] {
                guard let id = contactId else {
                    checks.append(.skipped("cxone", name, "no recent contact to ask about"))
                    continue
                }
                checks.append(
                    await DoctorCheck.run("cxone", name) {
                        _ = try await api.get("/contacts/\(id)/\(path)"); return "answers"
                    })
            }
        }
        try? await api.shutdown()
        return checks
    }

    static func cognigy(environment: [String: String], version: String) async -> [DoctorCheck] {
        guard environment["COGNIGY_ODATA_URL"] != nil || environment["COGNIGY_API_KEY"] != nil else {
            return [.skipped("cognigy", "odata", "COGNIGY_ODATA_URL and COGNIGY_API_KEY are not set")]
        }
        let configuration: ODataConfiguration
        do { configuration = try ODataConfiguration.fromEnvironment(environment, version: version) } catch {
            return [DoctorCheck(area: "cognigy", name: "odata", outcome: .failed, detail: error.description)]
        }
        let client = ODataClient(configuration: configuration, retry: quickRetry, connectTimeout: .seconds(5))
        let check = await DoctorCheck.run("cognigy", "odata") {
            _ = try await client.get(.sessions, query: [("$top", "1")])
            return "\(configuration.version)/Sessions answers with the key"
        }
        try? await client.shutdown()
        return [check]
    }
}
