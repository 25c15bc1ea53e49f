import Testing
import VedettaCore
import VedettaRules

@Suite("Route tree")
struct RouteTreeTests {
    static func m(_ text: String) -> LabelMatcher {
        guard case let .success(matcher)? = LabelMatcher.parse(text) else { fatalError("bad matcher \(text)") }
        return matcher
    }

    /// A tree exercising continue, fallback to parent, regex, negation and inheritance.
    static let tree = RouteTree(root: RouteNode(
        name: "root", receivers: ["cc"], repeatInterval: .hours(4),
        routes: [
            RouteNode(name: "copy-major", matchers: [m("queue != helpdesk"), m("severity =~ major|critical")],
                      receivers: ["cc"], continueMatching: true),
            RouteNode(name: "login", matchers: [m("service = autenticazione")], receivers: ["idd"],
                      escalateAfter: .minutes(30), escalateTo: ["portale"], inhibitDependents: true,
                      routes: [RouteNode(name: "login-lazio", matchers: [m("region = Lazio")], repeatInterval: .minutes(30))]),
            RouteNode(name: "rapporto", matchers: [m("service =~ durc-.*|autoliquidazione")], receivers: ["ra"],
                      routes: [
                          RouteNode(name: "not-web", matchers: [m("channel !~ web|chat")], receivers: ["ra", "cc"]),
                      ]),
            RouteNode(name: "helpdesk", matchers: [m("queue = helpdesk")], receivers: ["si"]),
        ]))

    struct Case: Sendable, CustomStringConvertible {
        var labels: RouteLabels
        var receivers: [[String]]
        var leaves: [String]
        var description: String { leaves.joined(separator: "+") }
    }

    static let cases: [Case] = [
        // Fallback to the root for an unknown service.
        Case(labels: RouteLabels(service: "sconosciuto", queue: "backoffice"), receivers: [["cc"]], leaves: ["root"]),
        // Child without receivers inherits them; its own repeat interval applies.
        Case(labels: RouteLabels(service: "autenticazione", region: "Lazio"), receivers: [["idd"]], leaves: ["login-lazio"]),
        // No child of `login` matches: `login` itself takes it.
        Case(labels: RouteLabels(service: "autenticazione", region: "Puglia"), receivers: [["idd"]], leaves: ["login"]),
        // `continue` adds the copy, then the owning route matches too.
        Case(labels: RouteLabels(service: "autenticazione", queue: "backoffice", severity: .critical),
             receivers: [["cc"], ["idd"]], leaves: ["copy-major", "login"]),
        // Negated matcher on an absent label: `queue != helpdesk` holds when queue is absent. A matching child
        // with `continue` still counts as a match, so the parent does not add itself (Alertmanager semantics).
        Case(labels: RouteLabels(service: "vpn", severity: .major), receivers: [["cc"]], leaves: ["copy-major"]),
        // Negation excludes the help desk: no copy.
        Case(labels: RouteLabels(service: "vpn", queue: "helpdesk", severity: .major), receivers: [["si"]], leaves: ["helpdesk"]),
        // Regex alternation with `.*`, then `!~`.
        Case(labels: RouteLabels(service: "durc-online", channel: "web"), receivers: [["ra"]], leaves: ["rapporto"]),
        Case(labels: RouteLabels(service: "durc-online", channel: "pec"), receivers: [["ra", "cc"]], leaves: ["not-web"]),
        Case(labels: RouteLabels(service: "autoliquidazione", channel: "chat"), receivers: [["ra"]], leaves: ["rapporto"]),
        // Anchoring: `durc-.*` does not match `mydurc-online`.
        Case(labels: RouteLabels(service: "mydurc-online"), receivers: [["cc"]], leaves: ["root"]),
    ]

    @Test("matches", arguments: cases)
    func matches(_ c: Case) {
        let result = Self.tree.match(c.labels)
        #expect(result.map(\.receivers) == c.receivers)
        #expect(result.map { $0.path.last!.name } == c.leaves)
        #expect(result.allSatisfy { $0.path.first?.name == "root" })
    }

    @Test("settings inherit down the path")
    func inheritance() throws {
        let lazio = try #require(Self.tree.match(RouteLabels(service: "autenticazione", region: "Lazio")).first)
        #expect(lazio.repeatInterval == .minutes(30))
        #expect(lazio.escalateAfter == .minutes(30))
        #expect(lazio.escalateTo == ["portale"])
        #expect(lazio.inhibitDependents)
        #expect(lazio.path.map(\.indexPath) == [[], [1], [1, 0]])
        #expect(lazio.path[2].reasons == ["region = Lazio (region is `Lazio`)"])
        let root = try #require(Self.tree.match(RouteLabels(service: "x")).first)
        #expect(root.repeatInterval == .hours(4))
        #expect(root.escalateAfter == nil)
        #expect(!root.inhibitDependents)
    }

    @Test("an empty tree routes to nobody but still answers")
    func emptyTree() {
        let result = RouteTree(root: RouteNode()).match(RouteLabels(service: "x"))
        #expect(result.count == 1)
        #expect(result[0].receivers.isEmpty)
        #expect(result[0].repeatInterval == RouteTree.defaultRepeatInterval)
    }
}

@Suite("Label patterns")
struct LabelPatternTests {
    @Test("match table", arguments: [
        ("durc-online", "durc-online", true), ("durc.*", "durc-online", true), ("durc", "durc-online", false),
        ("a|b", "b", true), ("a|b", "ab", false), ("(denuncia|certificati)-.*", "denuncia-infortunio", true),
        ("(?:vpn|posta)-?x?", "vpn", true), ("[a-c]+\\d", "abca7", true), ("[^a-c]+", "xyz", true), ("[^a-c]+", "xaz", false),
        ("colou?r", "color", true), ("colou?r", "colour", true), ("a+", "", false), ("a*", "", true), ("", "", true),
        ("x\\.y", "x.y", true), ("x\\.y", "xzy", false), ("(a|)+b", "aab", true), ("Lazio|Campania", "Lazio", true),
    ])
    func table(_ pattern: String, _ value: String, _ expected: Bool) throws {
        let p = try LabelPattern.compile(pattern).get()
        #expect(p.matches(value) == expected)
    }

    @Test("syntax errors", arguments: [
        ("(abc", "missing `)`", 0), ("abc)", "unmatched `)`", 3), ("*a", "quantifier `*` with nothing to repeat", 0),
        ("a**", "repeated quantifier `*`", 2), ("[abc", "missing `]`", 0), ("a\\", "trailing `\\`", 1),
        ("\\q", "unknown escape `\\q`", 0), ("a{2}", "counted repetition `{…}` is not supported", 1),
        ("[z-a]", "inverted range `z-a`", 1),
    ])
    func errors(_ pattern: String, _ message: String, _ offset: Int) {
        guard case let .failure(e) = LabelPattern.compile(pattern) else {
            Issue.record("\(pattern) compiled")
            return
        }
        #expect(e.message == message)
        #expect(e.offset == offset)
    }

    @Test("matcher parsing")
    func parsing() throws {
        let m = try #require(try LabelMatcher.parse("service=~\"durc.*\"")?.get())
        #expect(m.label == .service)
        #expect(m.op == .matches)
        #expect(m.value == "durc.*")
        #expect(m.description == "service =~ durc.*")
        #expect(LabelMatcher.parse("office = x") == nil)
        #expect(LabelMatcher.parse("service ~ x") == nil)
        let ne = try #require(try LabelMatcher.parse("region  !=  Lazio")?.get())
        #expect(ne.op == .notEqual && ne.value == "Lazio")
    }
}
