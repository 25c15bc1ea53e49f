import Foundation
import Testing
import VedettaCore
import VedettaStore
import VedettaTesting

/// The real binary, real sockets, real SQLite file.
@Suite(.serialized) struct DaemonEndToEndTests {
    static func events(_ range: Range<Int>, prefix: String = "E") -> String {
        range.map { i in
            TicketEvent(id: "\(prefix)-\(i)", ticket: "BO-\(i)", type: .opened,
                        at: Timestamp(seconds: 1_772_439_300 + Int64(i)), queue: "backoffice",
                        service: "durc-online", requester: "r-\(i % 97)", text: "non riesco a scaricare il DURC, errore 503")
                .jsonLine
        }.joined(separator: "\n") + "\n"
    }

    @Test func servesIngestHealthMetricsAndStopsCleanly() throws {
        let state = Fixtures.temporaryDirectory("e2e")
        let daemon = DaemonProcess(stateDirectory: state, extraArguments: ["--rules", Fixtures.repositoryRoot() + "/rules"])
        try daemon.start()

        // 401 without (or with a wrong) token; nothing stored.
        #expect(try daemon.post(Self.events(0..<1), token: "").status == 401)
        #expect(try daemon.post(Self.events(0..<1), token: "wrong-token-wrong-token").status == 401)

        // NDJSON with one bad line: the good ones are kept, the bad one named.
        let body = Self.events(0..<10) + "{\"ticket\":\"X\",\"type\":\"opened\",\"at\":\"yesterday\",\"text\":\"t\"}\n"
        let response = try daemon.post(body)
        #expect(response.status == 200, "\(response.text)")
        #expect(response.text.contains("\"accepted\":10"))
        #expect(response.text.contains("\"field\":\"at\""))
        #expect(response.text.contains("\"line\":11"))

        // A resent batch is accepted and stored once.
        let again = try daemon.post(Self.events(0..<10))
        #expect(again.text.contains("\"duplicates\":10"), "\(again.text)")

        // A JSON array, and a body with nothing acceptable (400).
        let array = "[" + Self.events(10..<13).split(separator: "\n").joined(separator: ",") + "]"
        #expect(try daemon.post(array).text.contains("\"stored\":3"))
        #expect(try daemon.post("{\"ticket\":1}").status == 400)

        // Spool: a good file to done/, a mixed file to failed/ with NAME.errors.
        let incoming = state + "/spool/incoming/"
        try Self.events(100..<200, prefix: "S").write(toFile: incoming + "a.jsonl", atomically: true, encoding: .utf8)
        try ("ticket,type,at,text\nBO-1,opened,2026-03-02T09:15:00+01:00,testo\nBO-2,boom,2026-03-02T09:15:00+01:00,x\n")
            .write(toFile: incoming + "b.csv", atomically: true, encoding: .utf8)
        try "partial".write(toFile: incoming + "c.jsonl.tmp", atomically: true, encoding: .utf8)
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline,
              !(FileManager.default.fileExists(atPath: state + "/spool/done/a.jsonl")
                && FileManager.default.fileExists(atPath: state + "/spool/failed/b.csv"))
        {
            usleep(100_000)
        }
        #expect(FileManager.default.fileExists(atPath: state + "/spool/done/a.jsonl"))
        let errors = try String(contentsOfFile: state + "/spool/failed/b.csv.errors", encoding: .utf8)
        #expect(errors.contains("b.csv:3: field 'type': unknown event type 'boom'"))
        #expect(FileManager.default.fileExists(atPath: incoming + "c.jsonl.tmp"), "temporary files are left alone")

        let health = try daemon.get("/healthz")
        #expect(health.status == 200)
        #expect(health.text.contains("\"status\":\"ok\""))
        let metrics = try daemon.get("/metrics").text
        #expect(metrics.contains("vedetta_events_accepted_total{source=\"http\"}"))
        #expect(metrics.contains("vedetta_events_accepted_total{source=\"spool\"}"))
        #expect(metrics.contains("vedetta_queue_depth"))
        #expect(metrics.contains("vedetta_store_commit_seconds_bucket"))

        let started = Date()
        let status = daemon.stop(signal: SIGTERM, timeout: 5)
        #expect(status == 0, "exit status; log:\n\(daemon.log)")
        #expect(Date().timeIntervalSince(started) < 5)

        let store = try EventStore(directory: state)
        #expect(try store.count() == 10 + 3 + 100 + 1)
        let checkpoint = try #require(try store.loadCheckpoint(name: "engine"))
        #expect(checkpoint.seq == Int64(try store.lastSeq()), "the final checkpoint includes every stored event")
    }

    /// Acknowledged events survive SIGKILL at any moment and are stored exactly once after a restart.
    @Test func sigkillDuringIngestLosesNothingAcknowledged() throws {
        let state = Fixtures.temporaryDirectory("kill")
        var acknowledged = Set<String>()
        var next = 0
        for round in 0..<3 {
            let daemon = DaemonProcess(stateDirectory: state)
            try daemon.start()
            // A large spool file that is likely in progress when the kill lands.
            try Self.events(100_000 * (round + 1)..<100_000 * (round + 1) + 30_000, prefix: "K\(round)")
                .write(toFile: state + "/spool/incoming/big-\(round).jsonl", atomically: true, encoding: .utf8)
            let killer = Thread {
                usleep(useconds_t(300_000 + round * 250_000))
                kill(daemon.pid, SIGKILL)
            }
            killer.start()
            while daemon.isRunning {
                let batch = next..<next + 500
                guard let response = try? daemon.post(Self.events(batch)), response.status == 200 else { break }
                for i in batch { acknowledged.insert("E-\(i)") }
                next += 500
            }
            daemon.stop(signal: SIGKILL)
        }
        // Restart once more, let the spool finish, stop cleanly.
        let daemon = DaemonProcess(stateDirectory: state)
        try daemon.start()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline,
              (try? FileManager.default.contentsOfDirectory(atPath: state + "/spool/incoming"))?.contains(where: { $0.hasSuffix(".jsonl") }) == true
        {
            usleep(200_000)
        }
        // The stop drains the queue (up to 90,000 events in a debug build): on a loaded CI machine that can take
        // more than ten seconds.
        #expect(daemon.stop(signal: SIGTERM, timeout: 45) == 0, "\(daemon.log)")
        #expect(acknowledged.count > 0)
        let store = try EventStore(directory: state)
        let stored = try store.events(after: 0, limit: 10_000_000)
        let ids = stored.map(\.event.id)
        #expect(Set(ids).count == ids.count, "no event stored twice")
        let missing = acknowledged.subtracting(ids)
        #expect(missing.isEmpty, "acknowledged but lost: \(missing.count)")
        #expect(ids.filter { $0.hasPrefix("K") }.count == 90_000, "every spool file fully ingested after restarts")
    }
}
