import Foundation
import Testing
import VedettaCore
import VedettaSimulator
import VedettaTesting

extension Tag {
    /// The SIGKILL harness (also run alone, longer, by `scripts/crash-harness.sh`).
    @Tag static var crash: Self
}

/// Issue #7: SIGKILL the real daemon at seeded-random moments — during spool ingest, engine work and
/// checkpoints, outbox delivery (alert files and SMTP) and report writing — restart it each time, and compare
/// everything it leaves behind with an uninterrupted run of the same stream.
///
/// `VEDETTA_CRASH_KILLS` (default 20) and `VEDETTA_CRASH_SEED` (default 7) change the run; the log of each kill is
/// written to `<tmp>/crash-harness-report.txt` and printed.
@Suite(.serialized, .tags(.crash), .enabled(if: SMTPServerProcess.shouldRun, "needs python3 with aiosmtpd"))
struct CrashHarnessTests {
    enum Phase: String, CaseIterable {
        case ingest, engine, delivery, report
    }

    struct Kill {
        var phase: Phase
        var delayMilliseconds: Int
        var observed: String
        var outboxPending: Int
    }

    static var kills: Int { Int(ProcessInfo.processInfo.environment["VEDETTA_CRASH_KILLS"] ?? "") ?? 20 }
    static var seed: UInt64 { UInt64(ProcessInfo.processInfo.environment["VEDETTA_CRASH_SEED"] ?? "") ?? 7 }

    /// The stream cut into spool files, in order.
    static func chunks(_ lines: [String], count: Int) -> [[String]] {
        let size = (lines.count + count - 1) / count
        return stride(from: 0, to: lines.count, by: size).map { Array(lines[$0..<min($0 + size, lines.count)]) }
    }

    static func name(_ index: Int) -> String { String(format: "%05d.jsonl", index) }

    /// The uninterrupted run: every file at once, wait until quiet, stop cleanly.
    static func referenceRun(_ files: [[String]], total: Int) throws -> (CrashWorld, [ReceivedMail]) {
        let world = try CrashWorld(label: "crash-ref")
        try world.smtp.start()
        defer { world.smtp.stop() }
        let daemon = world.daemon()
        try daemon.start()
        for (index, file) in files.enumerated() { try world.spool(file, name: name(index)) }
        try world.waitUntilQuiet(daemon, events: total)
        #expect(daemon.stop(signal: SIGTERM, timeout: 20) == 0, "\(daemon.log)")
        return (world, try world.smtp.received())
    }

    /// Counts of what the crash world shows now, to notice deliveries while polling.
    static func deliveredSoFar(_ world: CrashWorld) -> Int {
        var count = 0
        for root in [world.smtp.root, world.state + "/alerts"] {
            guard let walker = FileManager.default.enumerator(atPath: root) else { continue }
            while let name = walker.nextObject() as? String {
                if name.hasSuffix(".eml") || (name.hasSuffix(".json") && !name.hasPrefix("run-")) { count += 1 }
            }
        }
        return count
    }

    /// Rewinds the report marker so that the next start writes a week of reports (daily, weekly, every format
    /// and language), and removes the reports written so far so that they are really written again.
    static func rewindReports(_ world: CrashWorld) throws {
        let folder = world.state + "/reports"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where !name.hasSuffix(".tmp") {
            try FileManager.default.removeItem(atPath: folder + "/" + name)
        }
        let day = Date().addingTimeInterval(-9 * 86_400)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        try (formatter.string(from: day) + "\n").write(toFile: folder + "/.last-daily", atomically: true, encoding: .utf8)
    }

    static func reportFiles(_ world: CrashWorld) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: world.state + "/reports")) ?? []).filter { !$0.hasPrefix(".") }
    }

    static func sleepMilliseconds(_ ms: Int) { if ms > 0 { usleep(useconds_t(ms * 1000)) } }

    /// Polls `condition` every millisecond until true or `timeout`; returns whether it became true.
    static func poll(timeout: TimeInterval, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            usleep(1000)
        }
        return false
    }

    @Test(.timeLimit(.minutes(10)))
    func sigkillAtRandomMomentsLosesNothingAndDuplicatesNothing() throws {
        let started = Date()
        let lines = try CrashWorld.demoEvents()
        let killCount = Self.kills
        let files = Self.chunks(lines, count: max(40, 2 * killCount + 4))
        let (reference, referenceMails) = try Self.referenceRun(files, total: lines.count)
        let expected = try reference.outcome()
        try #require(!referenceMails.isEmpty, "the stream must make the daemon send mail")
        let referenceSeconds = Date().timeIntervalSince(started)

        // Files holding the events that change incidents in the reference run (revision time = the time of
        // the event that caused it): the rounds that feed them kill during delivery.
        let fileEnds = try files.map { file -> Int64 in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(file.last!.utf8)) as? [String: Any])
            return try #require(Timestamp(rfc3339: object["at"] as? String ?? "")).milliseconds
        }
        let triggers = Set(try reference.sql("SELECT DISTINCT at FROM incident_revisions").compactMap(Int64.init).compactMap { at in
            fileEnds.firstIndex { $0 >= at }
        })
        var generator = SeededGenerator(seed: Self.seed)
        let world = try CrashWorld(label: "crash-run")
        try world.smtp.start()
        defer { world.smtp.stop() }
        var fed = 0
        let perRound = max(1, (files.count - 4) / max(1, killCount))
        var log: [Kill] = []
        for round in 0..<killCount {
            let feeding = fed..<min(fed + perRound, files.count - 4)
            let phase: Phase = feeding.contains(where: triggers.contains)
                ? .delivery : [Phase.ingest, .engine, .report][Int(generator.next() % 3)]
            let daemon = world.daemon()
            var delay = 0
            var observed = ""
            switch phase {
            case .report:
                try Self.rewindReports(world)
                try daemon.launch()
                let began = Self.poll(timeout: 15) { !Self.reportFiles(world).isEmpty || !daemon.isRunning }
                delay = Int(generator.next() % 60)
                Self.sleepMilliseconds(delay)
                kill(daemon.pid, SIGKILL)
                observed = began ? "\(Self.reportFiles(world).count) report files written" : "no report file seen"
            case .ingest, .engine, .delivery:
                try daemon.start()
                let seqBefore = try world.sql("SELECT coalesce(max(seq), 0) FROM events").first ?? "0"
                let deliveredBefore = Self.deliveredSoFar(world)
                for _ in 0..<perRound where fed < files.count - 4 {
                    try world.spool(files[fed], name: Self.name(fed))
                    fed += 1
                }
                switch phase {
                case .ingest:
                    delay = Int(generator.next() % 150)
                    Self.sleepMilliseconds(delay)
                case .engine:
                    // Events stored and being consumed: engine batches, outbox writes and 0.2 s checkpoints.
                    _ = Self.poll(timeout: 10) {
                        ((try? daemon.get("/healthz").text) ?? "").contains("\"seq\":\(seqBefore),") == false
                    }
                    delay = Int(generator.next() % 400)
                    Self.sleepMilliseconds(delay)
                default:
                    // Right after an alert file or a mail appears: deliveries of the same round are in flight.
                    let saw = Self.poll(timeout: 4) { Self.deliveredSoFar(world) > deliveredBefore }
                    delay = Int(generator.next() % 15)
                    Self.sleepMilliseconds(delay)
                    observed = saw ? "delivery seen" : "no delivery within 4 s"
                }
                kill(daemon.pid, SIGKILL)
            }
            daemon.stop(signal: SIGKILL)
            let seq = try world.sql("SELECT coalesce(max(seq), 0) FROM events").first ?? "?"
            let checkpoint = try world.sql("SELECT seq FROM checkpoints WHERE name = 'engine'").first ?? "none"
            let pending = try world.sql("SELECT count(*) FROM outbox WHERE state = 'pending'").first ?? "?"
            observed += (observed.isEmpty ? "" : "; ")
                + "stored seq \(seq), checkpoint \(checkpoint), outbox pending \(pending), spool \(world.pendingSpoolFiles.count)"
            log.append(Kill(phase: phase, delayMilliseconds: delay, observed: observed, outboxPending: Int(pending) ?? 0))
        }

        // The last start: the rest of the stream, then a clean stop.
        let daemon = world.daemon()
        try daemon.start()
        while fed < files.count {
            try world.spool(files[fed], name: Self.name(fed))
            fed += 1
        }
        try world.waitUntilQuiet(daemon, events: lines.count)
        #expect(daemon.stop(signal: SIGTERM, timeout: 20) == 0, "\(daemon.log)")

        // Compare with the uninterrupted run.
        let actual = try world.outcome()
        #expect(actual.events.count == lines.count)
        #expect(Set(actual.events).count == actual.events.count, "an event stored twice")
        #expect(actual.events == expected.events, "events differ (count \(actual.events.count) vs \(expected.events.count))")
        #expect(actual.revisions == expected.revisions,
                "incident revisions differ:\n\(Self.difference(actual.revisions, expected.revisions))")
        #expect(actual.incidents == expected.incidents, "incidents differ:\n\(Self.difference(actual.incidents, expected.incidents))")
        #expect(actual.tickets == expected.tickets, "incident tickets differ")
        #expect(actual.assignments == expected.assignments,
                "assignments differ:\n\(Self.difference(actual.assignments, expected.assignments))")
        #expect(actual.outbox == expected.outbox, "outbox differs:\n\(Self.difference(actual.outbox, expected.outbox))")
        #expect(Set(actual.alertFiles.keys) == Set(expected.alertFiles.keys),
                "alert files differ:\n\(Self.difference(actual.alertFiles.keys.sorted(), expected.alertFiles.keys.sorted()))")
        let differentBytes = expected.alertFiles.keys.filter { actual.alertFiles[$0] != nil && actual.alertFiles[$0] != expected.alertFiles[$0] }
        #expect(differentBytes.isEmpty, "alert files with other bytes: \(differentBytes.sorted())")

        let mails = try world.smtp.received()
        var count: [String: Int] = [:]
        for mail in mails { count[mail.messageID ?? "?", default: 0] += 1 }
        var referenceCount: [String: Int] = [:]
        for mail in referenceMails { referenceCount[mail.messageID ?? "?", default: 0] += 1 }
        #expect(referenceCount.values.allSatisfy { $0 == 1 })
        #expect(Set(count.keys) == Set(referenceCount.keys),
                "mails differ:\n\(Self.difference(count.keys.sorted(), referenceCount.keys.sorted()))")
        let duplicates = count.filter { $0.value > 1 }
        let deliveryKills = log.filter { $0.phase == .delivery }.count
        // A kill between the relay's 250 and the row's "delivered" mark re-sends the same message (same
        // Message-ID, which mail clients fold); more than one per delivery kill would be a bug.
        #expect(mails.count - count.count <= deliveryKills, "raw duplicates: \(duplicates)")

        // Reports: what a report over the stream's days says is the same; every scheduled report file is whole.
        for format in ["json", "md"] {
            #expect(try world.report(from: "2026-03-03", to: "2026-03-05", format: format)
                    == reference.report(from: "2026-03-03", to: "2026-03-05", format: format), "\(format) report differs")
        }
        for name in Self.reportFiles(world) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: world.state + "/reports/" + name))
            if name.hasSuffix(".json") { #expect((try? JSONSerialization.jsonObject(with: bytes)) != nil, "\(name) is cut") }
            if name.hasSuffix(".html") { #expect(String(decoding: bytes, as: UTF8.self).contains("</html>"), "\(name) is cut") }
        }
        let temporaries = world.leftoverTemporaries(under: world.state + "/alerts")
            + world.leftoverTemporaries(under: world.state + "/reports")
        #expect(temporaries.isEmpty, "the last start removes what killed writes left: \(temporaries)")
        let swept = daemonLogs(world).components(separatedBy: "removed temporary files of an interrupted run").count - 1

        var report = "crash harness: seed \(Self.seed), \(log.count) kills, \(lines.count) events in \(files.count) spool files, "
        report += "\(expected.revisions.count) incident revisions, \(expected.alertFiles.count) alert files, "
        report += "\(referenceMails.count) mails; reference run \(Int(referenceSeconds)) s, total \(Int(Date().timeIntervalSince(started))) s\n"
        for phase in Phase.allCases { report += "  \(phase.rawValue): \(log.filter { $0.phase == phase }.count) kills\n" }
        report += "  kills that left outbox rows undelivered: \(log.filter { $0.outboxPending > 0 }.count)\n"
        for (index, kill) in log.enumerated() {
            report += "  kill \(index + 1): \(kill.phase.rawValue) +\(kill.delayMilliseconds) ms: \(kill.observed)\n"
        }
        report += "  raw duplicate mails (same Message-ID): \(mails.count - count.count) \(duplicates.keys.sorted())\n"
        report += "  starts that removed temporary files of killed writes: \(swept); left at the end: \(temporaries.count)\n"
        print(report)
        try? report.write(toFile: NSTemporaryDirectory() + "crash-harness-report.txt", atomically: true, encoding: .utf8)
    }

    /// Every daemon log of the world, concatenated.
    func daemonLogs(_ world: CrashWorld) -> String {
        ((try? FileManager.default.contentsOfDirectory(atPath: world.state)) ?? []).filter { $0.hasPrefix("daemon-") }.sorted()
            .compactMap { try? String(contentsOfFile: world.state + "/" + $0, encoding: .utf8) }.joined(separator: "\n")
    }

    /// The lines only in one list or only in the other (at most 20 each).
    static func difference(_ actual: [String], _ expected: [String]) -> String {
        let a = Set(actual), e = Set(expected)
        let extra = actual.filter { !e.contains($0) }.prefix(20).map { "+ " + $0.prefix(300) }
        let missing = expected.filter { !a.contains($0) }.prefix(20).map { "- " + $0.prefix(300) }
        return (extra + missing).joined(separator: "\n")
    }
}
