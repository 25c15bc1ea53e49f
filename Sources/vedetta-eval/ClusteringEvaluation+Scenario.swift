import Foundation
import VedettaCore
import VedettaRules
import VedettaSimulator

/// `vedetta-eval clustering --scenario S.yaml [--rules DIR]`: the same figures on a simulated Italian stream.
///
/// The scenario is simulated in memory; every event goes through the normaliser and the clusterer as in the
/// engine (service: the event's, else the ticket's earlier one, else inferred from the catalogue's aliases in
/// `rules/services.yaml`), and each ticket's cluster is followed through assignments, moves and merges. The
/// figures are computed over the failure tickets only (label ≠ `background`) against their failure id: NMI and
/// ARI say whether each failure became one cluster of its own; the cluster count and the 90% count say how many
/// clusters its tickets were scattered over. Background tickets are clustered (they shape the vocabulary and the
/// competition for reports) but not scored, so a failure absorbed into a large background cluster is not
/// penalised here; the detection evaluation catches that (false alerts, delays).
extension ClusteringEvaluation {
    static func evaluate(scenarioPath path: String, rules: RuleSet, options o: Options) throws -> Result {
        let scenario = try Scenario.load(yaml: try String(contentsOfFile: path, encoding: .utf8), file: path)
        var events: [(TicketEvent, String)] = []
        _ = Simulator(scenario: scenario).run { event, label in events.append((event, label)) }
        let normalizer = TextNormalizer()
        let clock = ContinuousClock()
        var clusterer = LexicalClusterer(configuration: o.configuration, features: o.features)
        var serviceOfTicket: [String: String] = [:]
        var clusterOfTicket: [String: String] = [:]
        var labelOfTicket: [String: String] = [:]
        var normalising = Swift.Duration.zero
        var clustering = Swift.Duration.zero
        var reports = 0
        for (event, label) in events {
            if event.type == .opened { labelOfTicket[event.ticket] = label }
            let t0 = clock.now
            let text = event.reportText
            var normalized: NormalizedText?
            if !text.isEmpty, event.type != .resolved, event.type != .closed {
                normalized = normalizer.normalize(text)
                reports += 1
            }
            var service = event.service.flatMap { $0.isEmpty ? nil : $0 } ?? serviceOfTicket[event.ticket]
            if service == nil, let normalized {
                service = rules.catalogue.infer(fromTokens: normalized.tokens)?.service
            }
            if let service, event.type == .opened || event.type == .reclassified || serviceOfTicket[event.ticket] == nil {
                serviceOfTicket[event.ticket] = service
            }
            let t1 = clock.now
            let updates = clusterer.process(event, normalized: normalized, service: service)
            let t2 = clock.now
            normalising += t1 - t0
            clustering += t2 - t1
            for update in updates {
                switch update {
                case .assigned(let ticket, let cluster, _, _): clusterOfTicket[ticket] = cluster
                case .moved(let ticket, _, let to, _): clusterOfTicket[ticket] = to
                case .merged(_, let into, let tickets): for ticket in tickets { clusterOfTicket[ticket] = into }
                case .retired, .forgotten, .solutionAdded: break
                }
            }
        }
        var truth: [String] = []
        var predicted: [String] = []
        for (ticket, label) in labelOfTicket.sorted(by: { $0.key < $1.key }) where label != "background" {
            guard let cluster = clusterOfTicket[ticket] else { continue }
            truth.append(label)
            predicted.append(cluster)
        }
        if o.diagnose {
            // Where each failure's tickets went: cluster, its failure tickets, and every ticket it holds.
            var size: [String: Int] = [:]
            for cluster in clusterOfTicket.values { size[cluster, default: 0] += 1 }
            for failure in Set(truth).sorted() {
                var placed: [String: Int] = [:]
                for (label, cluster) in zip(truth, predicted) where label == failure {
                    placed[cluster, default: 0] += 1
                }
                let parts = placed.sorted { $0.value > $1.value }.map { "\($0.key):\($0.value)/\(size[$0.key] ?? 0)" }
                print("  \(failure): " + parts.joined(separator: " "))
            }
        }
        func seconds(_ d: Swift.Duration) -> Double {
            Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
        return Result(
            nmi: ClusteringMetrics.nmi(truth: truth, predicted: predicted),
            ari: ClusteringMetrics.ari(truth: truth, predicted: predicted),
            clusters: Set(predicted).count,
            holding90: ClusteringMetrics.clustersHolding(0.9, of: predicted),
            clusterRate: Double(reports) / max(seconds(clustering), 1e-9),
            totalRate: Double(reports) / max(seconds(clustering) + seconds(normalising), 1e-9),
            items: truth.count, classes: Set(truth).count)
    }

    static func runScenarios(_ o: Options) throws {
        let rules = try EvalRules.load(o.rulesDirectory)
        var results: [Result] = []
        for path in o.scenarios {
            let r = try evaluate(scenarioPath: path, rules: rules, options: o)
            results.append(r)
            let name = (path as NSString).lastPathComponent.replacingOccurrences(of: ".yaml", with: "")
            print(name.padding(toLength: 18, withPad: " ", startingAt: 0)
                + String(format: "failure tickets %5d  failures %2d  NMI %.4f  ARI %.4f  clusters %4d  holding90%% %3d  reports/s %.0f (clustering) %.0f (with normalisation)",
                         r.items, r.classes, r.nmi, r.ari, r.clusters, r.holding90, r.clusterRate, r.totalRate))
        }
        if results.count > 1 {
            let n = Double(results.count)
            print(String(format: "scenario mean [%@]  NMI %.4f  ARI %.4f  clusters %.1f  holding90%% %.1f  (over failure tickets; holding90%% ideal = failures)",
                         o.label, results.map(\.nmi).reduce(0, +) / n, results.map(\.ari).reduce(0, +) / n,
                         Double(results.map(\.clusters).reduce(0, +)) / n,
                         Double(results.map(\.holding90).reduce(0, +)) / n))
        }
    }
}
