import VedettaCore
import Yams

extension RulesLoader {
    static let officeKeys = ["id", "name", "emails", "alertDirectory", "locale", "maxMailsPerHour", "digest"]

    static func parseOffices(_ root: Node, _ r: NodeReader) -> [ParsedRules.ParsedOffice] {
        guard let top = r.object(root, path: "", keys: ["offices"], required: ["offices"]),
              let items = r.list(top, "offices")
        else { return [] }
        var result: [ParsedRules.ParsedOffice] = []
        for (i, item) in items.enumerated() {
            let path = "offices[\(i)]"
            guard let o = r.object(item, path: path, keys: officeKeys, required: ["id", "name"]),
                  let idNode = o["id"], let id = r.string(o, "id")
            else { continue }
            let name = r.string(o, "name") ?? id
            var emails: [String] = []
            for (address, node) in r.strings(o, "emails") ?? [] {
                let parts = address.split(separator: "@", omittingEmptySubsequences: false)
                if parts.count != 2 || parts[0].isEmpty || !parts[1].contains(".") || address.contains(" ") {
                    r.report(.invalidValue, at: node, "invalid mail address `\(address)` for office `\(id)`")
                } else {
                    emails.append(address)
                }
            }
            let locale = r.choice(o, "locale", ["it", "en"]).flatMap(Language.init(rawValue:)) ?? .italian
            var maxMails = 12
            if let (n, node) = r.int(o, "maxMailsPerHour") {
                if n < 1 {
                    r.report(.invalidValue, at: node, "`\(path).maxMailsPerHour` must be at least 1, found \(NodeReader.found(node))")
                } else {
                    maxMails = n
                }
            }
            let digest = r.choice(o, "digest", Office.Digest.allCases.map(\.rawValue)).flatMap(Office.Digest.init(rawValue:))
                ?? .daily
            let office = Office(id: id, name: name, emails: emails, alertDirectory: r.string(o, "alertDirectory"),
                                locale: locale, maxMailsPerHour: maxMails, digest: digest)
            result.append(ParsedRules.ParsedOffice(office: office, idNode: idNode))
        }
        return result
    }
}
