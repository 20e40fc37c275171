import Foundation
import HandoverCore
import HistoryFetching
import Testing

@testable import handover_trace

/// `serve --fetch-every` and `--settle`: which sources are fetched, how often, and how long a diagnosis may stay pending.
@Suite("serve's scheduled fetch settings")
struct FetchSettingsTests {
    static let cxone = [
        "CXONE_CLIENT_ID": "client", "CXONE_CLIENT_SECRET": "secret", "CXONE_ACCESS_KEY_ID": "id", "CXONE_ACCESS_KEY_SECRET": "key",
    ]
    static let cognigy = ["COGNIGY_ODATA_URL": "https://odata-trial.cognigy.ai", "COGNIGY_API_KEY": "key"]

    func resolve(_ arguments: [String], _ variables: [String: String] = [:]) throws -> ServeSettings {
        try ServeSettingsTests.resolve(arguments, variables)
    }

    @Test func eachSourceWhoseVariablesAreSetIsFetchedEveryFiveMinutes() throws {
        #expect(try resolve([]).fetch == nil, "nothing configured, nothing fetched")
        let both = try #require(try resolve([], Self.cxone.merging(Self.cognigy) { $1 }).fetch)
        #expect(both.interval == .seconds(300) && both.rounds.map(\.source) == [.cxone, .cognigy])
        let cognigyOnly = try #require(try resolve(["--fetch-every", "30s"], Self.cognigy).fetch)
        #expect(cognigyOnly.interval == .seconds(30) && cognigyOnly.rounds.map(\.source) == [.cognigy])
        #expect(try resolve([], Self.cxone.merging(["HANDOVER_TRACE_FETCH_EVERY": "off"]) { $1 }).fetch == nil)
    }

    @Test func halfASetOfCredentialsOrABadDurationIsRefusedWithOneLine() throws {
        #expect(throws: CommandFailure.self) { try resolve([], ["CXONE_CLIENT_ID": "client"]) }
        do {
            _ = try resolve([], ["CXONE_CLIENT_ID": "client"])
        } catch {
            #expect("\(error)".contains("CXONE_CLIENT_SECRET") && !"\(error)".contains("\n"))
        }
        for bad in ["0s", "25h", "5 minutes", "-1m"] {
            #expect(throws: CommandFailure.self, "\(bad)") { try resolve(["--fetch-every=\(bad)"], Self.cxone) }
        }
        #expect(throws: CommandFailure.self, "nothing to fetch") { try resolve(["--fetch-every", "1m"]) }
    }

    @Test func theSettlingTimeComesFromEitherPlaceAndIsBounded() throws {
        #expect(try resolve([]).settle == 1_200)
        #expect(try resolve([], ["HANDOVER_TRACE_SETTLE": "90s"]).settle == 90)
        #expect(try resolve(["--settle", "2h"], ["HANDOVER_TRACE_SETTLE": "90s"]).settle == 7_200)
        for bad in ["0s", "2d", "soon"] {
            #expect(throws: CommandFailure.self, "\(bad)") { try resolve(["--settle", bad]) }
        }
    }
}
