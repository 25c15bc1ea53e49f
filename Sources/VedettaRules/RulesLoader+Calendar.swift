import VedettaCore
import Yams

extension RulesLoader {
    static let peakKeys = ["id", "services", "factor", "from", "to", "yearly", "monthly", "timeZone", "description"]

    static func parsePeaks(_ root: Node, _ r: NodeReader) -> [ParsedRules.ParsedPeak] {
        guard let top = r.object(root, path: "", keys: ["timeZone", "peaks"], required: ["peaks"]) else { return [] }
        let fileZone = r.zone(top, "timeZone", fallback: .rome)
        guard let items = r.list(top, "peaks") else { return [] }
        var result: [ParsedRules.ParsedPeak] = []
        for (i, item) in items.enumerated() {
            let path = "peaks[\(i)]"
            guard let o = r.object(item, path: path, keys: peakKeys, required: ["id", "services", "factor"]),
                  let idNode = o["id"], let id = r.string(o, "id")
            else { continue }
            _ = r.string(o, "description")
            let zone = r.zone(o, "timeZone", fallback: fileZone)
            let services = r.strings(o, "services") ?? []
            var factor: Double? = nil
            if let (f, node) = r.double(o, "factor") {
                if f <= 0 {
                    r.report(.invalidValue, at: node, "`\(o.path("factor"))` must be above 0, found \(NodeReader.found(node))")
                } else {
                    factor = f
                }
            }
            let spans = ["from", "yearly", "monthly"].filter { o[$0] != nil }
            guard spans.count == 1 else {
                if spans.isEmpty {
                    r.report(.missingKey, at: item, "`\(path)` needs one of `from`/`to`, `yearly` or `monthly`")
                } else {
                    r.report(.invalidValue, at: o.keyNode(spans[1]),
                             "`\(path)` may use only one of `from`/`to`, `yearly` or `monthly`, found `\(spans[0])` and `\(spans[1])`")
                }
                continue
            }
            var span: CalendarPeak.Span? = nil
            switch spans[0] {
            case "from":
                let from = instant(o, "from", zone: zone, endOfDay: false, r)
                let to = instant(o, "to", zone: zone, endOfDay: true, r)
                if o["to"] == nil { r.report(.missingKey, at: item, "`\(path)` has `from` but no `to`") }
                if let (f, _) = from, let (t, toNode) = to {
                    if t <= f {
                        r.report(.invalidRange, at: toNode,
                                 "peak `\(id)` ends before it starts: `to` \(t.rfc3339Seconds) is not after `from` \(f.rfc3339Seconds)")
                    } else {
                        span = .once(from: f, to: t)
                    }
                }
            case "yearly":
                span = parseYearly(o["yearly"]!, path: o.path("yearly"), r)
            default:
                span = parseMonthly(o["monthly"]!, path: o.path("monthly"), r)
            }
            if o["to"] != nil, spans[0] != "from", let key = o.keyNode("to") {
                r.report(.unknownKey, at: key, "`to` in `\(path)` applies only with `from`")
            }
            guard let span, let factor else { continue }
            result.append(ParsedRules.ParsedPeak(
                peak: CalendarPeak(id: id, services: services.map(\.0), span: span, factor: factor, zone: zone),
                idNode: idNode, services: services))
        }
        return result
    }

    static func parseYearly(_ node: Node, path: String, _ r: NodeReader) -> CalendarPeak.Span? {
        guard let o = r.object(node, path: path, keys: ["from", "to"], required: ["from", "to"]) else { return nil }
        func md(_ key: String) -> (Int, Int)? {
            guard let (text, node) = r.scalar(o, key, expected: "a month and day such as 02-16") else { return nil }
            guard let v = LocalDateText.monthDay(text) else {
                r.report(.invalidValue, at: node, "invalid month and day `\(text)` for `\(o.path(key))`; write MM-DD such as 02-16")
                return nil
            }
            return v
        }
        guard let (fm, fd) = md("from"), let (tm, td) = md("to") else { return nil }
        return .yearly(fromMonth: fm, fromDay: fd, toMonth: tm, toDay: td)
    }

    static func parseMonthly(_ node: Node, path: String, _ r: NodeReader) -> CalendarPeak.Span? {
        guard let o = r.object(node, path: path, keys: ["fromDay", "toDay"], required: ["fromDay", "toDay"]) else {
            return nil
        }
        func day(_ key: String) -> Int? {
            guard let (d, node) = r.int(o, key) else { return nil }
            guard (1...31).contains(d) || (-28 ... -1).contains(d) else {
                r.report(.invalidValue, at: node,
                         "`\(o.path(key))` must be a day 1…31, or -1…-28 counting from the end of the month, found \(NodeReader.found(node))")
                return nil
            }
            return d
        }
        guard let f = day("fromDay"), let t = day("toDay") else { return nil }
        return .monthly(fromDay: f, toDay: t)
    }
}
