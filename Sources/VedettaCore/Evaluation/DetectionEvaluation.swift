/// Scores a replay against ground truth: incident recall and precision, detection delay, false alerts per
/// stream-week, and clustering NMI/ARI over the failure tickets.
public struct DetectionEvaluation: Sendable, Hashable {
    /// Per-failure outcome.
    public struct FailureOutcome: Sendable, Hashable {
        /// Truth id.
        public var id: String
        /// Service.
        public var service: String
        /// Kind.
        public var kind: String?
        /// Whether an alert matched it.
        public var detected: Bool
        /// First matching alert minus failure start, seconds.
        public var delaySeconds: Double?
        /// Matching incident ids.
        public var incidents: [String]
    }

    /// Per-failure outcomes.
    public var failures: [FailureOutcome]
    /// Alerted incidents matching no failure.
    public var falseAlerts: [String]
    /// Alerted incidents.
    public var alertedIncidents: Int
    /// Stream length in weeks.
    public var weeks: Double
    /// NMI of the clustering over failure tickets (truth label = failure id).
    public var nmi: Double
    /// ARI over the same tickets.
    public var ari: Double
    /// Failure tickets that were clustered.
    public var clusteredFailureTickets: Int

    /// Fraction of failures detected.
    public var recall: Double { failures.isEmpty ? 1 : Double(failures.filter(\.detected).count) / Double(failures.count) }
    /// Fraction of alerted incidents that match a failure.
    public var precision: Double {
        alertedIncidents == 0 ? 1 : Double(alertedIncidents - falseAlerts.count) / Double(alertedIncidents)
    }
    /// False alerts per week of stream.
    public var falseAlertsPerWeek: Double { weeks > 0 ? Double(falseAlerts.count) / weeks : 0 }
    /// Median detection delay in seconds.
    public var medianDelay: Double? { Self.quantile(failures.compactMap(\.delaySeconds), 0.5) }
    /// 90th percentile detection delay in seconds.
    public var p90Delay: Double? { Self.quantile(failures.compactMap(\.delaySeconds), 0.9) }

    /// Evaluates `recorder`'s incidents against `truth` for a stream of `weeks`.
    ///
    /// An incident matches a failure when at least three of its tickets, or half of them, are the failure's.
    /// A failure counts as detected when a matching incident alerted (was not silenced) before the failure
    /// ended plus one hour; its delay is that alert's event time minus the failure start. An incident already
    /// open when the failure started (about something else, which the failure's tickets then joined) tells the
    /// office of the failure only with its first delivered revision after the start that holds one of the
    /// failure's tickets: that revision's time counts, not the older opening.
    public static func evaluate(_ recorder: ReplayRecorder, truth: GroundTruth, weeks: Double) -> DetectionEvaluation {
        var ticketToFailure: [String: Int] = [:]
        for (index, failure) in truth.incidents.enumerated() {
            for ticket in failure.tickets { ticketToFailure[ticket] = index }
        }
        var matchesOfFailure: [[(id: String, at: Timestamp)]] = Array(repeating: [], count: truth.incidents.count)
        var falseAlerts: [String] = []
        var alerted = 0
        for id in recorder.order {
            guard let record = recorder.incidents[id], record.alerted else { continue }
            alerted += 1
            var hits: [Int: Int] = [:]
            for ticket in record.tickets {
                if let f = ticketToFailure[ticket] { hits[f, default: 0] += 1 }
            }
            let matched = hits.filter { $0.value >= 3 || Double($0.value) * 2 >= Double(max(record.tickets.count, 1)) }
            if matched.isEmpty {
                falseAlerts.append(id)
            } else {
                for f in matched.keys.sorted() {
                    let failure = truth.incidents[f]
                    if record.openedAt >= failure.start {
                        matchesOfFailure[f].append((id, record.openedAt))
                    } else if let at = firstAlert(of: id, after: failure.start, holdingTicketOf: f, in: recorder,
                                                  ticketToFailure: ticketToFailure) {
                        matchesOfFailure[f].append((id, at))
                    }
                }
            }
        }
        var outcomes: [FailureOutcome] = []
        for (index, failure) in truth.incidents.enumerated() {
            let timely = matchesOfFailure[index].filter { $0.at <= failure.end.adding(.hours(1)) }
            let first = timely.map(\.at).min()
            outcomes.append(FailureOutcome(
                id: failure.id, service: failure.service, kind: failure.kind, detected: first != nil,
                delaySeconds: first.map { $0.since(failure.start).seconds },
                incidents: matchesOfFailure[index].map(\.id)))
        }
        // Clustering quality on the failure tickets that were clustered.
        var truthLabels: [Int] = []
        var predicted: [String] = []
        for (ticket, f) in ticketToFailure.sorted(by: { $0.key < $1.key }) {
            guard let cluster = recorder.assignments[ticket] else { continue }
            truthLabels.append(f)
            predicted.append(cluster)
        }
        let truthNames = truthLabels.map(String.init)
        return DetectionEvaluation(
            failures: outcomes, falseAlerts: falseAlerts, alertedIncidents: alerted, weeks: weeks,
            nmi: ClusteringMetrics.nmi(truth: truthNames, predicted: predicted),
            ari: ClusteringMetrics.ari(truth: truthNames, predicted: predicted),
            clusteredFailureTickets: truthLabels.count)
    }

    /// The event time of the first delivered revision of incident `id` at or after `start` whose tickets hold
    /// one of failure `failure`'s.
    static func firstAlert(of id: String, after start: Timestamp, holdingTicketOf failure: Int,
                           in recorder: ReplayRecorder, ticketToFailure: [String: Int]) -> Timestamp? {
        recorder.changes.first { change in
            change.incident.id == id && !change.deliveries.isEmpty && change.incident.updatedAt >= start
                && change.tickets.contains { ticketToFailure[$0] == failure }
        }?.incident.updatedAt
    }

    /// The `q` quantile of `values` (linear between neighbours; 0.5: the median), nil when empty.
    public static func quantile(_ values: [Double], _ q: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let position = q * Double(sorted.count - 1)
        let lower = Int(position)
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }

    /// A plain-text summary.
    public var summary: String {
        func minutes(_ s: Double?) -> String { s.map { String(format1(($0 / 60))) + " min" } ?? "n/a" }
        var lines: [String] = []
        lines.append("failures: \(failures.count), detected: \(failures.filter(\.detected).count), "
            + "recall: \(format3(recall))")
        lines.append("alerted incidents: \(alertedIncidents), false alerts: \(falseAlerts.count) "
            + "(\(format3(falseAlertsPerWeek)) per week over \(format1(weeks)) weeks), precision: \(format3(precision))")
        lines.append("detection delay: median \(minutes(medianDelay)), p90 \(minutes(p90Delay))")
        lines.append("clustering of failure tickets: NMI \(format3(nmi)), ARI \(format3(ari)) over \(clusteredFailureTickets) tickets")
        for f in failures {
            lines.append("  \(f.detected ? "✓" : "✗") \(f.id) [\(f.service)\(f.kind.map { ", " + $0 } ?? "")] "
                + (f.detected ? "after \(minutes(f.delaySeconds))" : "missed") + " \(f.incidents.joined(separator: " "))")
        }
        return lines.joined(separator: "\n")
    }

    /// JSON object of the figures.
    public var json: String {
        var out = "{\"recall\":\(format3(recall)),\"precision\":\(format3(precision)),"
        out += "\"falseAlerts\":\(falseAlerts.count),\"falseAlertsPerWeek\":\(format3(falseAlertsPerWeek)),"
        out += "\"medianDelaySeconds\":\(medianDelay.map { String(Int($0)) } ?? "null"),"
        out += "\"p90DelaySeconds\":\(p90Delay.map { String(Int($0)) } ?? "null"),"
        out += "\"nmi\":\(format3(nmi)),\"ari\":\(format3(ari)),\"weeks\":\(format3(weeks)),\"failures\":["
        out += failures.map { f in
            "{\"id\":\(JSONText.quoted(f.id)),\"service\":\(JSONText.quoted(f.service)),\"detected\":\(f.detected),"
                + "\"delaySeconds\":\(f.delaySeconds.map { String(Int($0)) } ?? "null"),"
                + "\"incidents\":[\(f.incidents.map(JSONText.quoted).joined(separator: ","))]}"
        }.joined(separator: ",")
        out += "],\"falseAlertIncidents\":[\(falseAlerts.map(JSONText.quoted).joined(separator: ","))]}\n"
        return out
    }
}

func format3(_ x: Double) -> String {
    let r = (x * 1000).rounded() / 1000
    return String(r)
}

func format1(_ x: Double) -> String {
    let r = (x * 10).rounded() / 10
    return String(r)
}
