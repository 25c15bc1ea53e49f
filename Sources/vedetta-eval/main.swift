import Foundation

// vedetta-eval: measures clustering and detection quality on labelled data whose path is given as an argument.
// Each evaluation lives in its own file and registers here.

let evaluations: [String: ([String]) throws -> Void] = [
    "clustering": ClusteringEvaluation.run,
    "clustering-bench": ClusteringBench.run,
    "detection": DetectionReplay.run,
    "detection-banking77": DetectionBanking77.run,
    "detection-nab": DetectionNAB.run,
    "engine-bench": EngineBench.run,
    "prepare-bench": PrepareBench.run,
]

let arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first, let run = evaluations[name] else {
    print("usage: vedetta-eval <\(evaluations.keys.sorted().joined(separator: "|"))> [options]")
    exit(2)
}
do {
    try run(Array(arguments.dropFirst()))
} catch {
    print("vedetta-eval \(name): \(error)")
    exit(1)
}
