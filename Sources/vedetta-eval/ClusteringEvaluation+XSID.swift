import Foundation
import VedettaCore

/// xSID: 800 real user requests (16 intents) in parallel Italian and English versions (`split, text, intent`,
/// tab-separated). Real Italian text nobody here wrote: the clusterer is scored per language as on Banking77,
/// then on both languages streamed together, where `parallel pairs together` is the share of requests whose two
/// versions land in one cluster (lexical features cannot join two languages; a shared topic space might).
extension ClusteringEvaluation {
    /// Reads an xSID TSV file: a header `split<TAB>text<TAB>intent`, then one request per line.
    static func readXSID(_ path: String) throws -> [(text: String, label: String)] {
        guard let data = FileManager.default.contents(atPath: path) else { throw EvalError("cannot read xSID file \(path)") }
        guard let content = String(data: data, encoding: .utf8) else {
            throw EvalError("\(path): not UTF-8 text")
        }
        var rows: [(text: String, label: String)] = []
        // "\r\n" is one Character in Swift: split on both line ends.
        let lines = content.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (index, line) in lines.enumerated() {
            if line.isEmpty { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 3 else {
                throw EvalError("\(path), line \(index + 1): expected 3 tab-separated fields (split, text, intent), found \(fields.count)")
            }
            if index == 0 {
                guard fields[1] == "text", fields[2] == "intent" else {
                    throw EvalError("\(path), line 1: expected the header split<TAB>text<TAB>intent")
                }
                continue
            }
            guard !fields[2].isEmpty else { throw EvalError("\(path), line \(index + 1): field `intent` is empty") }
            rows.append((String(fields[1]), String(fields[2])))
        }
        return rows
    }

    static func runXSID(_ o: Options) throws {
        var files: [(name: String, rows: [(text: String, label: String)])] = []
        for path in o.xsid {
            files.append(((path as NSString).lastPathComponent, try readXSID(path)))
        }
        for file in files {
            report(file.name, rows: file.rows, options: o)
        }
        // Two parallel files: both languages in one stream, row i of each file being one request.
        guard files.count == 2, files[0].rows.count == files[1].rows.count,
              zip(files[0].rows, files[1].rows).allSatisfy({ $0.label == $1.label })
        else { return }
        let n = files[0].rows.count
        report(files[0].name + " + " + files[1].name, rows: files[0].rows + files[1].rows, options: o) { predicted in
            let together = (0..<n).filter { predicted[$0] == predicted[n + $0] }.count
            return String(format: "  parallel pairs together %.1f%%", 100 * Double(together) / Double(n))
        }
    }

    private static func report(_ name: String, rows: [(text: String, label: String)], options o: Options,
                               extra: (([String]) -> String)? = nil) {
        print("xsid \(name): \(rows.count) reports, \(Set(rows.map(\.label)).count) intents")
        for seed in o.seeds {
            let r = evaluate(rows: rows, seed: seed, options: o)
            print(String(format: "seed %llu  NMI %.4f  ARI %.4f  clusters %d  holding90%% %d",
                         seed, r.nmi, r.ari, r.clusters, r.holding90) + (extra?(r.predictedByRow) ?? ""))
        }
    }
}
