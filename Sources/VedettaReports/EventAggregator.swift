import VedettaCore

/// One streaming pass over the events of a period: volumes by dimension, heat map and time series.
///
/// A ticket's attributes come from its `opened` event; later events that do not repeat them (an `updated`
/// with only ticket, type and time) are counted under the ticket's opening values.
struct EventAggregator {
    struct Attributes {
        var queue: String?
        var channel: String?
        var service: String?
        var requesterKind: String?
    }

    struct Volume {
        var tickets = 0
        var events = 0
    }

    static let unknown = "unknown"

    let clock: LocalClock
    let from: Timestamp
    let hourly: Bool
    let firstDay: Int
    let bucketCount: Int
    private(set) var events = 0
    private(set) var tickets = 0
    private(set) var byType: [String: Int] = [:]
    private(set) var byQueue: [String: Volume] = [:]
    private(set) var byChannel: [String: Volume] = [:]
    private(set) var byService: [String: Volume] = [:]
    private(set) var byKind: [String: Volume] = [:]
    private(set) var heat = [Int](repeating: 0, count: 7 * 24)
    private(set) var seriesTickets: [Int]
    private(set) var seriesEvents: [Int]
    private var opened: [String: Attributes] = [:]
    private var requesters = Set<String>()

    init(period: ReportPeriod) {
        let zone = period.zoneRule
        clock = LocalClock(zone: zone, from: period.from, to: period.to)
        from = period.from
        hourly = period.isHourly
        firstDay = zone.localDay(of: period.from)
        if hourly {
            bucketCount = max(1, Int((period.to.milliseconds - period.from.milliseconds + 3_599_999) / 3_600_000))
        } else {
            bucketCount = max(1, zone.localDay(of: period.to.adding(Timestamp.Duration(milliseconds: -1))) - firstDay + 1)
        }
        seriesTickets = Array(repeating: 0, count: bucketCount)
        seriesEvents = Array(repeating: 0, count: bucketCount)
    }

    var requesterCount: Int { requesters.count }

    /// Bucket index of an instant (clamped into the series).
    func bucket(_ ms: Int64) -> Int {
        let index: Int
        if hourly {
            index = Int((ms - from.milliseconds) / 3_600_000)
        } else {
            index = clock.local(ms).day - firstDay
        }
        return min(max(index, 0), bucketCount - 1)
    }

    mutating func add(_ event: TicketEvent) {
        events += 1
        byType[event.type.rawValue, default: 0] += 1
        let bucketIndex = bucket(event.at.milliseconds)
        seriesEvents[bucketIndex] += 1
        var attributes = Attributes(queue: event.queue, channel: event.channel, service: event.service,
                                    requesterKind: event.requesterKind)
        var newTicket = false
        if event.type == .opened {
            if opened[event.ticket] == nil {
                opened[event.ticket] = attributes
                newTicket = true
            }
        } else if attributes.queue == nil || attributes.channel == nil || attributes.service == nil
                    || attributes.requesterKind == nil, let known = opened[event.ticket] {
            attributes.queue = attributes.queue ?? known.queue
            attributes.channel = attributes.channel ?? known.channel
            attributes.service = attributes.service ?? known.service
            attributes.requesterKind = attributes.requesterKind ?? known.requesterKind
        }
        let ticketAdd = newTicket ? 1 : 0
        byQueue[attributes.queue ?? Self.unknown, default: Volume()].add(tickets: ticketAdd)
        byChannel[attributes.channel ?? Self.unknown, default: Volume()].add(tickets: ticketAdd)
        byService[attributes.service ?? Self.unknown, default: Volume()].add(tickets: ticketAdd)
        byKind[attributes.requesterKind ?? Self.unknown, default: Volume()].add(tickets: ticketAdd)
        if newTicket {
            tickets += 1
            seriesTickets[bucketIndex] += 1
            let local = clock.local(event.at.milliseconds)
            heat[local.weekday * 24 + local.hour] += 1
            if let requester = event.requester { requesters.insert(requester) }
        }
    }
}

extension EventAggregator.Volume {
    mutating func add(tickets n: Int) {
        events += 1
        tickets += n
    }
}
