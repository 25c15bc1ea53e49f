// swift-tools-version: 6.1
import PackageDescription
import Foundation

// Layering (arrows = allowed imports), see README "Architecture":
//   CVedettaPrefetch <- VedettaCore (pure) <- VedettaRules, VedettaSimulator
//   VedettaCore <- VedettaStore <- VedettaIngest, VedettaNotify, VedettaReports <- VedettaDaemon <- vedetta
//
// `VEDETTA_PURE=1 swift test` builds only the pure targets (no NIO, GRDB or Hummingbird): a fast loop for
// work on text, clustering, detection, rules and the simulator.
let pureOnly = ProcessInfo.processInfo.environment["VEDETTA_PURE"] == "1"

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

// The executables allocate with jemalloc (Debian `libjemalloc-dev` to build, `libjemalloc2` to run; installed by
// scripts/ensure-deps.sh). The engine allocates and frees small buffers at a high rate, and a replay frees on
// one thread what another allocated: with glibc's malloc, arena locks, consolidation and trimming took about a
// tenth of the engine thread. Outputs do not depend on the allocator.
let executableLinkerSettings: [LinkerSetting] = [
    .linkedLibrary("jemalloc", .when(platforms: [.linux])),
]

var dependencies: [Package.Dependency] = [
    .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
]

var targets: [Target] = [
    // A software prefetch (one static inline C function): Swift has none.
    .target(name: "CVedettaPrefetch"),
    .target(name: "VedettaCore", dependencies: ["CVedettaPrefetch"], swiftSettings: swiftSettings),
    .target(
        name: "VedettaRules",
        dependencies: ["VedettaCore", .product(name: "Yams", package: "Yams")],
        swiftSettings: swiftSettings
    ),
    .target(name: "VedettaSimulator", dependencies: ["VedettaCore", .product(name: "Yams", package: "Yams")], swiftSettings: swiftSettings),
    .target(name: "VedettaTesting", dependencies: ["VedettaCore"], swiftSettings: swiftSettings),
    // Quality evaluations on public data (data path as an argument); pure, so it builds in the fast loop.
    .executableTarget(
        name: "vedetta-eval",
        dependencies: ["VedettaCore", "VedettaRules", "VedettaSimulator"],
        swiftSettings: swiftSettings,
        linkerSettings: executableLinkerSettings
    ),
    .testTarget(
        name: "VedettaCoreTests",
        dependencies: ["VedettaCore", "VedettaTesting"],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "VedettaRulesTests",
        dependencies: ["VedettaRules", "VedettaTesting"],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "VedettaSimulatorTests",
        dependencies: ["VedettaSimulator", "VedettaCore", "VedettaTesting"],
        swiftSettings: swiftSettings
    ),
]

var products: [Product] = [
    .library(name: "VedettaCore", targets: ["VedettaCore"]),
]

if !pureOnly {
    dependencies += [
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ]
    let log: Target.Dependency = .product(name: "Logging", package: "swift-log")
    let nio: [Target.Dependency] = [
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
    ]
    targets += [
        .target(
            name: "VedettaStore",
            dependencies: ["VedettaCore", .product(name: "GRDB", package: "GRDB.swift"), log],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "VedettaIngest",
            dependencies: ["VedettaCore", "VedettaStore", log],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "VedettaNotify",
            dependencies: [
                "VedettaCore", "VedettaStore", log,
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "Mustache", package: "swift-mustache"),
            ] + nio,
            resources: [.copy("Templates")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "VedettaReports",
            dependencies: [
                "VedettaCore", "VedettaStore", log,
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "VedettaDaemon",
            dependencies: [
                "VedettaCore", "VedettaRules", "VedettaStore", "VedettaIngest", "VedettaNotify", "VedettaReports",
                log, .product(name: "Yams", package: "Yams"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ] + nio,
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "vedetta",
            dependencies: [
                "VedettaDaemon", "VedettaSimulator", "VedettaRules", "VedettaStore", "VedettaReports", "VedettaIngest",
                "VedettaNotify", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                log,
            ],
            swiftSettings: swiftSettings,
            linkerSettings: executableLinkerSettings
        ),
        .executableTarget(
            name: "vedetta-bench",
            dependencies: [
                "VedettaCore", "VedettaStore", "VedettaIngest", "VedettaSimulator", "VedettaRules",
                "VedettaReports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings,
            linkerSettings: executableLinkerSettings
        ),
        .testTarget(
            name: "VedettaStoreTests",
            dependencies: ["VedettaStore", "VedettaTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "VedettaIngestTests",
            dependencies: ["VedettaIngest", "VedettaStore", "VedettaTesting", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "VedettaNotifyTests",
            dependencies: ["VedettaNotify", "VedettaStore", "VedettaTesting", log] + nio,
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "VedettaReportsTests",
            dependencies: ["VedettaReports", "VedettaStore", "VedettaTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "VedettaDaemonTests",
            dependencies: [
                "VedettaDaemon", "VedettaTesting", "VedettaSimulator", "VedettaStore", "VedettaIngest",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
    products += [.executable(name: "vedetta", targets: ["vedetta"])]
}

let package = Package(
    name: "vedetta",
    platforms: [.macOS(.v15)],
    products: products,
    dependencies: dependencies,
    targets: targets,
    swiftLanguageModes: [.v6]
)
