/// A known problem or a planned maintenance window (`rules/notices.yaml`): alerts on its services while it is
/// active are silenced or annotated with its workaround.
public struct Notice: Hashable, Sendable {
    /// What the notice announces.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// A problem the owners already know about, usually with a workaround.
        case knownProblem = "known-problem"
        /// Planned downtime.
        case maintenance
    }

    /// What happens to matching alerts.
    public enum Action: String, Hashable, Sendable, CaseIterable {
        /// No alert is sent; the incident is still recorded and reported.
        case silence
        /// The alert is sent with the notice and its workaround attached.
        case annotate
    }

    /// A window that repeats every day or on some weekdays, in the notice's time zone.
    public struct Recurrence: Hashable, Sendable {
        /// How often the window repeats.
        public enum Frequency: String, Hashable, Sendable, CaseIterable {
            /// Every day.
            case daily
            /// On the listed weekdays.
            case weekly
        }

        /// How often.
        public var frequency: Frequency
        /// Weekdays on which a window starts (0 = Monday … 6 = Sunday); all seven for `daily`.
        public var weekdays: [Int]
        /// Local time the window opens.
        public var start: LocalTime
        /// Local time the window closes; at or before `start` means the next day (a window across midnight).
        public var end: LocalTime

        /// Creates a recurrence.
        public init(frequency: Frequency, weekdays: [Int] = Array(0...6), start: LocalTime, end: LocalTime) {
            self.frequency = frequency
            self.weekdays = frequency == .daily ? Array(0...6) : weekdays.sorted()
            self.start = start
            self.end = end
        }

        /// Whether a window ends on the day after it starts.
        public var crossesMidnight: Bool { end <= start }
    }

    /// Stable id.
    public var id: String
    /// Ids of the services it covers.
    public var services: [String]
    /// Known problem or maintenance.
    public var kind: Kind
    /// Start of validity (for a one-off notice, the start of the window).
    public var from: Timestamp
    /// End of validity, exclusive; nil means until removed from the rules.
    public var to: Timestamp?
    /// Repeating window inside the validity; nil means the whole validity is one window.
    public var recurrence: Recurrence?
    /// Zone of the recurrence times.
    public var zone: ZoneRule
    /// Silence or annotate.
    public var action: Action
    /// Short description of the problem or the maintenance.
    public var summary: LocalizedText
    /// What users or operators can do meanwhile.
    public var workaround: LocalizedText

    /// Creates a notice.
    public init(
        id: String, services: [String], kind: Kind, from: Timestamp, to: Timestamp? = nil,
        recurrence: Recurrence? = nil, zone: ZoneRule = .rome, action: Action, summary: LocalizedText = LocalizedText(),
        workaround: LocalizedText = LocalizedText()
    ) {
        self.id = id
        self.services = services
        self.kind = kind
        self.from = from
        self.to = to
        self.recurrence = recurrence
        self.zone = zone
        self.action = action
        self.summary = summary
        self.workaround = workaround
    }
}
