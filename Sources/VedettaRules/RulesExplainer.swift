import VedettaCore

/// Explains what the rules would do with an incident: `vedetta rules test --service S [--severity X]
/// [--queue Q] [--channel C] [--region R]` prints these lines.
public struct RulesExplainer: Sendable {
    /// The rules explained.
    public let rules: RuleSet

    /// Explains `rules`.
    public init(rules: RuleSet) { self.rules = rules }

    /// The lines to print for an incident with `labels` at instant `now` (the shell passes the wall clock).
    public func explain(_ labels: RouteLabels, at now: Timestamp) -> [String] {
        var lines: [String] = []
        let serviceID = labels.service ?? ""
        let service = rules.service(id: serviceID)
        if let service {
            let owner = rules.office(id: service.office)
            lines.append("service `\(service.id)` (\(service.name)), owned by `\(service.office)`"
                + (owner.map { " (\($0.name))" } ?? ""))
        } else {
            lines.append("service `\(serviceID)` is not in the catalogue: it is kept as given and routed by the default route")
        }
        lines.append("labels: " + RouteLabel.allCases.map { "\($0.rawValue)=" + (labels[$0].isEmpty ? "(absent)" : labels[$0]) }
            .joined(separator: " "))

        let matches = rules.routes.match(labels)
        for (i, m) in matches.enumerated() {
            lines.append("route \(i + 1) of \(matches.count): " + m.path.map(\.name).joined(separator: " > ")
                + " -> " + (m.receivers.isEmpty ? "(no receiver)" : m.receivers.joined(separator: ", ")))
            for step in m.path { lines.append("  \(step.name): " + step.reasons.joined(separator: "; ")) }
            var settings = "  repeat every \(m.repeatInterval.ruleText)"
            if let after = m.escalateAfter, !m.escalateTo.isEmpty {
                settings += "; escalate after \(after.ruleText) to " + m.escalateTo.joined(separator: ", ")
            } else {
                settings += "; no escalation"
            }
            settings += m.inhibitDependents ? "; inhibits incidents of dependent services" : "; groups incidents of dependent services"
            lines.append(settings)
        }
        var receivers: [String] = []
        for m in matches {
            for r in m.receivers + m.escalateTo where !receivers.contains(r) { receivers.append(r) }
        }
        for id in receivers {
            guard let o = rules.office(id: id) else { continue }
            let mail = o.emails.isEmpty ? "alert files only" : "mail " + o.emails.joined(separator: ", ")
            lines.append("office `\(o.id)` (\(o.name)): \(mail), at most \(o.maxMailsPerHour) mails/h, locale \(o.locale.rawValue), digest \(o.digest.rawValue), alert folder \(o.alertFolder)")
        }

        let locale = service.flatMap { rules.office(id: $0.office)?.locale } ?? .italian
        let notices = rules.noticeMatcher.active(for: serviceID, at: now)
        if notices.isEmpty {
            lines.append("notices at \(now.rfc3339Seconds): none active")
        }
        for n in notices {
            let window = n.window(containing: now)
            let until = window.map { $0.upperBound.milliseconds == Int64.max ? "until removed" : "until " + $0.upperBound.rfc3339Seconds }
                ?? ""
            var line = "notice `\(n.id)` (\(n.kind.rawValue)) active at \(now.rfc3339Seconds) \(until): "
                + (n.action == .silence ? "the alert would be silenced" : "the alert would be annotated")
            if let summary = n.summary.text(for: locale) { line += "; " + summary }
            lines.append(line)
            if let w = n.workaround.text(for: locale) { lines.append("  workaround: " + w) }
        }

        let peaks = rules.calendar.active(service: serviceID, at: now)
        if peaks.isEmpty {
            lines.append("calendar at \(now.rfc3339Seconds): no peak, expected volume x1")
        } else {
            let factor = rules.calendar.expectedFactor(service: serviceID, at: now)
            lines.append("calendar at \(now.rfc3339Seconds): peak " + peaks.map { "`\($0.id)` x\(Self.number($0.factor))" }
                .joined(separator: ", ") + ", expected volume x\(Self.number(factor))")
        }

        let upstream = rules.dependencies.upstream(of: serviceID)
        if upstream.isEmpty {
            lines.append("upstream: none (no dependsOn)")
        }
        for u in upstream {
            var upstreamLabels = labels
            upstreamLabels.service = u.service
            let inhibits = rules.routes.match(upstreamLabels).contains { $0.inhibitDependents }
            let how = u.distance == 1 ? "direct dependency" : "indirect dependency, \(u.distance) steps"
            lines.append("upstream `\(u.service)` (\(how)): an open incident there would "
                + (inhibits ? "inhibit this alert" : "group this incident with it"))
        }
        return lines
    }

    /// `4`, `1.8`: factors without a trailing `.0`.
    static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
    }
}
