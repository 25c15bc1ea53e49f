import VedettaCore
import VedettaRules

/// libFuzzer entry point for `RulesLoader.load(sources:)`. Input: byte 0 picks which rules file the remaining
/// bytes replace; the other files are a small valid set, so the fuzzer explores one file's YAML and its
/// cross-references to the others.
///
/// Checks: no crash; every reported error names a known file and a 1-based line and column; loading is
/// deterministic (the same input gives the same errors, in the same order).
@_cdecl("LLVMFuzzerTestOneInput")
public func rulesLoaderFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let names = RulesLoader.fileNames
    let target = names[Int(data[0]) % names.count]
    var sources = baseline
    sources[target] = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))

    let first = RulesLoader.load(sources: sources)
    let second = RulesLoader.load(sources: sources)
    switch (first, second) {
    case (.success, .success):
        break
    case (.failure(let a), .failure(let b)):
        if a.lines != b.lines { fatalError("non-deterministic errors:\n\(a.lines)\n\(b.lines)") }
        for error in a.errors {
            guard names.contains(error.file), error.line >= 1, error.column >= 1 else {
                fatalError("error without a usable position: \(error)")
            }
        }
    default:
        fatalError("the same input loaded once and failed once")
    }
    return 0
}

private let baseline: [String: [UInt8]] = [
    "offices.yaml": Array("""
        offices:
          - id: helpdesk
            name: Help desk
            emails: [helpdesk@example.org]
            locale: it
        """.utf8),
    "services.yaml": Array("""
        services:
          - id: durc-online
            name: DURC online
            office: helpdesk
        """.utf8),
]
