import Foundation
import VedettaCore

/// `vedetta-eval clustering [--banking77 PATH] [--xsid PATH ...] [--scenario S.yaml ...] [--rules DIR] [--seed N] [--runs N] [tuning flags]`
///
/// Streams Banking77's `train.csv` in a seeded random order (one report every 30 s of event time) through the
/// normaliser and the online clusterer, and prints NMI, ARI, the number of clusters, how many of the largest
/// clusters hold 90% of the reports, and throughput. Tuning flags (`--join`, `--merge`, …) exist to measure one
/// idea at a time; the defaults are the engine's.
enum ClusteringEvaluation {
    struct Options {
        var path = ""
        var seeds: [UInt64] = [1]
        var configuration = ClusteringConfiguration()
        var features = LexicalFeaturizer.Configuration()
        var label = "default"
        var diagnose = false
        var scenarios: [String] = []
        /// xSID files (`xsid_it.tsv`, `xsid_en.tsv`): see `runXSID`.
        var xsid: [String] = []
        var rulesDirectory = "rules"
        /// File for the normalised tokens of every Banking77 row (label, then kind:term), for lab reproductions.
        var dumpTokens = ""
    }

    static func parse(_ arguments: [String]) throws -> Options {
        var o = Options()
        var runs = 1
        var seed: UInt64 = 1
        var options = OptionCursor(arguments)
        while let option = options.next() {
            switch option {
            case "--banking77": o.path = try options.value()
            case "--scenario": o.scenarios.append(try options.value())
            case "--xsid": o.xsid.append(try options.value())
            case "--rules": o.rulesDirectory = try options.value()
            case "--seed": seed = UInt64(try options.int(atLeast: 0))
            case "--runs": runs = try options.int(atLeast: 0)
            case "--label": o.label = try options.value()
            case "--join": o.configuration.joinThreshold = try options.float()
            case "--cross": o.configuration.crossServiceThreshold = try options.float()
            case "--merge": o.configuration.mergeThreshold = try options.float()
            case "--merge-interval": o.configuration.mergeInterval = try options.int(atLeast: 0)
            case "--second-chance": o.configuration.secondChanceSize = try options.int(atLeast: 0)
            case "--centroid-terms": o.configuration.centroidTerms = try options.int(atLeast: 0)
            case "--indexed-terms": o.configuration.indexedTerms = try options.int(atLeast: 0)
            case "--query-terms": o.configuration.queryTerms = try options.int(atLeast: 0)
            case "--candidates": o.configuration.candidates = try options.int(atLeast: 0)
            case "--candidate-ratio": o.configuration.candidateRatio = try options.float()
            case "--postings": o.configuration.postingsPerTerm = try options.int(atLeast: 0)
            case "--revisit": o.configuration.revisitAfter = try options.value().split(separator: ",").compactMap { Int($0) }
            case "--revisit-below": o.configuration.revisitBelow = try options.float()
            case "--revisit-margin": o.configuration.revisitMargin = try options.float()
            case "--revisit-settled": o.configuration.revisitSettled = try options.float()
            case "--merge-growth": o.configuration.mergeCheckGrowth = try options.float()
            case "--postings-budget": o.configuration.postingsBudget = try options.int(atLeast: 0)
            case "--idf-offset": o.features.idfOffset = try options.float()
            case "--code-boost": o.features.errorCodeBoost = try options.float()
            case "--code-share-floor": o.configuration.codeShareFloor = try options.float()
            case "--new-code-age": o.configuration.newCodeAge = .hours(Int64(try options.int(atLeast: 0)))
            case "--average-link": o.configuration.mergeLinkage = .average
            case "--bigram": o.features.bigramWeight = try options.float()
            case "--prefix": o.features.prefixWeight = try options.float()
            case "--prefix-length": o.features.prefixLength = try options.int(atLeast: 0)
            case "--idf-floor": o.features.idfFloor = try options.float()
            case "--tf-saturation": o.features.tfSaturation = try options.float()
            case "--half-life-days": o.features.halfLife = .days(Int64(try options.int(atLeast: 0)))
            case "--cohesion": o.configuration.cohesionFactor = try options.float()
            case "--cohesion-min": o.configuration.cohesionMinSize = try options.int(atLeast: 0)
            case "--diagnose": o.diagnose = true
            case "--dump-tokens": o.dumpTokens = try options.value()
            default:
                guard try options.topicOption(option, into: &o.configuration) else {
                    throw options.unknown(usage: "vedetta-eval clustering --banking77 PATH | --scenario S.yaml [options]")
                }
            }
        }
        guard !o.path.isEmpty || !o.scenarios.isEmpty || !o.xsid.isEmpty else {
            throw EvalError("missing --banking77 PATH (the train.csv file), --xsid PATH or --scenario S.yaml")
        }
        o.seeds = (0..<UInt64(max(runs, 1))).map { seed + $0 }
        return o
    }

    struct Result {
        var nmi: Double
        var ari: Double
        var clusters: Int
        var holding90: Int
        var clusterRate: Double
        var totalRate: Double
        /// Reports scored and distinct truth labels among them.
        var items = 0
        var classes = 0
        /// Cluster of each row, in the rows' order.
        var predictedByRow: [String] = []
    }

    static func run(_ arguments: [String]) throws {
        let o = try parse(arguments)
        if !o.scenarios.isEmpty { try runScenarios(o) }
        if !o.xsid.isEmpty { try runXSID(o) }
        guard !o.path.isEmpty else { return }
        let rows = try readBanking77(o.path)
        let intents = Set(rows.map(\.label)).count
        print("banking77: \(rows.count) reports, \(intents) intents; tokens: TextNormalizer")
        if !o.dumpTokens.isEmpty { try dumpTokens(rows, to: o.dumpTokens) }
        var results: [Result] = []
        for seed in o.seeds {
            let r = evaluate(rows: rows, seed: seed, options: o)
            results.append(r)
            print(String(format: "seed %llu  NMI %.4f  ARI %.4f  clusters %d  holding90%% %d  reports/s %.0f (clustering) %.0f (with normalisation)",
                         seed, r.nmi, r.ari, r.clusters, r.holding90, r.clusterRate, r.totalRate))
        }
        if results.count > 1 {
            let n = Double(results.count)
            print(String(format: "mean [%@]  NMI %.4f  ARI %.4f  clusters %.0f  holding90%% %.1f  (aim: NMI >= 0.68, holding90%% <= %d)",
                         o.label, results.map(\.nmi).reduce(0, +) / n, results.map(\.ari).reduce(0, +) / n,
                         Double(results.map(\.clusters).reduce(0, +)) / n,
                         Double(results.map(\.holding90).reduce(0, +)) / n, 2 * intents))
        }
    }

    static func evaluate(rows: [(text: String, label: String)], seed: UInt64, options o: Options) -> Result {
        var generator = SplitMix64(seed: seed)
        var order = Array(rows.indices)
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            let j = Int(generator.next() % UInt64(i + 1))
            order.swapAt(i, j)
        }
        let normalizer = TextNormalizer()
        let clock = ContinuousClock()
        let t0 = clock.now
        var texts: [NormalizedText] = []
        texts.reserveCapacity(order.count)
        for i in order {
            texts.append(normalizer.normalize(rows[i].text))
        }
        let normalising = clock.now - t0
        var clusterer = LexicalClusterer(configuration: o.configuration, features: o.features)
        let start = Timestamp(rfc3339: "2026-03-02T08:00:00Z")!
        let t1 = clock.now
        for (k, i) in order.enumerated() {
            let at = start.adding(.seconds(Int64(30 * k)))
            let event = TicketEvent(ticket: "B-\(i)", type: .opened, at: at, text: rows[i].text)
            _ = clusterer.process(event, normalized: texts[k], service: nil)
        }
        let clustering = clock.now - t1
        var truth: [String] = []
        var predicted: [String] = []
        for i in order {
            truth.append(rows[i].label)
            predicted.append(clusterer.clusterID(ofTicket: "B-\(i)") ?? "none-\(i)")
        }
        if o.diagnose { diagnose(truth: truth, predicted: predicted, clusterer: clusterer) }
        func seconds(_ d: Swift.Duration) -> Double {
            Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
        let n = Double(order.count)
        var predictedByRow = Array(repeating: "", count: rows.count)
        for (k, i) in order.enumerated() { predictedByRow[i] = predicted[k] }
        return Result(
            nmi: ClusteringMetrics.nmi(truth: truth, predicted: predicted),
            ari: ClusteringMetrics.ari(truth: truth, predicted: predicted),
            clusters: Set(predicted).count,
            holding90: ClusteringMetrics.clustersHolding(0.9, of: predicted),
            clusterRate: n / seconds(clustering),
            totalRate: n / (seconds(clustering) + seconds(normalising)),
            predictedByRow: predictedByRow)
    }

    /// Prints the largest clusters with their purity and label: where the method fails.
    static func diagnose(truth: [String], predicted: [String], clusterer: LexicalClusterer) {
        var byCluster: [String: [String: Int]] = [:]
        for (t, p) in zip(truth, predicted) { byCluster[p, default: [:]][t, default: 0] += 1 }
        let sorted = byCluster.sorted { $0.value.values.reduce(0, +) > $1.value.values.reduce(0, +) }
        for (id, labels) in sorted.prefix(25) {
            let size = labels.values.reduce(0, +)
            let top = labels.sorted { $0.value > $1.value }.prefix(3).map { "\($0.key):\($0.value)" }
            print("  \(id) size \(size) [\(clusterer.cluster(id: id)?.label ?? "?")] \(top.joined(separator: " "))")
        }
        var spread: [String: [String: Int]] = [:]
        for (t, p) in zip(truth, predicted) { spread[t, default: [:]][p, default: 0] += 1 }
        let fragments = spread.mapValues { c -> Int in
            let total = c.values.reduce(0, +)
            var held = 0
            var k = 0
            for v in c.values.sorted(by: >) { held += v; k += 1; if Double(held) >= 0.8 * Double(total) { break } }
            return k
        }
        let f = fragments.values.sorted()
        print("  clusters holding 80% of an intent: median \(f[f.count / 2]), max \(f.last!)")
        let largestShare = spread.mapValues { Double($0.values.max()!) / Double($0.values.reduce(0, +)) }.values.sorted()
        print(String(format: "  largest cluster's share of an intent: median %.2f", largestShare[largestShare.count / 2]))
    }

    /// Writes each row's label and normalised tokens (`w:`, `e:`, `p:` + term, tab-separated), in file order.
    static func dumpTokens(_ rows: [(text: String, label: String)], to path: String) throws {
        let normalizer = TextNormalizer()
        var out = ""
        for row in rows {
            out += row.label
            for token in normalizer.normalize(row.text).tokens {
                let kind: String
                switch token.kind {
                case .word: kind = "w"
                case .errorCode: kind = "e"
                case .placeholder: kind = "p"
                }
                out += "\t" + kind + ":" + token.term
            }
            out += "\n"
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(out.utf8)) else {
            throw EvalError("cannot write the token dump \(path)")
        }
    }

    /// Reads `text,category` rows (RFC 4180 quoting), skipping the header.
    static func readBanking77(_ path: String) throws -> [(text: String, label: String)] {
        guard let data = FileManager.default.contents(atPath: path), let content = String(data: data, encoding: .utf8)
        else { throw EvalError("cannot read Banking77 file \(path)") }
        var rows: [(String, String)] = []
        var field = ""
        var fields: [String] = []
        var quoted = false
        var iterator = Array(content.unicodeScalars)[...]
        var lineNumber = 1
        func endRecord() throws {
            fields.append(field)
            field = ""
            defer { fields = [] }
            if fields == [""] { return }
            guard fields.count == 2 else {
                throw EvalError("\(path), line \(lineNumber): expected 2 fields (text,category), found \(fields.count)")
            }
            rows.append((fields[0], fields[1]))
        }
        while let c = iterator.popFirst() {
            if quoted {
                if c == "\"" {
                    if iterator.first == "\"" {
                        field.unicodeScalars.append("\"")
                        iterator.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    if c == "\n" { lineNumber += 1 }
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(field)
                field = ""
            } else if c == "\n" || c == "\r" {
                if c == "\r", iterator.first == "\n" { iterator.removeFirst() }
                try endRecord()
                lineNumber += 1
            } else {
                field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !fields.isEmpty { try endRecord() }
        guard let header = rows.first, header.0 == "text", header.1 == "category" else {
            throw EvalError("\(path), line 1: expected the header text,category")
        }
        return Array(rows.dropFirst())
    }
}

/// An evaluation failure, with a sentence naming the item.
struct EvalError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

