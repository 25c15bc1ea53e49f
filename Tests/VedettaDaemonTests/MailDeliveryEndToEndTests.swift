import Foundation
import Testing
import VedettaTesting

/// Issue #5: the real daemon, fed a simulated stream whose failure reports carry personal data, sends mail to a
/// real SMTP server (aiosmtpd): recipients, subject, threading, text + HTML, redaction; then exactly-once
/// delivery across an SMTP outage and across a SIGKILL between the outbox write and the delivery.
@Suite(.serialized, .enabled(if: SMTPServerProcess.shouldRun, "needs python3 with aiosmtpd"))
struct MailDeliveryEndToEndTests {
    static let secrets = ["RSSMRA80A01H501U", "IT60X0542811101000000123456", "mario.rossi@example.com", "333 123 4567"]
    static let addition = " Il mio codice fiscale è RSSMRA80A01H501U, rimborso su IBAN IT60X0542811101000000123456;"
        + " scrivete a mario.rossi@example.com o chiamate il 333 123 4567."

    /// The demo stream with personal data added to the texts of the reports of the `errore 503` failure.
    static func stream() throws -> [(at: String, line: String)] {
        try CrashWorld.demoEvents().map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let at = try #require(object["at"] as? String)
            guard object["service"] as? String == "denuncia-infortunio", let text = object["text"] as? String,
                  text.contains("503")
            else { return (at, line) }
            var changed = object
            changed["text"] = text + addition
            let data = try JSONSerialization.data(withJSONObject: changed, options: [.sortedKeys, .withoutEscapingSlashes])
            return (at, String(decoding: data, as: UTF8.self))
        }
    }

    /// Offices of the rules folder: id → (emails, locale); services: id → name (a line reader for the shipped
    /// layout, enough for the assertions).
    static func rulesFacts(_ folder: String) throws -> (offices: [String: (emails: [String], locale: String)], services: [String: String]) {
        func entries(_ file: String) throws -> [[String: String]] {
            var result: [[String: String]] = []
            for raw in try String(contentsOfFile: folder + "/" + file, encoding: .utf8).split(separator: "\n") {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix("#") { continue }
                if line.hasPrefix("- id:") { result.append(["id": String(line.dropFirst(5)).trimmingCharacters(in: .whitespaces)]) }
                else if !result.isEmpty, raw.hasPrefix("    "), !raw.hasPrefix("      "), let colon = line.firstIndex(of: ":") {
                    result[result.count - 1][String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
            }
            return result
        }
        var offices: [String: (emails: [String], locale: String)] = [:]
        for entry in try entries("offices.yaml") {
            let emails = (entry["emails"] ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
                .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            offices[entry["id"]!] = (emails, entry["locale"] ?? "it")
        }
        var services: [String: String] = [:]
        for entry in try entries("services.yaml") { services[entry["id"]!] = entry["name"] }
        return (offices, services)
    }

    static let severityWords = ["it": ["info": "INFO", "minor": "LIEVE", "major": "GRAVE", "critical": "CRITICO"],
                                "en": ["info": "INFO", "minor": "MINOR", "major": "MAJOR", "critical": "CRITICAL"]]
    static let stateWords = ["it": ["firing": "nuovo", "updated": "aggiornamento", "resolved": "risolto"],
                             "en": ["firing": "new", "updated": "update", "resolved": "resolved"]]

    /// Mail outbox rows: key → (incident, revision, office).
    static func mailRows(_ world: CrashWorld) throws -> [String: (incident: String, revision: Int, office: String)] {
        var rows: [String: (String, Int, String)] = [:]
        for line in try world.sql("SELECT key, incident, revision, office FROM outbox WHERE channel = 'mail'") {
            let f = line.split(separator: "\t").map(String.init)
            rows[f[0]] = (f[1], Int(f[2]) ?? 0, f[3])
        }
        return rows
    }

    /// Checks every received mail against the rules and the stored revision it carries.
    static func checkMails(_ mails: [ReceivedMail], world: CrashWorld) throws {
        let facts = try rulesFacts(world.rules)
        var revisions: [String: (state: String, severity: String, service: String)] = [:]
        for line in try world.sql("SELECT id, revision, state, severity, service FROM incident_revisions") {
            let f = line.split(separator: "\t").map(String.init)
            revisions[f[0] + "." + f[1]] = (f[2], f[3], f[4])
        }
        // The revisions each office was mailed, per incident: a mail's thread is those before it (an office first
        // reached at revision 3 never got 1 and 2, and its mails must not name them).
        var mailed: [String: Set<Int>] = [:]
        for (key, row) in try mailRows(world) where !key.hasSuffix("/esc") {
            mailed[row.incident + "/" + row.office, default: []].insert(row.revision)
        }
        for mail in mails {
            let id = try #require(mail.messageID, "\(mail.name) has no Message-ID")
            let parts = try #require(CrashWorld.delivery(ofMessageID: id)).split(separator: ".").map(String.init)
            try #require(parts.count == 3, "\(id) is not INC.REV.OFFICE")
            let (incident, revision, office) = (parts[0], Int(parts[1])!, parts[2])
            let officeFacts = try #require(facts.offices[office], "\(id): office not in the rules")
            let stored = try #require(revisions[incident + "." + String(revision)], "\(id): revision not stored")
            #expect(mail.recipients == officeFacts.emails, "\(id) went to \(mail.recipients)")
            #expect(mail.mailFrom == "vedetta@istituto.example.it")
            #expect(mail.contentType == "multipart/alternative", "\(id)")
            #expect(mail.defects.isEmpty, "\(id): \(mail.defects)")
            #expect(!(mail.text ?? "").isEmpty && (mail.html ?? "").contains("<"), "\(id) lacks a text or HTML part")
            let subject = mail.subject ?? ""
            let severity = severityWords[officeFacts.locale]![stored.severity]!
            let state = stateWords[officeFacts.locale]![stored.state]!
            let service = facts.services[stored.service] ?? stored.service
            #expect(subject.hasPrefix("[Vedetta] " + severity + " · " + service + " · " + state + ":"),
                    "\(id): subject '\(subject)' for \(stored)")
            let thread = (mailed[incident + "/" + office] ?? []).filter { $0 < revision }.sorted()
                .map { "<\(incident).\($0).\(office)@vedetta.test>" }
            if thread.isEmpty {
                #expect(mail.inReplyTo == nil && mail.references == nil, "\(id) starts its office's thread")
            } else {
                #expect(mail.inReplyTo == thread[0], "\(id): In-Reply-To \(mail.inReplyTo ?? "none")")
                let references = (mail.references ?? "").split(separator: " ").map(String.init)
                #expect(references == thread, "\(id)")
            }
            let bytes = String(decoding: mail.raw, as: UTF8.self).replacingOccurrences(of: "=\r\n", with: "")
            for secret in secrets {
                for place in [bytes, mail.text ?? "", mail.html ?? "", subject] {
                    #expect(!place.contains(secret), "\(secret) reached a mailbox in \(id)")
                }
            }
        }
    }

    /// Each mail outbox row was delivered and arrived exactly once, and nothing else arrived.
    static func expectExactlyOnce(_ mails: [ReceivedMail], world: CrashWorld, _ comment: String) throws {
        let rows = try mailRows(world)
        let states = try world.sql("SELECT state, count(*) FROM outbox GROUP BY state")
        #expect(states.allSatisfy { $0.hasPrefix("delivered\t") }, "\(comment): outbox \(states)")
        var byID: [String: Int] = [:]
        for mail in mails { byID[mail.messageID ?? "?", default: 0] += 1 }
        let expected = Set(rows.values.map { "<\($0.incident).\($0.revision).\($0.office)@vedetta.test>" })
        #expect(Set(byID.keys) == expected, "\(comment): received \(byID.keys.sorted()) expected \(expected.sorted())")
        let twice = byID.filter { $0.value > 1 }
        #expect(twice.isEmpty, "\(comment): received more than once: \(twice)")
    }

    @Test func mailsAreCorrectAndArriveExactlyOnceAcrossAnOutageAndASigkill() throws {
        let world = try CrashWorld(label: "mail-e2e", checkpointSeconds: 30)
        let stream = try Self.stream()
        // Phase boundaries (event time): the 503 failure starts 2026-03-04 10:00 +01:00 and lasts two hours; the
        // DURC timestamp failure starts 2026-03-05 09:30.
        let phase1 = stream.filter { $0.at < "2026-03-04T11:30:00+01:00" }.map(\.line)
        let phase2 = stream.filter { $0.at >= "2026-03-04T11:30:00+01:00" && $0.at < "2026-03-05T11:00:00+01:00" }.map(\.line)
        let phase3 = stream.filter { $0.at >= "2026-03-05T11:00:00+01:00" }.map(\.line)
        #expect(phase1.count + phase2.count + phase3.count == stream.count, "the at strings share one offset")

        try world.smtp.start()
        defer { world.smtp.stop() }
        var daemon = world.daemon()
        try daemon.start()

        // 1. Relay up: the failure fires and its mails arrive, well formed, threaded, redacted.
        try world.spool(phase1, name: "0001.jsonl")
        try world.waitUntilQuiet(daemon, events: phase1.count)
        let first = try Self.settledMail(world, daemon: daemon)
        let revisionsSoFar = try world.sql("SELECT id, revision, state, service FROM incident_revisions")
        try #require(!first.isEmpty, "no mail after the 503 burst:\n\(revisionsSoFar)")
        try Self.checkMails(first, world: world)
        try Self.expectExactlyOnce(first, world: world, "relay up")
        let infortunio = first.filter { $0.recipients.contains("prestazioni@istituto.example.it") }
        let firing = try #require(infortunio.first { ($0.subject ?? "").contains("nuovo:") }, "the owning office got no firing mail")
        let quoted = (firing.text ?? "") + (firing.html ?? "")
        #expect(quoted.contains("[CF]") && quoted.contains("[IBAN]") && quoted.contains("[EMAIL]") && quoted.contains("[TEL]"),
                "the quoted reports show the redaction markers:\n\(firing.text ?? "")")

        // 2. Relay down while incidents change: file rows are delivered, mail rows wait; the relay comes back on
        // the same port and every mail arrives once.
        world.smtp.stop()
        let rowsBefore = try Self.mailRows(world).count
        try world.spool(phase2, name: "0002.jsonl")
        try waitFor("mail rows failed at least once while the relay is down", daemon: daemon) {
            try world.sql("SELECT count(*) FROM outbox WHERE channel = 'mail' AND state = 'pending' AND attempts > 0").first != "0"
        }
        #expect(try Self.mailRows(world).count > rowsBefore, "phase 2 changed incidents")
        try world.smtp.start()
        try world.waitUntilQuiet(daemon, events: phase1.count + phase2.count)
        let second = try Self.settledMail(world, daemon: daemon)
        try Self.checkMails(second, world: world)
        try Self.expectExactlyOnce(second, world: world, "after the outage")

        // 3. Relay down, outbox rows written, SIGKILL before any delivery; relay back, daemon restarted.
        world.smtp.stop()
        let rowsBeforeKill = try Self.mailRows(world).count
        try world.spool(phase3, name: "0003.jsonl")
        try waitFor("new mail rows pending while the relay is down", daemon: daemon) {
            let pending = Int(try world.sql("SELECT count(*) FROM outbox WHERE channel = 'mail' AND state = 'pending'").first ?? "") ?? 0
            let rows = try Self.mailRows(world).count
            return pending > 0 && rows > rowsBeforeKill
        }
        daemon.stop(signal: SIGKILL)
        let undelivered = try world.sql("SELECT key FROM outbox WHERE channel = 'mail' AND state = 'pending'")
        #expect(!undelivered.isEmpty)
        try world.smtp.start()
        daemon = world.daemon()
        try daemon.start()
        try world.waitUntilQuiet(daemon, events: stream.count)
        let all = try Self.settledMail(world, daemon: daemon)
        try Self.checkMails(all, world: world)
        try Self.expectExactlyOnce(all, world: world, "after the SIGKILL")
        #expect(daemon.stop(signal: SIGTERM, timeout: 10) == 0, "\(daemon.log)")
    }

    /// The received mails once every mail row of the outbox is delivered and has arrived (at most 30 s): the
    /// daemon can look quiet between consuming a batch and committing the outbox rows it caused, so the mails
    /// are read when the outbox and the mailbox agree, or at the deadline for the assertions to report.
    static func settledMail(_ world: CrashWorld, daemon: DaemonProcess) throws -> [ReceivedMail] {
        let deadline = Date().addingTimeInterval(30)
        while true {
            let mails = try world.smtp.received()
            let rows = try mailRows(world)
            let undelivered = try world.sql("SELECT count(*) FROM outbox WHERE channel = 'mail' AND state <> 'delivered'")
            let received = Set(mails.compactMap(\.messageID))
            let expected = Set(rows.values.map { "<\($0.incident).\($0.revision).\($0.office)@vedetta.test>" })
            if undelivered.first == "0", expected.isSubset(of: received) { return mails }
            if Date() >= deadline || !daemon.isRunning { return mails }
            usleep(50_000)
        }
    }

    /// Polls `condition` until true, with a deadline.
    func waitFor(_ what: String, daemon: DaemonProcess, timeout: TimeInterval = 60, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return }
            if !daemon.isRunning { throw DaemonProcessError(message: "daemon died waiting for \(what):\n\(daemon.log)") }
            usleep(50_000)
        }
        throw DaemonProcessError(message: "timed out waiting for \(what):\n\(daemon.log)")
    }
}
