import VedettaCore
import Yams

extension RulesLoader {
    static let noticeKeys = [
        "id", "kind", "services", "action", "from", "to", "timeZone", "recurrence", "summary", "workaround",
    ]
    static let recurrenceKeys = ["frequency", "days", "start", "end"]

    static func parseNotices(_ root: Node, _ r: NodeReader) -> [ParsedRules.ParsedNotice] {
        guard let top = r.object(root, path: "", keys: ["timeZone", "notices"], required: ["notices"]) else { return [] }
        let fileZone = r.zone(top, "timeZone", fallback: .rome)
        guard let items = r.list(top, "notices") else { return [] }
        var result: [ParsedRules.ParsedNotice] = []
        for (i, item) in items.enumerated() {
            let path = "notices[\(i)]"
            guard let o = r.object(item, path: path, keys: noticeKeys,
                                   required: ["id", "kind", "services", "action", "from"]),
                  let idNode = o["id"], let id = r.string(o, "id")
            else { continue }
            let zone = r.zone(o, "timeZone", fallback: fileZone)
            let kind = r.choice(o, "kind", Notice.Kind.allCases.map(\.rawValue)).flatMap(Notice.Kind.init(rawValue:))
            let action = r.choice(o, "action", Notice.Action.allCases.map(\.rawValue)).flatMap(Notice.Action.init(rawValue:))
            let services = r.strings(o, "services") ?? []
            if services.isEmpty, let node = o["services"], case .sequence = node {
                r.report(.missingKey, at: node, "notice `\(id)` lists no services")
            }
            let from = instant(o, "from", zone: zone, endOfDay: false, r)
            let to = instant(o, "to", zone: zone, endOfDay: true, r)
            if let (f, _) = from, let (t, toNode) = to, t <= f {
                r.report(.invalidRange, at: toNode,
                         "notice `\(id)` ends before it starts: `to` \(t.rfc3339Seconds) is not after `from` \(f.rfc3339Seconds)")
            }
            var recurrence: Notice.Recurrence? = nil
            if let node = o["recurrence"] { recurrence = parseRecurrence(node, path: o.path("recurrence"), r) }
            guard let kind, let action, let (fromValue, _) = from else { continue }
            let notice = Notice(
                id: id, services: services.map(\.0), kind: kind, from: fromValue, to: to?.0, recurrence: recurrence,
                zone: zone, action: action, summary: r.localized(o, "summary"), workaround: r.localized(o, "workaround"))
            result.append(ParsedRules.ParsedNotice(notice: notice, idNode: idNode, services: services))
        }
        return result
    }

    static func instant(
        _ o: NodeReader.Object, _ key: String, zone: ZoneRule, endOfDay: Bool, _ r: NodeReader
    ) -> (Timestamp, Node)? {
        guard let (text, node) = r.scalar(o, key, expected: "a date or a time") else { return nil }
        guard let t = LocalDateText.instant(text, zone: zone, endOfDay: endOfDay) else {
            r.report(.invalidValue, at: node,
                     "invalid time `\(text)` for `\(o.path(key))`; write 2026-02-01, 2026-02-01 08:30 or an RFC 3339 time with offset")
            return nil
        }
        return (t, node)
    }

    static func parseRecurrence(_ node: Node, path: String, _ r: NodeReader) -> Notice.Recurrence? {
        guard let o = r.object(node, path: path, keys: recurrenceKeys, required: ["frequency", "start", "end"]) else {
            return nil
        }
        let frequency = r.choice(o, "frequency", Notice.Recurrence.Frequency.allCases.map(\.rawValue))
            .flatMap(Notice.Recurrence.Frequency.init(rawValue:))
        var days: [Int] = []
        for (text, node) in r.strings(o, "days") ?? [] {
            guard let d = LocalDateText.weekday(text) else {
                r.report(.invalidValue, at: node, "unknown weekday `\(text)` in `\(o.path("days"))`; use mon … sun or lun … dom")
                continue
            }
            if !days.contains(d) { days.append(d) }
        }
        if frequency == .weekly, o["days"] == nil {
            r.report(.missingKey, at: node, "`\(path)` is weekly and must list its `days`")
        }
        if frequency == .daily, let key = o.keyNode("days") {
            r.report(.unknownKey, at: key, "`\(path)` is daily; `days` applies only to weekly recurrences")
        }
        func time(_ key: String) -> LocalTime? {
            guard let (text, node) = r.scalar(o, key, expected: "a time of day such as 23:00") else { return nil }
            guard let t = LocalTime(text: text), t.hour < 24 || key == "end" else {
                r.report(.invalidValue, at: node, "invalid time of day `\(text)` for `\(o.path(key))`; write HH:MM such as 23:00")
                return nil
            }
            return t
        }
        let start = time("start")
        let end = time("end")
        guard let frequency, let start, let end else { return nil }
        return Notice.Recurrence(frequency: frequency, weekdays: days, start: start, end: end)
    }
}
