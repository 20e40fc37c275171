import Foundation
import GenesysClient
import HandoverCore

/// Genesys Cloud's side: the token, the details query (the permission analytics:conversationDetail:view), a
/// conversation's attributes (conversation:communication:view) and the jobs API's availability, with the GENESYS_*
/// variables of fetch-genesys.
enum GenesysChecks {
    static func run(environment: [String: String], now: Date = Date()) async -> [DoctorCheck] {
        guard environment.contains(where: { $0.key.hasPrefix("GENESYS_") && !$0.value.isEmpty }) else {
            return [.skipped("genesys", "credentials", "no GENESYS_* variable is set (fetch-genesys --help lists them)")]
        }
        let credentials: GenesysCredentials
        do { credentials = try GenesysCredentials.fromEnvironment(environment) } catch {
            return [DoctorCheck(area: "genesys", name: "credentials", outcome: .failed, detail: "\(error)")]
        }
        let api = GenesysAPI(credentials: credentials, retry: ExternalChecks.quickRetry)
        var checks = [
            await DoctorCheck.run("genesys", "token") {
                try await api.signIn(); return "client credentials accepted"
            }
        ]
        if checks[0].outcome == .ok {
            var recent: String?
            checks.append(
                await DoctorCheck.run("genesys", "conversation details") {
                    let day = GenesysFetcher.interval(now.addingTimeInterval(-86_400), now)
                    let body: JSONValue = .object(["interval": day, "paging": .object(["pageSize": .integer(1), "pageNumber": .integer(1)])])
                    let page = try await api.post(GenesysFetcher.analytics + "/query", body)
                    recent = page["conversations"]?.arrayValue?.first?["conversationId"]?.scalarText
                    return "analytics:conversationDetail:view granted (\(page["totalHits"]?.scalarText ?? "0") conversations in the last day)"
                })
            if let id = recent {
                checks.append(
                    await DoctorCheck.run("genesys", "conversation attributes") {
                        _ = try await api.get("/api/v2/conversations/\(id)")
                        return "conversation:communication:view granted (conversation \(id))"
                    })
            } else {
                checks.append(.skipped("genesys", "conversation attributes", "no conversation in the last day to ask about"))
            }
            checks.append(
                await DoctorCheck.run("genesys", "jobs") {
                    let answer = try await api.get(GenesysFetcher.analytics + "/jobs/availability")
                    guard let date = answer["dataAvailabilityDate"]?.stringValue else {
                        throw GenesysError.unexpectedResponse("the jobs availability answer has no dataAvailabilityDate")
                    }
                    return "available; the data lake holds conversations up to \(date)"
                })
        }
        try? await api.shutdown()
        return checks
    }
}
