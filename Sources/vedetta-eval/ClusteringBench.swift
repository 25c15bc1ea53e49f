import Foundation
import VedettaCore

/// `vedetta-eval clustering-bench [--reports 1000000] [--clusters K[,K…]] [--stream uniform|zipf|both]
///  [--warmup M] [--vocabulary N] [--hot N] [--candidates N] [--candidate-ratio F] [--postings N] [--postings-budget N] [--query-terms N] [--revisit N,M] [--merge-growth F]`
///
/// Throughput of the online clusterer alone (normalisation excluded: reports are synthetic token lists built
/// outside the timed section) with a given number of latent topics, hence of active clusters. Prints reports/s,
/// the time per report over the last tenth of the run (when all clusters exist: mean, and p50/p99 of reports timed
/// one by one), active clusters and peak memory (VmHWM), then the lookup work per report by purpose. Without
/// `--clusters` it runs 100, 10,000 and 100,000 in turn (peak memory is then cumulative; `--clusters` takes a
/// comma-separated list too).
///
/// After each run, a memory reference (`MemoryReference`): this machine's latency of one dependent read of a random
/// one of as many 4 KiB blocks as there are active clusters. With several K, a growth summary puts each K's time
/// per report beside its work per lookup (postings, candidates), its lookups per report and that latency, all
/// against the smallest K: work that grew is the clusterer's doing; time that grew with the memory alone is the
/// caches' (the state of a random cluster among 100 stays in the core's caches, among 100,000 it does not).
///
/// Two streams (both by default): `uniform` draws each report's topic uniformly, so with 100,000 topics a topic
/// gets ~10 reports in a million and nearly every report lands in a small cluster: a worst case. `zipf` draws
/// topics with Zipf-distributed frequencies (exponent 1: a few topics are frequent, a long tail is rare), closer
/// to real tickets.
///
/// `--warmup M` first feeds M reports per topic, untimed (uniform stream: every topic gets about M): the figures
/// are then those of a stream whose K clusters are already established, as a long-running daemon's are. Without it,
/// 100,000 topics get ~10 reports each in a million, so the timed reports land in young clusters whose centroids
/// are still noisy (their common words are indexed, so lookups read longer lists and score more candidates, and
/// seeds get second looks): the cost of clusters forming, which grows with K for that reason, not only with the
/// number of clusters.
///
/// Two options take the bench's stream apart. `--vocabulary N` fixes the number of distinct topic words (by
/// default 3 × K, at least 2,000, so a larger K also means a larger vocabulary). `--hot N` draws the timed reports
/// uniformly from N topics only (one run, labelled `hot`), after a warm-up over all K (use it with `--warmup`;
/// the warm-up follows `--stream`): the other clusters stay active but idle, so the figures say what the presence
/// of K clusters costs a report, apart from the uniform stream's reports landing in clusters that no recent
/// report touched.
///
/// Each run ends with the NMI of the clusters against the latent topics (an unchanged figure says a speed change
/// did not change what the clusterer finds; the tuning options let a bound be tried at scale).
enum ClusteringBench {
    static func run(_ arguments: [String]) throws {
        var reports = 1_000_000
        var warmup = 0
        var vocabulary = 0
        var hot = 0
        var topics: [Int] = [100, 10_000, 100_000]
        var streams: [Double] = [0, 1]
        var configuration = ClusteringConfiguration()
        let usage = "vedetta-eval clustering-bench [--reports N] [--clusters K[,K…]] [--stream uniform|zipf|both] [--warmup M] [--vocabulary N] [--hot N] [--candidates N] [--candidate-ratio F] [--postings N] [--postings-budget N] [--query-terms N] [--revisit N,M] [--merge-growth F] " + OptionCursor.topicUsage
        var options = OptionCursor(arguments)
        while let option = options.next() {
            switch option {
            case "--stream":
                switch try options.choice(["uniform", "zipf", "both"]) {
                case "uniform": streams = [0]
                case "zipf": streams = [1]
                default: streams = [0, 1]
                }
            case "--reports": reports = try options.int()
            case "--warmup": warmup = try options.int(atLeast: 0)
            case "--clusters":
                topics = try options.uint64List().map { Int($0) }
                guard !topics.isEmpty, topics.allSatisfy({ $0 >= 1 }) else { throw EvalError("option --clusters needs K or K1,K2,… of at least 1") }
            case "--vocabulary": vocabulary = try options.int(atLeast: 100)
            case "--hot": hot = try options.int(atLeast: 1)
            case "--candidates": configuration.candidates = try options.int(atLeast: 0)
            case "--candidate-ratio": configuration.candidateRatio = try options.float()
            case "--postings": configuration.postingsPerTerm = try options.int(atLeast: 1)
            case "--postings-budget": configuration.postingsBudget = try options.int(atLeast: 0)
            case "--query-terms": configuration.queryTerms = try options.int(atLeast: 1)
            case "--revisit": configuration.revisitAfter = try options.value().split(separator: ",").compactMap { Int($0) }
            case "--merge-growth": configuration.mergeCheckGrowth = try options.float()
            default: guard try options.topicOption(option, into: &configuration) else { throw options.unknown(usage: usage) }
            }
        }
        print("clustering-bench: \(reports) reports\(warmup > 0 ? " after \(warmup) untimed per topic" : "")"
              + (hot > 0 ? ", timed reports from \(hot) topics" : "")
              + (vocabulary > 0 ? ", \(vocabulary) topic words" : "") + ", normalisation excluded, one core")
        var runs: [Run] = []
        for k in topics {
            // The hot reports are drawn alike whatever the stream: one run.
            for zipf in hot > 0 ? [streams[0]] : streams {
                var run = bench(reports: reports, warmup: warmup * k, topics: k, vocabulary: vocabulary, hot: hot,
                                zipf: zipf, configuration: configuration)
                run.latency = MemoryReference.dependentReadLatency(blocks: run.clusters)
                print(String(format: "    memory reference: %.1f ns per dependent read of a random one of %d blocks of %d KiB (one per active cluster)",
                             run.latency, run.clusters, MemoryReference.blockBytes / 1024))
                runs.append(run)
            }
        }
        printGrowth(runs)
    }

    /// What one bench run measured, for the growth summary.
    struct Run {
        var stream: String
        var topics: Int
        var clusters: Int
        /// CPU µs per report over the last tenth, and the median report's wall µs.
        var micros: Double
        var p50: Double
        /// Lookups per report over the last tenth; postings and candidates scored per lookup over the timed run.
        var lookups: Double
        var postings: Double
        var candidates: Double
        /// `MemoryReference.dependentReadLatency` over the run's active clusters.
        var latency = 0.0
    }

    /// With several K per stream: each K's time per report, work per report and memory latency against the
    /// smallest K's, so that the growth can be read against what grew (work, or the memory it reaches).
    static func printGrowth(_ runs: [Run]) {
        for stream in ["uniform", "zipf", "hot"] {
            let rows = runs.filter { $0.stream == stream }
            guard rows.count > 1, let base = rows.first else { continue }
            print("growth, \(stream), against K = \(base.topics): time per report (p50), postings and candidates per lookup, lookups per report, memory reference")
            for r in rows.dropFirst() {
                print(String(format: "    K = %7d: time ×%.2f (p50 ×%.2f), postings ×%.1f, candidates ×%.1f, lookups ×%.2f, memory ×%.1f",
                             r.topics, r.micros / base.micros, r.p50 / base.p50, r.postings / max(base.postings, 1e-9),
                             r.candidates / max(base.candidates, 1e-9), r.lookups / base.lookups, r.latency / base.latency))
            }
        }
    }

    /// Cumulative topic probabilities of a Zipf law with exponent `s` over `topics` ranks.
    static func zipfCDF(topics: Int, s: Double) -> [Double] {
        var cdf = [Double](repeating: 0, count: topics)
        var total = 0.0
        for r in 0..<topics {
            total += 1 / pow(Double(r + 1), s)
            cdf[r] = total
        }
        return cdf.map { $0 / total }
    }

    /// Times `reports` reports after `warmup` untimed ones.
    static func bench(
        reports: Int, warmup: Int, topics: Int, vocabulary: Int, hot: Int, zipf: Double,
        configuration: ClusteringConfiguration
    ) -> Run {
        var generator = SplitMix64(seed: 42)
        let cdf = zipf > 0 ? zipfCDF(topics: topics, s: zipf) : []
        func drawTopic() -> Int {
            guard zipf > 0 else { return Int(generator.next() % UInt64(topics)) }
            let u = Double(generator.next() >> 11) / Double(1 << 53)
            var lo = 0
            var hi = topics - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if cdf[mid] < u { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        let vocabularySize = vocabulary > 0 ? vocabulary : max(2_000, topics * 3)
        let words = (0..<vocabularySize).map { Token(term: "w\($0)", surface: "w\($0)", kind: .word) }
        let common = (0..<300).map { Token(term: "k\($0)", surface: "k\($0)", kind: .word) }
        let codes = (0..<50).map { Token(term: "#E\($0)", surface: "e\($0)", kind: .errorCode) }
        // Each topic: 8 characteristic words; a report draws 5 of them, 2 common words and sometimes a code.
        let topicWords = (0..<topics).map { _ in (0..<8).map { _ in Int(generator.next() % UInt64(vocabularySize)) } }
        var clusterer = LexicalClusterer(configuration: configuration)
        var truth: [Int32] = []
        truth.reserveCapacity(warmup + reports)
        let start = Timestamp(rfc3339: "2026-03-02T08:00:00Z")!
        let clock = ContinuousClock()
        var elapsed = Swift.Duration.zero
        var cpu = 0.0
        var tailCPU = 0.0
        var tail = Swift.Duration.zero
        var tailLookups = 0
        var latencies: [Double] = []
        latencies.reserveCapacity(reports / 10 + 10_000)
        // At most a tenth of the run, so that the last tenth starts on a chunk boundary even for a short run.
        let chunk = max(1, min(10_000, reports / 10))
        let total = warmup + reports
        var done = 0
        // The work counters when timing starts.
        var work0 = clusterer.lookupWork
        var scored0 = clusterer.candidateWork
        var kinds0 = clusterer.lookupKinds
        var projections0 = clusterer.topicProjections
        while done < total {
            if done == warmup {
                (work0, scored0, kinds0) = (clusterer.lookupWork, clusterer.candidateWork, clusterer.lookupKinds)
                projections0 = clusterer.topicProjections
            }
            // Warm-up chunks end where timing starts.
            let n = min(chunk, done < warmup ? warmup - done : total - done)
            var batch: [(TicketEvent, NormalizedText, String)] = []
            batch.reserveCapacity(n)
            for j in 0..<n {
                let r = done + j
                let topic = hot > 0 && r >= warmup ? Int(generator.next() % UInt64(min(hot, topics))) : drawTopic()
                truth.append(Int32(topic))
                var tokens: [Token] = []
                for _ in 0..<5 { tokens.append(words[topicWords[topic][Int(generator.next() % 8)]]) }
                for _ in 0..<2 { tokens.append(common[Int(generator.next() % 300)]) }
                if generator.next() % 4 == 0 { tokens.append(codes[topic % 50]) }
                let at = start.adding(Timestamp.Duration(milliseconds: Int64(r) * 50))
                let event = TicketEvent(id: "e\(r)", ticket: "T\(r)", type: .opened, at: at)
                batch.append((event, NormalizedText(language: .italian, tokens: tokens), "svc\(topic % 20)"))
            }
            if done < warmup {
                for (event, text, service) in batch { _ = clusterer.process(event, normalized: text, service: service) }
                done += n
                continue
            }
            let lookups0 = clusterer.lookupWork.lookups
            let inTail = done - warmup >= reports - reports / 10
            let t0 = clock.now
            let c0 = cpuSeconds()
            if inTail {
                // Each report timed alone for the percentiles (two clock reads, tens of nanoseconds, only here).
                for (event, text, service) in batch {
                    let r0 = clock.now
                    _ = clusterer.process(event, normalized: text, service: service)
                    let (s, a) = (clock.now - r0).components
                    latencies.append(Double(s) * 1e6 + Double(a) * 1e-12)
                }
            } else {
                for (event, text, service) in batch { _ = clusterer.process(event, normalized: text, service: service) }
            }
            let c = cpuSeconds() - c0
            let d = clock.now - t0
            elapsed += d
            cpu += c
            if inTail {
                tail += d
                tailCPU += c
                tailLookups += clusterer.lookupWork.lookups - lookups0
            }
            done += n
        }
        let tailReports = reports - (reports - reports / 10 + chunk - 1) / chunk * chunk
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let tailSeconds = Double(tail.components.seconds) + Double(tail.components.attoseconds) * 1e-18
        latencies.sort()
        func percentile(_ p: Double) -> Double {
            latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]
        }
        print(String(format: "%@ topics %6d  active clusters %7d  reports/s %8.0f wall %8.0f cpu  µs/report (last tenth) %.2f wall %.2f cpu, p50 %.2f p99 %.2f wall  peak memory %@",
                     hot > 0 ? "hot    " : zipf > 0 ? "zipf   " : "uniform", topics, clusterer.activeClusterCount, Double(reports) / seconds, Double(reports) / cpu,
                     tailSeconds / Double(max(tailReports, 1)) * 1e6, tailCPU / Double(max(tailReports, 1)) * 1e6,
                     percentile(0.5), percentile(0.99), peakMemory()))
        let all = clusterer.lookupWork
        let w = (lookups: all.lookups - work0.lookups, postings: all.postings - work0.postings,
                 centroidEntries: all.centroidEntries - work0.centroidEntries)
        // Lookups per report depend on the stream (a topic seen rarely seeds more clusters, and seeds get second
        // looks), so the cost per lookup is what shows whether the index keeps work flat in the clusters.
        print(String(format: "    per report: %.2f candidate lookups, %.0f postings, %.0f centroid entries read; last tenth: %.2f lookups/report, %.2f µs cpu per lookup",
                     Double(w.lookups) / Double(reports), Double(w.postings) / Double(reports),
                     Double(w.centroidEntries) / Double(reports),
                     Double(tailLookups) / Double(max(tailReports, 1)),
                     tailCPU / Double(max(tailLookups, 1)) * 1e6))
        let scored = (candidates: clusterer.candidateWork.candidates - scored0.candidates,
                      maxCandidates: clusterer.candidateWork.maxCandidates,
                      lists: clusterer.candidateWork.lists - scored0.lists)
        print(String(format: "    %.1f candidates scored per lookup (most %d), %.1f posting lists read per lookup, %.2f centroids projected on the topic space per lookup",
                     Double(scored.candidates) / Double(max(w.lookups, 1)), scored.maxCandidates,
                     Double(scored.lists) / Double(max(w.lookups, 1)),
                     Double(clusterer.topicProjections - projections0) / Double(max(w.lookups, 1))))
        let kinds = (placements: clusterer.lookupKinds.placements - kinds0.placements,
                     revisits: clusterer.lookupKinds.revisits - kinds0.revisits,
                     consolidations: clusterer.lookupKinds.consolidations - kinds0.consolidations)
        print(String(format: "    lookups per report: %.2f placing, %.2f second looks, %.2f consolidation checks; %.1f postings per lookup",
                     Double(kinds.placements) / Double(reports), Double(kinds.revisits) / Double(reports),
                     Double(kinds.consolidations) / Double(reports), Double(w.postings) / Double(max(w.lookups, 1))))
        // Tickets of retired clusters are forgotten: they count as clusters of their own.
        let predicted = (0..<total).map { clusterer.clusterID(ofTicket: "T\($0)") ?? "none-\($0)" }
        print(String(format: "    NMI against the latent topics %.4f (%d clusters over all reports); topic space fitted %d times",
                     ClusteringMetrics.nmi(truth: truth, predicted: predicted), Set(predicted).count,
                     Int(clusterer.topics.epoch)))
        return Run(stream: hot > 0 ? "hot" : zipf > 0 ? "zipf" : "uniform", topics: topics,
                   clusters: clusterer.activeClusterCount, micros: tailCPU / Double(max(tailReports, 1)) * 1e6,
                   p50: percentile(0.5), lookups: Double(tailLookups) / Double(max(tailReports, 1)),
                   postings: Double(w.postings) / Double(max(w.lookups, 1)),
                   candidates: Double(scored.candidates) / Double(max(w.lookups, 1)))
    }

    /// User + system CPU time of this process: unlike wall time it does not count the time other builds on a
    /// shared machine take the core away.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6
    }

    /// VmHWM from /proc/self/status (Linux), or "n/a".
    static func peakMemory() -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return "n/a" }
        return line.dropFirst("VmHWM:".count).trimmingCharacters(in: .whitespaces)
    }
}
