// swift-tools-version: 6.1
import PackageDescription

// libFuzzer targets for the parsers that read untrusted input. Build and run them with scripts/fuzz.sh, which
// passes `--sanitize=fuzzer --sanitize=address`. A separate package so the main one needs no unsafe flags and
// CI's normal build is not affected: it compiles the library sources through the symlinks in fuzz/Sources
// (SwiftPM reads sources only inside the package folder).
//
// `-parse-as-library`: a fuzz target has no `main`; libFuzzer's runtime provides it and calls
// `LLVMFuzzerTestOneInput`.
let fuzzTarget: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

let package = Package(
    name: "vedetta-fuzz",
    dependencies: [.package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2")],
    targets: [
        .target(name: "CVedettaPrefetch", path: "Sources/CVedettaPrefetch"),
        .target(name: "VedettaCore", dependencies: ["CVedettaPrefetch"], path: "Sources/VedettaCore"),
        .target(
            name: "VedettaRules",
            dependencies: ["VedettaCore", .product(name: "Yams", package: "Yams")],
            path: "Sources/VedettaRules"),
        .executableTarget(
            name: "fuzz-event-parser", dependencies: ["VedettaCore"], path: "Targets/EventParser",
            swiftSettings: fuzzTarget),
        .executableTarget(
            name: "fuzz-rules-loader", dependencies: ["VedettaRules"], path: "Targets/RulesLoader",
            swiftSettings: fuzzTarget),
        .executableTarget(
            name: "fuzz-text", dependencies: ["VedettaCore"], path: "Targets/Text", swiftSettings: fuzzTarget),
    ],
    swiftLanguageModes: [.v6]
)
