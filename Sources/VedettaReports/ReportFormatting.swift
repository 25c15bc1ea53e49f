import VedettaCore

/// Small formatting rules shared by the renderers.
enum ReportFormatting {
    /// `1 h 05 min`, `45 min`, `2 d 3 h`; the sign is the caller's business.
    static func duration(minutes: Int) -> String {
        let m = abs(minutes)
        if m < 60 { return "\(m) min" }
        if m < 48 * 60 { return "\(m / 60) h " + CivilDate.pad(m % 60, 2) + " min" }
        return "\(m / 1440) d \((m % 1440) / 60) h"
    }

    /// `+25%`, `-10%`, `=`, or the word for new when there was nothing before.
    static func change(_ current: Int, _ previous: Int, new: String) -> String {
        if current == previous { return "=" }
        if previous == 0 { return new }
        let percent = Int((Double(current - previous) * 100 / Double(previous)).rounded())
        return (percent > 0 ? "+" : "") + "\(percent)%"
    }

    /// The lead time in words: `1 h 05 min earlier (against …)`.
    static func lead(_ lead: ReportData.LeadTime, _ s: ReportStrings) -> String {
        guard let minutes = lead.minutes else { return s.leadNone }
        let basis = lead.basis == "escalation" ? s.leadEscalation : s.leadResolution
        return duration(minutes: minutes) + " " + (minutes >= 0 ? s.leadEarlier : s.leadLater) + " (" + basis + ")"
    }

    static func time(_ t: Timestamp, _ data: ReportData) -> String { LocalClock.format(t, zone: data.period.zoneRule) }

    static func time(_ t: Timestamp, _ zone: ZoneRule) -> String { LocalClock.format(t, zone: zone) }

    static func key(_ key: String, _ s: ReportStrings) -> String { key == EventAggregator.unknown ? s.unknown : key }

    static func timelineKind(_ kind: String, _ s: ReportStrings) -> String {
        switch kind {
        case "first-report": s.firstReport
        case "first-alert": s.firstAlert
        case "resolution": s.resolution
        default: s.update
        }
    }

    static func periodLine(_ data: ReportData, _ s: ReportStrings) -> String {
        let zone = data.period.zoneRule
        return "\(data.period.name) (\(LocalClock.format(data.period.from, zone: zone)) – "
            + "\(LocalClock.format(data.period.to, zone: zone)), \(data.period.zone)); \(s.comparedWith) "
            + data.previousPeriod.name
    }
}
