import Foundation
import Synchronization
import Testing
import VedettaCore
import VedettaStore
import VedettaTesting
@testable import VedettaNotify

/// Alert files: names, idempotence, and that a reader never sees half a file.
@Suite("FileNotifier")
struct FileNotifierTests {
    static func context(_ incident: Incident, office: Office = AlertFixtures.italianOffice) -> AlertContext {
        AlertContext(incident: incident, delivery: AlertFixtures.delivery(office), office: office)
    }

    @Test func writesJSONAndTextUnderTheOfficeFolder() throws {
        let root = Fixtures.temporaryDirectory("alerts")
        let notifier = FileNotifier(alertsRoot: root, renderer: try AlertFixtures.renderer())
        let path = try notifier.write(key: "file:INC-20260302-0007/1/it-operations",
                                      context: Self.context(AlertFixtures.firing(), office: AlertFixtures.englishOffice))
        #expect(path == root + "/ops/20260302T081500Z-INC-20260302-0007-1-firing.json")
        let document = try JSONDecoder().decode(AlertDocument.self, from: try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(document.key == "file:INC-20260302-0007/1/it-operations")
        #expect(document.office.locale == "en")
        #expect(document.incident.samples.count == 3)
        #expect(document.incident.samples[0].text.contains("[CF]"))
        let text = try String(contentsOfFile: String(path.dropLast(5)) + ".txt", encoding: .utf8)
        #expect(text.hasPrefix("VEDETTA · MAJOR · Denuncia infortunio · new\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/ops").sorted()
                == ["20260302T081500Z-INC-20260302-0007-1-firing.json", "20260302T081500Z-INC-20260302-0007-1-firing.txt"])
    }

    @Test func writingTheSameKeyAgainGivesTheSameBytes() throws {
        let root = Fixtures.temporaryDirectory("alerts")
        let notifier = FileNotifier(alertsRoot: root, renderer: try AlertFixtures.renderer())
        let context = Self.context(AlertFixtures.updated())
        let path = try notifier.write(key: "k", context: context)
        let first = try Data(contentsOf: URL(fileURLWithPath: path))
        let again = try notifier.write(key: "k", context: context)
        #expect(again == path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == first)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/uff-infortuni").count == 2)
    }

    /// A reader thread lists and parses each new `.json` as soon as it appears while 100 alerts (about 14 KB
    /// each) are written: every file it opens is complete, valid JSON. (A writer that writes in place fails it.)
    @Test func aPollingReaderNeverSeesAPartialFile() throws {
        let root = Fixtures.temporaryDirectory("alerts")
        let notifier = FileNotifier(alertsRoot: root, renderer: try AlertFixtures.renderer())
        let folder = root + "/uff-infortuni"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let done = Atomic<Bool>(false)
        let stats = Mutex<(reads: Int, bad: [String])>((0, []))
        let finishedReading = DispatchSemaphore(value: 0)
        let reader = Thread {
            defer { finishedReading.signal() }
            // Each name is written once, so a file is judged when it first shows up: that is when a non-atomic
            // writer would expose it half written.
            var seen: Set<String> = []
            while true {
                let finished = done.load(ordering: .acquiring)
                let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
                for name in names where name.hasSuffix(".json") && seen.insert(name).inserted {
                    guard let data = FileManager.default.contents(atPath: folder + "/" + name) else { continue }
                    let valid = (try? JSONDecoder().decode(AlertDocument.self, from: data)) != nil
                    stats.withLock { state in
                        state.reads += 1
                        if !valid { state.bad.append(name) }
                    }
                }
                if finished { break }
            }
        }
        reader.start()
        var big = AlertFixtures.firing()
        big.samples = (0..<5).map { i in
            IncidentSample(ticket: "T-\(i)", at: AlertFixtures.t0, channel: "web",
                           text: String(repeating: "Errore 503 dopo la firma della denuncia. ", count: 60))
        }
        for i in 0..<100 {
            var incident = big
            incident.id = "INC-20260302-\(1000 + i)"
            try notifier.write(key: "file:\(incident.id)/1/uff-infortuni", context: Self.context(incident))
        }
        done.store(true, ordering: .releasing)
        finishedReading.wait()
        let (reads, bad) = stats.withLock { $0 }
        #expect(bad.isEmpty, "partial or invalid files seen: \(bad.prefix(5))")
        #expect(reads == 100)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(names.filter { $0.hasSuffix(".json") }.count == 100)
        #expect(!names.contains { $0.hasSuffix(".tmp") })
    }
}
