import VedettaCore

/// A simulation scenario: calendar, volumes, seasonality, rushes, load peaks, injected failures and planned
/// maintenance. Load one from YAML with `Scenario.load(yaml:file:)`; see `scenarios/README.md` for the format.
public struct Scenario: Sendable, Equatable {
    /// Scenario name (file stem by default).
    public var name: String
    /// Seed of every random draw: the same seed gives byte-identical output.
    public var seed: UInt64
    /// First instant simulated.
    public var start: Timestamp
    /// Length of the simulation.
    public var duration: Timestamp.Duration
    /// Tickets per ordinary weekday (weekday factor 1.0), per queue, in a fixed order.
    public var volumes: [QueueVolume]
    /// Relative share of each service within its queue, in a fixed order.
    public var mix: [ServiceShare]
    /// Relative ticket rate for each local hour 0…23 (Europe/Rome, EU summer-time rule).
    public var hourProfile: [Double]
    /// Volume factor per day of week, Monday first.
    public var weekdayProfile: [Double]
    /// Public holidays (local days), which get `holidayFactor` of an ordinary weekday.
    public var holidays: [Day]
    /// Volume factor of a holiday.
    public var holidayFactor: Double
    /// Share of requesters who write in English.
    public var englishShare: Double
    /// Share of `opened` events that carry the `service` field (the rest must be inferred from the text).
    public var serviceFieldShare: Double
    /// Chance of a typo per eligible word.
    public var typoRate: Double
    /// Requesters who file one complaint many times (one voice, not many).
    public var repeaters: Repeaters
    /// Deadline rushes: more ordinary questions on one service, not a failure.
    public var rushes: [Rush]
    /// Load peaks: every topic up together, many distinct users.
    public var peaks: [LoadPeak]
    /// Injected failures: the ground truth incidents.
    public var failures: [Failure]
    /// Planned maintenance windows.
    public var maintenance: [Maintenance]

    /// The end of the simulated period.
    public var end: Timestamp { start.adding(duration) }

    /// A local calendar day.
    public struct Day: Sendable, Equatable, Hashable {
        /// Year, month, day.
        public var year, month, day: Int
        /// A day.
        public init(year: Int, month: Int, day: Int) {
            self.year = year
            self.month = month
            self.day = day
        }
        /// Days since 1970-01-01.
        public var number: Int { CivilDate.daysFromCivil(year: year, month: month, day: day) }
    }

    /// Tickets per ordinary weekday for one queue.
    public struct QueueVolume: Sendable, Equatable {
        /// `backoffice` or `helpdesk`.
        public var queue: String
        /// Tickets on a weekday whose factor is 1.0.
        public var perWeekday: Double
        /// A volume.
        public init(queue: String, perWeekday: Double) {
            self.queue = queue
            self.perWeekday = perWeekday
        }
    }

    /// Relative weight of a service in a queue.
    public struct ServiceShare: Sendable, Equatable {
        /// Queue id.
        public var queue: String
        /// Service id.
        public var service: String
        /// Relative weight.
        public var weight: Double
        /// A share.
        public init(queue: String, service: String, weight: Double) {
            self.queue = queue
            self.service = service
            self.weight = weight
        }
    }

    /// Repeated complaints by one requester.
    public struct Repeaters: Sendable, Equatable {
        /// Repeating requesters per week.
        public var perWeek: Int
        /// Fewest and most filings per repeater.
        public var minimum, maximum: Int
        /// Repeater settings.
        public init(perWeek: Int, minimum: Int, maximum: Int) {
            self.perWeek = perWeek
            self.minimum = minimum
            self.maximum = maximum
        }
    }

    /// A deadline rush on one service.
    public struct Rush: Sendable, Equatable {
        /// Rush id.
        public var id: String
        /// Service whose questions multiply.
        public var service: String
        /// Window.
        public var start, end: Timestamp
        /// Rate factor at the top of the rush.
        public var factor: Double
        /// Time over which the factor climbs linearly from 1 to `factor` (zero: a step).
        public var ramp: Timestamp.Duration
        /// A rush.
        public init(id: String, service: String, start: Timestamp, end: Timestamp, factor: Double,
                    ramp: Timestamp.Duration) {
            self.id = id
            self.service = service
            self.start = start
            self.end = end
            self.factor = factor
            self.ramp = ramp
        }
    }

    /// A peak of all traffic from many distinct users.
    public struct LoadPeak: Sendable, Equatable {
        /// Peak id.
        public var id: String
        /// Window.
        public var start: Timestamp
        /// Length of the window.
        public var duration: Timestamp.Duration
        /// Extra tickets, each from a distinct requester.
        public var users: Int
        /// A peak.
        public init(id: String, start: Timestamp, duration: Timestamp.Duration, users: Int) {
            self.id = id
            self.start = start
            self.duration = duration
            self.users = users
        }
    }

    /// Kinds of injected failure.
    public enum FailureKind: String, Sendable, Equatable, CaseIterable {
        /// Step to a plateau within minutes.
        case sudden
        /// Slow-burning ramp over hours.
        case slow
        /// 10–20 requesters, vocabulary never seen before.
        case smallNew = "small-new"
        /// `autenticazione` fails; tickets land on several dependent services.
        case dependency
        /// A failure hidden in a deadline rush of the same service.
        case duringRush = "during-rush"
    }

    /// An injected failure.
    public struct Failure: Sendable, Equatable {
        /// Truth incident id (the events' `label`).
        public var id: String
        /// Kind.
        public var kind: FailureKind
        /// Failing service (`autenticazione` for a dependency failure).
        public var service: String
        /// Window: reports arrive only inside it.
        public var start, end: Timestamp
        /// Tickets per hour at the plateau (during office hours; fewer at night).
        public var rate: Double
        /// Time to reach the plateau.
        public var ramp: Timestamp.Duration
        /// Distinct requesters of a `small-new` failure.
        public var requesters: Int
        /// Error code the reports quote, e.g. `errore 503`, `E-1021`; nil picks one from the seed.
        public var code: String?
        /// Symptom family (see `scenarios/README.md`); nil picks one from the failure's position.
        public var symptom: String?
        /// Services on which a dependency failure is reported.
        public var dependents: [String]
        /// A failure.
        public init(id: String, kind: FailureKind, service: String, start: Timestamp, end: Timestamp,
                    rate: Double, ramp: Timestamp.Duration, requesters: Int = 15, code: String? = nil,
                    symptom: String? = nil, dependents: [String] = []) {
            self.id = id
            self.kind = kind
            self.service = service
            self.start = start
            self.end = end
            self.rate = rate
            self.ramp = ramp
            self.requesters = requesters
            self.code = code
            self.symptom = symptom
            self.dependents = dependents
        }
    }

    /// A planned maintenance window: people still write that the service is down.
    public struct Maintenance: Sendable, Equatable {
        /// Window id.
        public var id: String
        /// Service under maintenance.
        public var service: String
        /// Window.
        public var start, end: Timestamp
        /// Tickets per hour during office hours.
        public var rate: Double
        /// A window.
        public init(id: String, service: String, start: Timestamp, end: Timestamp, rate: Double) {
            self.id = id
            self.service = service
            self.start = start
            self.end = end
            self.rate = rate
        }
    }

    /// Office hours with a lunch dip: relative rate per local hour.
    public static let defaultHourProfile: [Double] = [
        0.05, 0.03, 0.02, 0.02, 0.03, 0.08, 0.2, 0.6, 1.7, 2.7, 3.0, 2.9, 2.2, 1.2, 1.8, 2.3, 2.1, 1.5, 0.8,
        0.4, 0.25, 0.18, 0.12, 0.08,
    ]
    /// Monday peak, quiet weekend.
    public static let defaultWeekdayProfile: [Double] = [1.25, 1.05, 1.0, 1.0, 0.9, 0.12, 0.05]

    /// Default service mix per queue.
    public static let defaultMix: [ServiceShare] = [
        ("backoffice", "autenticazione", 13.0), ("backoffice", "denuncia-infortunio", 12),
        ("backoffice", "denuncia-malattia-professionale", 4), ("backoffice", "autoliquidazione", 6),
        ("backoffice", "durc-online", 14), ("backoffice", "certificati-medici", 10),
        ("backoffice", "pagamenti-pagopa", 11), ("backoffice", "fascicolo-aziendale", 9),
        ("backoffice", "prestazioni-indennizzi", 12), ("backoffice", "comunicazioni-pec", 6),
        ("helpdesk", "posta-elettronica", 28), ("helpdesk", "vpn", 22), ("helpdesk", "protocollo", 24),
        ("helpdesk", "postazione-lavoro", 26),
    ].map { ServiceShare(queue: $0.0, service: $0.1, weight: $0.2) }

    /// A scenario with defaults for everything but seed, start and duration.
    public init(name: String, seed: UInt64, start: Timestamp, duration: Timestamp.Duration) {
        self.name = name
        self.seed = seed
        self.start = start
        self.duration = duration
        self.volumes = [QueueVolume(queue: "backoffice", perWeekday: 2_200), QueueVolume(queue: "helpdesk", perWeekday: 500)]
        self.mix = Scenario.defaultMix
        self.hourProfile = Scenario.defaultHourProfile
        self.weekdayProfile = Scenario.defaultWeekdayProfile
        self.holidays = []
        self.holidayFactor = 0.06
        self.englishShare = 0.02
        self.serviceFieldShare = 0.7
        self.typoRate = 0.03
        self.repeaters = Repeaters(perWeek: 5, minimum: 5, maximum: 15)
        self.rushes = []
        self.peaks = []
        self.failures = []
        self.maintenance = []
    }
}
