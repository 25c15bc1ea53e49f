import ArgumentParser
import Foundation
import Logging
import VedettaCore
import VedettaIngest
import VedettaStore

/// `vedetta-bench ingest`: 1,000,000 events through the spool folder into a fresh store (the real
/// `SpoolDirectorySource`: parse, validate, batch commits with `synchronous=FULL`), with a sink that only counts
/// (the engine is measured by `vedetta replay`). Prints events/s and peak memory.
struct IngestBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ingest", abstract: "Time spool ingest into the store.")

    @Option(help: "Scratch folder (emptied first).") var dir: String
    @Option(help: "Events to ingest.") var events: Int = 1_000_000
    @Option(help: "Files to split them into.") var files: Int = 10

    final class CountingSink: EventSink, @unchecked Sendable {
        func enqueue(_ events: [(seq: Int64, event: TicketEvent)]) async {}
        func tryReserve(_ count: Int) -> Bool { true }
        func enqueueReserved(_ events: [(seq: Int64, event: TicketEvent)], reserved: Int) {}
    }

    func run() async throws {
        try? FileManager.default.removeItem(atPath: dir)
        let incoming = dir + "/spool/incoming"
        try FileManager.default.createDirectory(atPath: incoming, withIntermediateDirectories: true)
        let perFile = events / max(1, files)
        let start = Timestamp(rfc3339: "2026-03-02T08:00:00+01:00")!
        let services = ["denuncia-infortunio", "durc-online", "autoliquidazione", "certificati-medici", "vpn"]
        for f in 0..<files {
            var text = ""
            text.reserveCapacity(perFile * 260)
            for i in 0..<perFile {
                let n = f * perFile + i
                text += TicketEvent(
                    id: "B-\(n)", ticket: "BO-2026-\(n)", type: .opened, at: start.adding(.seconds(Int64(n / 10))),
                    queue: "backoffice", channel: "web", service: services[n % services.count], requester: "r-\(n % 50_000)",
                    requesterKind: "azienda", region: "lazio", priority: .normal,
                    text: "Non riesco a inviare la denuncia, errore 503 dopo la firma digitale (pratica \(n))"
                ).jsonLine
                text += "\n"
            }
            try text.write(toFile: incoming + "/bench-\(String(format: "%03d", f)).jsonl", atomically: true, encoding: .utf8)
        }
        let store = try EventStore(directory: dir)
        let spool = try SpoolDirectorySource(root: dir + "/spool", store: store, sink: CountingSink(),
                                             logger: Logger(label: "bench"), settleTime: 0)
        let started = ContinuousClock.now
        let outcomes = await spool.scanOnce()
        let elapsed = ContinuousClock.now - started
        let stored = outcomes.map(\.1.stored).reduce(0, +)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("spool ingest: \(stored) events in \(String(format: "%.2f", seconds)) s = \(Int(Double(stored) / seconds)) events/s, "
            + "store \(store.sizeOnDisk() / 1_048_576) MiB, peak RSS \(Self.peakKiB() / 1024) MiB")
    }

    static func peakKiB() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }
}
