import Foundation
import VedettaCore

/// `vedetta-eval detection-nab --data PATH [--verbose]`
///
/// The count test on real bursty counts nobody here wrote: the Numenta Anomaly Benchmark's `realTweets` series
/// (`PATH` is the shared data folder or its `nab` folder), tweets mentioning a company every five minutes for
/// about eight weeks, with labelled anomaly windows. Each series becomes one service whose reports all say the
/// same thing (one cluster): every tweet is a report of a distinct requester, spread evenly over its five
/// minutes. So only volume speaks (the cluster's and the service's count tests, with the shipped rules'
/// defaults and the engine's defaults), which is what the texts of a failure without new words leave to the
/// engine. Prints per series and overall: windows with an alert inside them, the delay of the first such alert
/// from the window's start and from its middle (NAB centres a window on the labelled anomaly), and alerts
/// outside every window per week. Nothing is written.
enum DetectionNAB {
    struct Series {
        var name: String
        var counts: [(at: Timestamp, value: Int)]
        var windows: [(start: Timestamp, end: Timestamp)]
    }

    static func run(_ arguments: [String]) throws {
        var data = ""
        var rulesDirectory = "rules"
        var verbose = false
        var options = OptionCursor(arguments)
        let usage = "vedetta-eval detection-nab --data PATH [--rules DIR] [--verbose]"
        while let option = options.next() {
            switch option {
            case "--data": data = try options.value("a folder")
            case "--rules": rulesDirectory = try options.value("a folder")
            case "--verbose": verbose = true
            default: throw options.unknown(usage: usage)
            }
        }
        guard !data.isEmpty else { throw EvalError("missing --data PATH (the shared data folder or its nab folder)") }
        let folder = FileManager.default.fileExists(atPath: data + "/nab/realTweets_windows.json") ? data + "/nab" : data
        let series = try load(folder)
        // The shipped defaults (minimum requesters, sensitivity, quiet hold) for one service per series.
        let shipped = try EvalRules.load(rulesDirectory)
        print("NAB realTweets from \(folder): \(series.count) series, one service each, every tweet a distinct requester")
        print("series                   events  windows  detected  delay-start  delay-mid  false  FA/week  events/s")
        var windows = 0, detected = 0, falseAlerts = 0
        var weeks = 0.0
        var fromStart: [Double] = [], fromMiddle: [Double] = []
        for s in series {
            let rules = RuleSet(offices: shipped.offices, services: [
                Service(id: "tweets", name: s.name, office: shipped.offices.first?.id ?? "ops",
                        thresholds: shipped.thresholds(for: "tweets")),
            ], route: shipped.route)
            var engine = Engine(rules: rules)
            var firings: [(at: Timestamp, id: String, reason: String)] = []
            var lastState: [String: IncidentState] = [:]
            var serial = 0
            let started = Date()
            for bucket in s.counts where bucket.value > 0 {
                for i in 0..<bucket.value {
                    let at = bucket.at.adding(Timestamp.Duration(milliseconds: Int64(i) * 300_000 / Int64(bucket.value)))
                    let event = TicketEvent(ticket: "N-\(serial)", type: .opened, at: at, service: "tweets",
                                            requester: "u-\(serial)", text: "tweet mentioning the company")
                    serial += 1
                    // An incident's first alert, and its alert again when it reopens as a regression (the same
                    // id, `firing` after `resolved`).
                    for case .incident(let change) in engine.ingest(event) {
                        let incident = change.incident
                        let previous = lastState.updateValue(incident.state, forKey: incident.id)
                        if incident.state == .firing, previous == nil || previous == .resolved {
                            firings.append((incident.updatedAt, incident.id, incident.reason))
                        }
                    }
                }
            }
            let seconds = Date().timeIntervalSince(started)
            let span = (s.counts.last?.at).map { $0.since(s.counts[0].at).seconds } ?? 0
            let seriesWeeks = span / (7 * 86_400)
            var seriesFromStart: [Double] = [], seriesFromMiddle: [Double] = []
            for w in s.windows {
                guard let first = firings.first(where: { $0.at >= w.start && $0.at <= w.end }) else {
                    if verbose { print("  ✗ window \(w.start) – \(w.end)") }
                    continue
                }
                let middle = Timestamp(milliseconds: (w.start.milliseconds + w.end.milliseconds) / 2)
                seriesFromStart.append(first.at.since(w.start).seconds)
                seriesFromMiddle.append(first.at.since(middle).seconds)
                if verbose { print("  ✓ window \(w.start) – \(w.end): \(first.id) at \(first.at): \(first.reason)") }
            }
            let outside = firings.filter { f in !s.windows.contains { f.at >= $0.start && f.at <= $0.end } }
            if verbose { for f in outside { print("  ! \(f.id) at \(f.at): \(f.reason)") } }
            let hits = seriesFromStart.count
            print(s.name.padding(toLength: 22, withPad: " ", startingAt: 0)
                + String(format: "%9d %8d %9d %12@ %10@ %6d %8.2f %9.0f", serial, s.windows.count, hits,
                         hours(seriesFromStart, unit: " h") as NSString, hours(seriesFromMiddle, unit: " h") as NSString, outside.count,
                         seriesWeeks > 0 ? Double(outside.count) / seriesWeeks : 0, Double(serial) / max(seconds, 1e-9)))
            fromStart += seriesFromStart
            fromMiddle += seriesFromMiddle
            windows += s.windows.count
            detected += hits
            falseAlerts += outside.count
            weeks += seriesWeeks
        }
        print(String(format: "overall: %d/%d windows with an alert (%.2f), median first alert %@ h after a window's start (%@ h from its middle), %d alerts outside windows in %.1f series-weeks (%.2f per week)",
                     detected, windows, windows > 0 ? Double(detected) / Double(windows) : 0,
                     hours(fromStart) as NSString, hours(fromMiddle) as NSString,
                     falseAlerts, weeks, weeks > 0 ? Double(falseAlerts) / weeks : 0))
    }

    /// The median of `values` (seconds) in hours, "-" when empty.
    static func hours(_ values: [Double], unit: String = "") -> String {
        DetectionEvaluation.quantile(values, 0.5).map { String(format: "%.1f", $0 / 3600) + unit } ?? "-"
    }

    /// Reads every series of `realTweets_windows.json` with its CSV (`timestamp,value`, UTC).
    static func load(_ folder: String) throws -> [Series] {
        let windowsPath = folder + "/realTweets_windows.json"
        guard let json = FileManager.default.contents(atPath: windowsPath),
              let object = try JSONSerialization.jsonObject(with: json) as? [String: [[String]]]
        else { throw EvalError("\(windowsPath): not a NAB windows file (an object of file name → [[start, end]])") }
        return try object.keys.sorted().map { file in
            let path = folder + "/" + file
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw EvalError("\(path): cannot read") }
            var counts: [(at: Timestamp, value: Int)] = []
            for (n, line) in text.split(separator: "\n").enumerated() where n > 0 {
                let fields = line.split(separator: ",")
                guard fields.count == 2, let at = timestamp(fields[0]), let value = Double(fields[1]), value >= 0 else {
                    throw EvalError("\(path):\(n + 1): expected `timestamp,value`, found `\(line)`")
                }
                counts.append((at, Int(value)))
            }
            counts.sort { $0.at < $1.at }
            let windows = try object[file]!.enumerated().map { (i, pair) throws -> (start: Timestamp, end: Timestamp) in
                guard pair.count == 2, let start = timestamp(pair[0]), let end = timestamp(pair[1]) else {
                    throw EvalError("\(windowsPath): window \(i + 1) of \(file) is not [start, end]")
                }
                return (start, end)
            }
            let name = (file as NSString).lastPathComponent.replacingOccurrences(of: "Twitter_volume_", with: "")
                .replacingOccurrences(of: ".csv", with: "")
            return Series(name: name, counts: counts, windows: windows)
        }
    }

    /// `2015-02-26 21:42:53` or `2015-03-03 04:37:53.000000`, UTC.
    static func timestamp<S: StringProtocol>(_ text: S) -> Timestamp? {
        let whole = String(text)
        let seconds = whole.split(separator: ".").first.map(String.init) ?? whole
        return Timestamp(rfc3339: seconds.replacingOccurrences(of: " ", with: "T") + "Z")
    }
}
