import Foundation
import Testing
import VedettaCore
import VedettaRules

/// Whatever bytes the files hold, the loader answers with positioned errors and never traps.
@Suite("Malformed YAML")
struct MalformedYAMLTests {
    static let offices = "offices:\n  - id: uff-a\n    name: A\n"
    static let services = "services:\n  - id: s\n    name: S\n    office: uff-a\n"

    static func load(_ file: String, _ bytes: [UInt8]) -> [String] {
        var sources: [String: [UInt8]] = ["offices.yaml": Array(offices.utf8), "services.yaml": Array(services.utf8)]
        sources[file] = bytes
        switch RulesLoader.load(sources: sources) {
        case .success: return []
        case let .failure(e): return e.lines
        }
    }

    @Test("exact diagnostics", arguments: [
        ("offices.yaml", "", ["offices.yaml:1:1: `offices.yaml` is empty; it must define `offices`"]),
        ("routes.yaml", "", []),
        ("routes.yaml", "# only a comment\n", []),
        ("offices.yaml", "offices:\n\t- id: x\n",
         ["offices.yaml:2:1: YAML syntax error: found character that cannot start any token (while scanning for the next token at line 2, column 1)"]),
        ("notices.yaml", "notices: [\n", ["notices.yaml:2:1: YAML syntax error: did not find expected node content (while parsing a flow node at line 2, column 1)"]),
        ("notices.yaml", "- 1\n- 2\n", ["notices.yaml:1:1: the top level of `notices.yaml` must be a mapping, found a list"]),
        ("calendar.yaml", "peaks: 3\n", ["calendar.yaml:1:8: `peaks` must be a list, found `3`"]),
        ("routes.yaml", "route:\n  receivers: [uff-a]\nroute:\n  receivers: [uff-a]\n",
         ["routes.yaml:1:1: duplicate key `route` in the same mapping"]),
        ("offices.yaml", "offices:\n  - id: a\u{0}b\n", ["offices.yaml:2:10: not a text file: NUL byte"]),
    ] as [(String, String, [String])])
    func diagnostics(_ file: String, _ text: String, _ expected: [String]) {
        #expect(Self.load(file, Array(text.utf8)) == expected)
    }

    @Test("binary garbage never crashes", arguments: 0..<64)
    func garbage(_ seed: Int) {
        // A fixed xorshift stream: deterministic, different per seed.
        var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 | 1
        var bytes: [UInt8] = []
        for _ in 0..<(16 + seed * 7) {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            bytes.append(UInt8(truncatingIfNeeded: state))
        }
        for file in RulesLoader.fileNames {
            let lines = Self.load(file, bytes)
            #expect(!lines.isEmpty || file != "offices.yaml", "garbage accepted as \(file)")
            #expect(lines.allSatisfy { $0.hasPrefix(file + ":") || $0.hasPrefix("services.yaml:") })
        }
    }

    @Test("YAML-shaped garbage never crashes", arguments: [
        "offices: &a [*a]\n", "offices:\n  - !!binary AAAA\n", "offices: {id: [}\n", "{{{{{{{{{{", "- - - - -\n",
        "offices:\n  - id:\n      - - x\n", "? [a]\n: b\n", "offices: 'unterminated\n", "%YAML 9.9\n---\noffices: []\n",
        String(repeating: "[", count: 2000),
    ])
    func yamlGarbage(_ text: String) {
        let lines = Self.load("offices.yaml", Array(text.utf8))
        #expect(lines.allSatisfy { $0.range(of: #"^[a-z]+\.yaml:\d+:\d+: "#, options: .regularExpression) != nil })
    }
}
