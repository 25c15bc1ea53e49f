import VedettaCore

/// The values the templates see, computed once per rendering. Language-dependent words come from
/// `AlertVocabulary`; free texts (title, terms, samples) are redacted here, so no template can leak them.
struct AlertView {
    let context: AlertContext

    var dictionary: [String: Any] {
        let incident = context.incident
        let words = AlertVocabulary(language: context.office.locale)
        var view: [String: Any] = [
            "id": incident.id,
            "revision": incident.revision,
            "state": incident.state.rawValue,
            "stateLabel": words.state(incident.state),
            "severity": words.severity(incident.severity),
            "severityColor": Self.color(incident.severity),
            "service": incident.serviceName,
            "serviceID": incident.service,
            "title": Redactor.redact(incident.title),
            "office": context.office.name,
            "officeID": context.office.id,
            "owner": context.owner?.name ?? incident.owner ?? "—",
            "route": context.delivery.route,
            "escalation": context.delivery.escalation,
            "key": context.delivery.key(for: incident),
            "firstSeen": words.time(incident.firstSeen),
            "lastSeen": words.time(incident.lastSeen),
            "openedAt": words.time(incident.openedAt),
            "updatedAt": words.time(incident.updatedAt),
            "tickets": incident.counts.tickets,
            "requesters": incident.counts.requesters,
            "r15": incident.counts.requesters15m,
            "r1h": incident.counts.requesters1h,
            "r4h": incident.counts.requesters4h,
            "growth": words.decimal(incident.growth) + "×",
            "expected": words.decimal(incident.expectedPerHour),
            "firing": incident.state == .firing,
            "updated": incident.state == .updated,
            "resolved": incident.state == .resolved,
            "reopened": incident.reopened,
        ]
        if !incident.channels.isEmpty { view["channels"] = words.tallies(incident.channels) }
        if !incident.regions.isEmpty { view["regions"] = words.tallies(incident.regions) }
        if !incident.requesterKinds.isEmpty { view["requesterKinds"] = words.tallies(incident.requesterKinds) }
        if !incident.offices.isEmpty { view["localOffices"] = words.tallies(incident.offices) }
        if !incident.queues.isEmpty { view["queues"] = words.tallies(incident.queues) }
        if !incident.sharedTerms.isEmpty {
            view["sharedTerms"] = incident.sharedTerms.map(Redactor.redact).joined(separator: ", ")
        }
        if !incident.errorCodes.isEmpty { view["errorCodes"] = incident.errorCodes.joined(separator: ", ") }
        if !incident.reason.isEmpty { view["reason"] = Redactor.redact(incident.reason) }
        if !incident.relatedServices.isEmpty { view["relatedServices"] = incident.relatedServices.joined(separator: ", ") }
        if let upstream = incident.inhibitedBy { view["inhibitedBy"] = upstream }
        let samples: [[String: Any]] = incident.samples.prefix(5).map { sample in
            var item: [String: Any] = [
                "ticket": sample.ticket, "at": words.time(sample.at),
                "text": Self.flatten(Redactor.redact(sample.text)),
            ]
            if let channel = sample.channel { item["channel"] = channel }
            return item
        }
        if !samples.isEmpty {
            view["samples"] = samples
            view["hasSamples"] = true
        }
        let notices: [[String: Any]] = incident.notices.map { notice in
            var item: [String: Any] = ["id": notice.id, "kind": notice.kind]
            let workaround = context.office.locale == .english
                ? (notice.workaroundEN ?? notice.workaroundIT) : (notice.workaroundIT ?? notice.workaroundEN)
            if let workaround, !workaround.isEmpty { item["workaround"] = workaround }
            return item
        }
        if !notices.isEmpty { view["notices"] = notices }
        if incident.state == .updated {
            let lines = words.changeLines(incident, previous: context.previous)
            if !lines.isEmpty { view["changes"] = lines.map { ["line": $0] } }
        }
        if let resolvedAt = incident.resolvedAt, incident.state == .resolved {
            view["resolvedAt"] = words.time(resolvedAt)
            view["duration"] = words.duration(resolvedAt.since(incident.firstSeen))
        }
        return view
    }

    /// The values of a digest mail.
    static func digest(_ items: [DigestItem], office: Office, at: Timestamp) -> [String: Any] {
        let words = AlertVocabulary(language: office.locale)
        let rows: [[String: Any]] = items.map { item in
            let incident = item.incident
            return [
                "id": incident.id, "revision": incident.revision,
                "severity": words.severity(incident.severity), "severityColor": color(incident.severity),
                "stateLabel": words.state(incident.state), "service": incident.serviceName,
                "title": Redactor.redact(incident.title), "tickets": incident.counts.tickets,
                "requesters": incident.counts.requesters, "updatedAt": words.time(incident.updatedAt),
            ]
        }
        return ["office": office.name, "officeID": office.id, "count": items.count, "items": rows,
                "at": words.time(at), "limit": office.maxMailsPerHour]
    }

    /// One line per quoted report: a sample's line breaks would break the list layout.
    static func flatten(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }

    static func color(_ severity: Severity) -> String {
        switch severity {
        case .info: "#546e7a"
        case .minor: "#f9a825"
        case .major: "#ef6c00"
        case .critical: "#c62828"
        }
    }
}
