// swift-tools-version:6.1
import PackageDescription

// Dependencies point inwards: HandoverCore (the domain, Foundation only) <- HandoverStore (the store's contract, no
// database library) <- HandoverSQLite (GRDB) and HandoverPostgres (postgres-nio), each depending on the contract and
// on HandoverSchema (the migrations) alone; HandoverCore <- CXoneClient, CognigyClient, GenesysClient <- HistoryFetching (which
// also uses HandoverStore); HandoverStore <- HandoverServer and Notifications; all of them <- handover-trace, the
// executable, which picks the backend. Neither backend knows the other or the server.
let package = Package(
    name: "handover-trace",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "handover-trace", targets: ["handover-trace"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // The domain: no database, no HTTP. Crypto only for the keyed redaction hash and webhook signatures.
        .target(name: "HandoverCore", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // Schema/ is the single source of truth for the tables: its numbered .sql files ship as resources.
        .target(name: "HandoverSchema", path: "Schema", resources: [.copy("sqlite"), .copy("postgres")]),
        // The store's contract and what both backends share: protocols, plain records, the join's rules, the report
        // writer and incident packet, store metrics. No database library.
        .target(
            name: "HandoverStore",
            dependencies: [
                "HandoverCore",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // The embedded default: SQLite through GRDB.
        .target(
            name: "HandoverSQLite",
            dependencies: [
                "HandoverCore", "HandoverSchema", "HandoverStore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // The second backend, for several ingest replicas against one PostgreSQL: the same protocols as SQLiteStore.
        .target(
            name: "HandoverPostgres",
            dependencies: [
                "HandoverCore", "HandoverSchema", "HandoverStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "CXoneClient",
            dependencies: [
                "HandoverCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "GenesysClient",
            dependencies: [
                "HandoverCore", .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(
            name: "CognigyClient",
            dependencies: [
                "HandoverCore", .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // The history sources read on schedule by `serve --fetch-every` and by hand with `fetch-*`: one round each, the
        // position it leaves in the store, the lease that makes one replica fetch.
        .target(
            name: "HistoryFetching",
            dependencies: [
                "HandoverCore", "HandoverStore", "CXoneClient", "CognigyClient", "GenesysClient",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // `serve --notify-url`: messages to Slack, Teams or any JSON receiver when a failure code crosses its threshold.
        .target(
            name: "Notifications",
            dependencies: [
                "HandoverCore", "HandoverStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "HandoverServer",
            dependencies: [
                "HandoverCore", "HandoverStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Console/Templates"), .copy("Console/Assets"), .copy("OpenAPI/openapi.json")]
        ),
        .executableTarget(
            name: "handover-trace",
            dependencies: [
                "HandoverCore", "HandoverStore", "HandoverSQLite", "HandoverPostgres", "HandoverServer", "CXoneClient", "CognigyClient",
                "GenesysClient", "Notifications", "HistoryFetching",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // The readers of outside input under libFuzzer (scripts/fuzz); an ordinary build replays files through them.
        .executableTarget(name: "HandoverFuzz", dependencies: ["HandoverCore"]),
        // bench-ingest's ceiling: Hummingbird alone, same version, no store and no middleware.
        .executableTarget(
            name: "bench-bare-hummingbird", dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            path: "Benchmarks/BareHummingbird"),
        .testTarget(name: "HandoverCoreTests", dependencies: ["HandoverCore", "HandoverFuzz"]),
        // The command line's own logic: settings resolution and the generated reference in docs/.
        .testTarget(
            name: "HandoverTraceTests",
            dependencies: [
                "handover-trace", "HandoverCore", "HandoverServer", "HandoverSQLite", "HandoverStore", "HandoverTestSupport", "HistoryFetching",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "HandoverTestSupport",
            dependencies: [
                "HandoverCore", "HandoverStore", "HandoverSQLite", "HandoverPostgres", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/HandoverTestSupport"
        ),
        .testTarget(
            name: "HandoverStoreTests",
            dependencies: [
                "HandoverStore", "HandoverSQLite", "HandoverPostgres", "HandoverCore", "HandoverSchema", "HandoverTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ]
        ),
        .testTarget(
            name: "GenesysClientTests",
            dependencies: [
                "GenesysClient", "HandoverCore", "HandoverStore", "HandoverTestSupport", "HistoryFetching",
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "CXoneClientTests",
            dependencies: [
                "CXoneClient", "HandoverCore", "HandoverTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "CognigyClientTests",
            dependencies: [
                "CognigyClient", "CXoneClient", "HandoverCore", "HandoverStore", "HandoverSQLite", "HandoverTestSupport", "HistoryFetching",
                "Notifications",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "NotificationsTests",
            dependencies: [
                "Notifications", "HandoverServer", "HandoverStore", "HandoverPostgres", "HandoverCore", "HandoverTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "HandoverServerTests",
            dependencies: [
                "HandoverServer", "HandoverStore", "HandoverSQLite", "HandoverCore", "HandoverTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            exclude: ["Corpus"]  // read from the source tree by HostileInputTests
        ),
    ]
)
