import VedettaCore

/// The "hot topics" newsletter draft for staff: the period's incidents and growing topics in plain language,
/// and the known problems with what to tell users. Supervisors edit it before sending.
public struct Newsletter: Hashable, Sendable {
    /// A titled group of paragraphs.
    public struct Section: Hashable, Sendable {
        /// Heading (empty for the opening).
        public var heading: String
        /// Paragraphs.
        public var paragraphs: [String]
    }

    /// Sections in reading order.
    public var sections: [Section]

    /// The draft of `data` in `language`.
    public init(_ data: ReportData, language: Language) {
        let s = ReportStrings.for(language)
        var sections: [Section] = []
        var opening = [s.newsletterIntro.filling(data.period.name)]
        let real = data.incidents.filter { !$0.falsePositive }
        if real.isEmpty { opening.append(s.newsletterQuiet) }
        sections.append(Section(heading: "", paragraphs: opening))
        if !real.isEmpty {
            sections.append(Section(heading: s.incidents, paragraphs: real.map { incident in
                var text = s.newsletterIncident.filling(incident.serviceName, incident.title, String(incident.requesters),
                                                        ReportFormatting.time(incident.firstSeen, data))
                text += " " + (incident.resolvedAt.map { s.newsletterResolved.filling(ReportFormatting.time($0, data)) }
                               ?? s.newsletterOpen)
                return text
            }))
        }
        if !data.growingClusters.isEmpty {
            sections.append(Section(heading: s.growing, paragraphs: data.growingClusters.map { cluster in
                var text = s.newsletterCluster.filling(cluster.label, String(cluster.tickets), String(cluster.ticketsPrevious))
                if let faq = data.faq.first(where: { $0.cluster == cluster.cluster }), let answer = faq.answer {
                    text += " " + s.answer + ": " + answer
                }
                return text
            }))
        }
        let known = data.notices.compactMap { notice -> String? in
            let summary = language == .english ? notice.summaryEN ?? notice.summaryIT : notice.summaryIT ?? notice.summaryEN
            let workaround = language == .english ? notice.workaroundEN ?? notice.workaroundIT
                : notice.workaroundIT ?? notice.workaroundEN
            guard summary != nil || workaround != nil else { return nil }
            var text = notice.services.joined(separator: ", ") + ": " + (summary ?? "")
            if let workaround { text += " " + s.workaround + ": " + workaround }
            return text
        }
        if !known.isEmpty { sections.append(Section(heading: s.newsletterKnown, paragraphs: known)) }
        self.sections = sections
    }
}
