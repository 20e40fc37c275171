import ArgumentParser
import Foundation
import HandoverStore

struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the whole set-up, one line per check: the store, the webhook, CXone's and Genesys's APIs and Cognigy's OData.",
        discussion: HelpText.reflow(
            """
            Each line says ok, FAIL (with what to fix) or skip (with why), and the exit status is 1 when any check
            failed, so it can run after an install or in a cron job. --json prints one JSON array instead, an object
            per check: {"area", "name", "status": "ok"|"failed"|"skipped", "detail", "fix"} (fix is null when the
            detail says it all); the exit status is the same.

            store: the database opens with its migrations applied and answers; free disk beside a SQLite file; how
            old the newest webhook record, CXone import and Cognigy import are; no session holds more than 10,000
            snapshots (a flow sending one fixed session id for every call).
            webhook (--server, default the local one): /health answers; a test snapshot sent with the configured
            key (and Standard Webhooks signature with --signing-secret) is accepted, and far inside Cognigy's 8 s
            HTTP Request timeout; one sent without the key is refused (401) when keys are configured; the test
            snapshots are then erased from --db, which must be the server's database.
            cxone (the CXONE_* variables of fetch-cxone): discovery, the token and the tenant's API endpoint; the
            completed-contacts, state-history and custom-data APIs, each failure naming the credential or the
            permission to fix. cognigy (COGNIGY_ODATA_URL, COGNIGY_API_KEY): the OData endpoint answers with the key,
            or the line names the odata role. genesys (the GENESYS_* variables of fetch-genesys): the token, the
            conversation details query (the permission analytics:conversationDetail:view), a recent conversation's
            attributes (conversation:communication:view) and the jobs API's availability.

            Examples:
              handover-trace doctor
              handover-trace doctor --server https://trace.example.com --db postgres://trace@db/trace
              handover-trace doctor --json | jq '.[] | select(.status == "failed")'
            """)
    )

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("The server to check (default: http://127.0.0.1 on HANDOVER_TRACE_PORT or 8080).", valueName: "url"))
    var server: String?

    @Option(help: ArgumentHelp("The key to send, as a flow does. [HANDOVER_TRACE_API_KEY, the first of them]", valueName: "key"))
    var apiKey: String?

    @Option(help: ArgumentHelp("Sign the test snapshot with this secret. [HANDOVER_TRACE_SIGNING_SECRET, the first]", valueName: "secret"))
    var signingSecret: String?

    @Option(help: ArgumentHelp("OData version for the Cognigy check: v2.3 or v2.4.", valueName: "version"))
    var odataVersion = "v2.3"

    @Flag(help: "Print the checks as one JSON array, an object per check, instead of lines.")
    var json = false

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let defaults = EnvironmentDefaults(variables: environment)
        let url = (server ?? "http://127.0.0.1:\(defaults.string("PORT") ?? "8080")").trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        let webhook = WebhookChecks(
            server: url, apiKey: apiKey ?? defaults.list("API_KEY").first, signingSecret: signingSecret ?? defaults.list("SIGNING_SECRET").first)
        var checks: [DoctorCheck] = []
        let report = { (new: [DoctorCheck]) in
            if !json { for check in new { print(check.line) } }
            checks += new
        }
        do {
            try await store.with { database in
                report(await StoreChecks.run(database, location: store.location))
                let (webhookChecks, testSessions) = await webhook.run()
                report(webhookChecks)
                if !testSessions.isEmpty { report([await StoreChecks.erase(testSessions, from: database, location: store.location)]) }
            }
        } catch {
            report([DoctorCheck(area: "store", name: "open", outcome: .failed, detail: "\(error)")])
        }
        report(await ExternalChecks.cxone(environment: environment))
        report(await ExternalChecks.cognigy(environment: environment, version: odataVersion))
        report(await GenesysChecks.run(environment: environment))
        let failed = checks.filter { $0.outcome == .failed }.count
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(checks), as: UTF8.self))
        } else {
            print(failed == 0 ? "all \(checks.count) checks passed or were skipped" : "\(failed) of \(checks.count) checks failed")
        }
        if failed > 0 { throw ExitCode(1) }
    }
}
