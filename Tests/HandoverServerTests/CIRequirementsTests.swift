import Foundation
import HandoverTestSupport
import Testing

/// Suites that need a tool or a server skip, with a line saying why, where it is missing: on a developer's machine
/// that is a convenience. In CI (`CI=true`) a skipped suite would pass unseen, so this test fails instead, naming
/// each missing tool; `.ci/run` installs them all.
@Suite("CI has every tool the tests use")
struct CIRequirementsTests {
    static let requirements: [(name: String, available: Bool, reason: String)] = [
        ("PostgreSQL", TestPostgres.isAvailable, TestPostgres.unavailableReason),
        ("Chromium", Chromium.path != nil, "needs Debian's chromium package"),
        ("promtool", Promtool.path != nil, "needs promtool (Debian's prometheus package)"),
        ("openssl", TestCertificates.openssl != nil, "needs Debian's openssl package"),
        ("schemathesis", ConformanceTests.available, ConformanceTests.reason),
    ]

    @Test(.enabled(if: ProcessInfo.processInfo.environment["CI"] == "true", "only CI must have every tool"))
    func nothingTheTestsNeedIsMissing() {
        for requirement in Self.requirements {
            #expect(requirement.available, "CI=true and \(requirement.name) is missing, so its tests were skipped: \(requirement.reason)")
        }
    }
}
