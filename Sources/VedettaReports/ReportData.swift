import Foundation
import VedettaCore

/// Everything a supervisors' report shows, computed once from the store and rendered to HTML, CSV, Markdown
/// or JSON. Language-neutral (renderers translate) and deterministic: every list is sorted, every quoted user
/// text is already redacted.
public struct ReportData: Hashable, Sendable, Codable {
    /// The period covered.
    public var period: ReportPeriod
    /// The period the trends compare against.
    public var previousPeriod: ReportPeriod
    /// Headline figures.
    public var totals: Totals
    /// Volumes by queue.
    public var byQueue: [VolumeRow]
    /// Volumes by channel.
    public var byChannel: [VolumeRow]
    /// Volumes by service.
    public var byService: [VolumeRow]
    /// Volumes by requester kind.
    public var byRequesterKind: [VolumeRow]
    /// Opened tickets by local weekday (0 = Monday) and hour: 7 rows of 24.
    public var heatMap: [[Int]]
    /// Time series (hourly for a day, daily otherwise).
    public var series: Series
    /// Incidents active during the period, by opening time.
    public var incidents: [IncidentSummary]
    /// Alerts per office.
    public var offices: [OfficeAlerts]
    /// False alerts per rule (service and route).
    public var falseAlerts: [FalseAlertRow]
    /// Recurring clusters: FAQ candidates.
    public var faq: [FAQCandidate]
    /// Clusters growing against the previous period.
    public var growingClusters: [ClusterTrend]
    /// Known problems and maintenance active in the period (from `notices.yaml`).
    public var notices: [NoticeItem]

    /// Headline figures, with the previous period's for trends.
    public struct Totals: Hashable, Sendable, Codable {
        /// Distinct tickets opened.
        public var tickets: Int
        /// Same, previous period.
        public var ticketsPrevious: Int
        /// Events of every type.
        public var events: Int
        /// Same, previous period.
        public var eventsPrevious: Int
        /// Distinct requesters among opened tickets.
        public var requesters: Int
        /// Events by type (`opened`, `escalated`, …), sorted by type.
        public var eventsByType: [Count]
        /// Incidents opened in the period.
        public var incidentsOpened: Int
        /// Same, previous period.
        public var incidentsOpenedPrevious: Int
        /// Incidents active at some point of the period.
        public var incidentsActive: Int
        /// Incidents marked false positive among the active ones.
        public var falsePositives: Int
        /// Median detection lead time in minutes over incidents that have a reference, nil when none.
        public var medianLeadMinutes: Int?
        /// Mails delivered / dead-lettered / pending, over the active incidents.
        public var mailsDelivered: Int
        /// Dead-lettered mails.
        public var mailsDead: Int
        /// Pending deliveries (file or mail).
        public var pending: Int
        /// Alert files delivered.
        public var filesDelivered: Int
    }

    /// A key with a count.
    public struct Count: Hashable, Sendable, Codable {
        /// Key.
        public var key: String
        /// Count.
        public var count: Int
    }

    /// Volume of one value of a dimension.
    public struct VolumeRow: Hashable, Sendable, Codable {
        /// The value (`unknown` when the events do not say).
        public var key: String
        /// Display name (a service's name from the catalogue; else the key).
        public var name: String
        /// Distinct opened tickets.
        public var tickets: Int
        /// Events of every type.
        public var events: Int
        /// Distinct opened tickets in the previous period, when known (services only).
        public var ticketsPrevious: Int?
    }

    /// A time series of the period.
    public struct Series: Hashable, Sendable, Codable {
        /// `hour` or `day`.
        public var granularity: String
        /// Buckets in time order.
        public var points: [Point]

        /// One bucket.
        public struct Point: Hashable, Sendable, Codable {
            /// Local label: `2026-03-02` or `08:00`.
            public var label: String
            /// Bucket start.
            public var start: Timestamp
            /// Distinct tickets opened in the bucket.
            public var tickets: Int
            /// Events in the bucket.
            public var events: Int
            /// Incidents whose first alert is in the bucket.
            public var incidents: Int
        }
    }

    /// One incident of the period.
    public struct IncidentSummary: Hashable, Sendable, Codable {
        /// Incident id.
        public var id: String
        /// Readable label (redacted).
        public var title: String
        /// Service id.
        public var service: String
        /// Service display name.
        public var serviceName: String
        /// Owning office, if known.
        public var owner: String?
        /// Highest severity over its revisions.
        public var severity: Severity
        /// State of the latest revision.
        public var state: IncidentState
        /// First report.
        public var firstSeen: Timestamp
        /// First alert.
        public var openedAt: Timestamp
        /// Resolution, if resolved.
        public var resolvedAt: Timestamp?
        /// Tickets grouped into it.
        public var tickets: Int
        /// Distinct requesters affected.
        public var requesters: Int
        /// Timeline: first report, first alert, each update, resolution.
        public var timeline: [TimelineEntry]
        /// Detection lead time.
        public var lead: LeadTime
        /// Offices alerted (with a delivered or pending delivery), sorted.
        public var officesAlerted: [String]
        /// Alert files delivered.
        public var filesDelivered: Int
        /// Mails delivered.
        public var mailsDelivered: Int
        /// Mails dead-lettered.
        public var mailsDead: Int
        /// Deliveries still pending.
        public var pending: Int
        /// Routes that chose the offices, sorted.
        public var routes: [String]
        /// Whether an operator marked it a false positive.
        public var falsePositive: Bool
        /// The operator's note (redacted).
        public var markNote: String?
        /// Representative reports (redacted).
        public var samples: [String]
        /// Error codes.
        public var errorCodes: [String]
        /// Notice ids attached to its revisions.
        public var notices: [String]
        /// Whether a notice silenced its delivery.
        public var silenced: Bool
    }

    /// One step of an incident's timeline.
    public struct TimelineEntry: Hashable, Sendable, Codable {
        /// `first-report`, `first-alert`, `update`, `resolution`.
        public var kind: String
        /// When.
        public var at: Timestamp
        /// Revision number (none for the first report).
        public var revision: Int?
        /// Severity at that revision.
        public var severity: Severity?
        /// Tickets and requesters at that revision.
        public var tickets: Int?
        /// Requesters.
        public var requesters: Int?
        /// What changed (machine keys), sorted.
        public var changes: [String]
    }

    /// How early Vedetta alerted compared with the formal channel.
    public struct LeadTime: Hashable, Sendable, Codable {
        /// What the first alert is compared with: `escalation` (the earliest `escalated` event of its tickets),
        /// `resolution` (their earliest `resolved` event, when none was escalated) or `none`.
        public var basis: String
        /// The reference instant.
        public var reference: Timestamp?
        /// Reference minus first alert, minutes: positive when Vedetta was earlier.
        public var minutes: Int?
    }

    /// Alerts of one office.
    public struct OfficeAlerts: Hashable, Sendable, Codable {
        /// Office id.
        public var office: String
        /// Office name (from the rules; else the id).
        public var name: String
        /// Incidents with at least one delivery to the office.
        public var incidents: Int
        /// Alert files delivered.
        public var filesDelivered: Int
        /// Mails delivered.
        public var mailsDelivered: Int
        /// Mails dead-lettered.
        public var mailsDead: Int
        /// Deliveries pending.
        public var pending: Int
    }

    /// Alerts and false alerts of one rule: a service and the route that delivered it.
    public struct FalseAlertRow: Hashable, Sendable, Codable {
        /// Service id.
        public var service: String
        /// Route path (`-` when nothing was delivered, e.g. silenced).
        public var route: String
        /// Incidents of this rule in the period.
        public var alerts: Int
        /// Of which marked false positive.
        public var falsePositives: Int
        /// Their ids, sorted.
        public var incidents: [String]
    }

    /// A recurring cluster proposed as an FAQ entry.
    public struct FAQCandidate: Hashable, Sendable, Codable {
        /// Cluster id.
        public var cluster: String
        /// Label (redacted).
        public var label: String
        /// Service id, if any.
        public var service: String?
        /// Tickets assigned in the period.
        public var tickets: Int
        /// Tickets assigned in the previous period.
        public var ticketsPrevious: Int
        /// Distinct requesters over the cluster's life.
        public var requesters: Int
        /// A representative report in the users' words (redacted).
        public var question: String
        /// The most common resolution (redacted), if any is known.
        public var answer: String?
        /// How many resolutions say the same.
        public var answerCount: Int
    }

    /// A cluster's volume against the previous period.
    public struct ClusterTrend: Hashable, Sendable, Codable {
        /// Cluster id.
        public var cluster: String
        /// Label (redacted).
        public var label: String
        /// Service id, if any.
        public var service: String?
        /// Tickets in the period.
        public var tickets: Int
        /// Tickets in the previous period.
        public var ticketsPrevious: Int
        /// A representative report (redacted).
        public var sample: String?
    }

    /// A notice from the rules active in the period.
    public struct NoticeItem: Hashable, Sendable, Codable {
        /// Notice id.
        public var id: String
        /// `known-problem` or `maintenance`.
        public var kind: String
        /// Services it covers.
        public var services: [String]
        /// Summary, Italian.
        public var summaryIT: String?
        /// Summary, English.
        public var summaryEN: String?
        /// Workaround, Italian.
        public var workaroundIT: String?
        /// Workaround, English.
        public var workaroundEN: String?
    }
}

extension ReportData {
    /// The JSON form: sorted keys, pretty-printed, RFC 3339 times, a final newline.
    public func jsonText() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}
