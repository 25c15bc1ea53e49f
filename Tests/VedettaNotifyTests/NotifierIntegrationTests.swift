import Foundation
import Logging
import Synchronization
import Testing
import VedettaCore
import VedettaStore
import VedettaTesting
@testable import VedettaNotify

/// A transport whose relay can be switched, so a test can stop the server and start another one.
final class SwitchableTransport: MailTransport {
    let client = SMTPClient(logger: Logger(label: "test.smtp"))
    let configuration: Mutex<SMTPConfiguration>

    init(_ sink: SMTPSink) {
        configuration = Mutex(Self.configuration(port: sink.port))
    }

    static func configuration(port: Int) -> SMTPConfiguration {
        SMTPConfiguration(host: "127.0.0.1", port: port, heloName: "vedetta.test", tlsMode: .none,
                          timeouts: .init(connect: .seconds(5), greeting: .seconds(10), command: .seconds(10),
                                          dataTermination: .seconds(10)))
    }

    func use(_ sink: SMTPSink) { configuration.withLock { $0 = Self.configuration(port: sink.port) } }

    func send(_ message: MailMessage) async throws(SMTPError) {
        _ = try await client.send(message, configuration: configuration.withLock { $0 })
    }
}

/// The whole delivery path against a real SMTP server: engine actions → outbox → files and mails, an outage
/// with retries, and the rate-limit digest.
@Suite("Notifier against a real SMTP server", .enabled(if: SMTPSink.shouldRun, "needs python3 with aiosmtpd and openssl"))
struct NotifierIntegrationTests {
    static let retry = OutboxRetryPolicy(base: .seconds(30), factor: 2, cap: .minutes(10), maxAttempts: 5)

    struct Harness {
        let store: EventStore
        let outbox: Outbox
        let writer: ActionWriter
        let loop: NotifierLoop
        let alerts: String
        var seq: Int64 = 0

        init(transport: any MailTransport, rules: RuleSet) throws {
            let state = Fixtures.temporaryDirectory("notify")
            store = try EventStore(directory: state)
            outbox = Outbox(store: store)
            writer = ActionWriter(store: store, channels: { office in
                (rules.office(id: office)?.emails.isEmpty ?? true) ? ["file"] : ["file", "mail"]
            })
            alerts = state + "/alerts"
            let renderer = try AlertRenderer()
            loop = NotifierLoop(
                outbox: outbox, files: FileNotifier(alertsRoot: alerts, renderer: renderer),
                mail: SMTPNotifier(transport: transport, from: MailAddress("vedetta@ente.test", displayName: "Vedetta"),
                                   messageIDHost: "vedetta.ente.test", renderer: renderer),
                rules: { rules }, configuration: NotifierConfiguration(retry: NotifierIntegrationTests.retry),
                logger: Logger(label: "test.notify"))
        }

        mutating func emit(_ incident: Incident, to offices: [Office], at now: Timestamp) throws {
            seq += 1
            let change = IncidentChange(incident: incident, deliveries: offices.map(AlertFixtures.delivery))
            try writer.write([.incident(change)], seq: seq, now: now)
        }
    }

    static func allBytes(_ received: SMTPSink.Received) -> String {
        let raw = String(decoding: received.raw, as: UTF8.self).replacingOccurrences(of: "=\r\n", with: "")
        let parsed = received.envelope.parsed
        return [raw, parsed.subject ?? "", parsed.text ?? "", parsed.html ?? ""].joined(separator: "\n")
    }

    @Test func threadsRedactsAndDeliversExactlyOnceAcrossAnOutage() async throws {
        var sink = try await SMTPSink.start()
        let transport = SwitchableTransport(sink)
        var harness = try Harness(transport: transport, rules: AlertFixtures.rules)
        let it = AlertFixtures.italianOffice
        let en = AlertFixtures.englishOffice
        let t0 = AlertFixtures.t0

        // firing → updated → resolved of one incident to the Italian office; another incident to the English one.
        try harness.emit(AlertFixtures.firing(), to: [it], at: t0)
        try harness.emit(AlertFixtures.firing(id: "INC-20260302-0008"), to: [en], at: t0)
        var round = await harness.loop.runOnce(now: t0)
        #expect(round.count(.delivered) == 4)
        try harness.emit(AlertFixtures.updated(), to: [it], at: t0.adding(.minutes(40)))
        round = await harness.loop.runOnce(now: t0.adding(.minutes(40)))
        #expect(round.count(.delivered) == 2)
        try harness.emit(AlertFixtures.resolved(), to: [it], at: t0.adding(.minutes(200)))
        round = await harness.loop.runOnce(now: t0.adding(.minutes(200)))
        #expect(round.count(.delivered) == 2)

        let first = try sink.received()
        try #require(first.count == 4)
        let itMails = first.filter { $0.envelope.rcptTos.contains("infortuni@ente.test") }
        let enMail = try #require(first.first { $0.envelope.rcptTos == ["ops@ente.test"] })
        try #require(itMails.count == 3)
        for mail in itMails {
            #expect(mail.envelope.rcptTos == ["infortuni@ente.test", "reperibile.infortuni@ente.test"])
            #expect(mail.envelope.parsed.to.map(\.address) == ["infortuni@ente.test", "reperibile.infortuni@ente.test"])
            #expect(mail.envelope.mailFrom == "vedetta@ente.test")
            #expect(mail.envelope.parsed.contentType == "multipart/alternative")
            #expect(mail.envelope.parsed.defects == [])
        }
        let ids = (1...3).map { "<INC-20260302-0007.\($0).uff-infortuni@vedetta.ente.test>" }
        #expect(itMails.map(\.envelope.parsed.messageID) == ids)
        #expect(itMails.map(\.envelope.parsed.inReplyTo) == [nil, ids[0], ids[0]])
        #expect(itMails.map(\.envelope.parsed.references) == [nil, ids[0], ids[0] + " " + ids[1]])
        #expect(itMails.map(\.envelope.parsed.subject) == [
            "[Vedetta] GRAVE · Denuncia infortunio · nuovo: errore 503 · firma · denuncia",
            "[Vedetta] CRITICO · Denuncia infortunio · aggiornamento: errore 503 · firma · denuncia",
            "[Vedetta] CRITICO · Denuncia infortunio · risolto: errore 503 · firma · denuncia",
        ])
        let firingText = try #require(itMails[0].envelope.parsed.text)
        #expect(firingText.contains("Segnalazioni rappresentative (dati personali oscurati)"))
        #expect(firingText.contains("Soluzione temporanea: Inviare la denuncia dal canale PEC"))
        #expect(firingText.contains("[CF]") && firingText.contains("[IBAN]") && firingText.contains("[TEL]"))
        let firingHTML = try #require(itMails[0].envelope.parsed.html)
        #expect(firingHTML.contains("<h3 style=\"font-size:15px;margin:12px 0 4px\">Volumi</h3>"))
        #expect(firingHTML.contains("[EMAIL]"))
        let updateText = try #require(itMails[1].envelope.parsed.text)
        #expect(updateText.contains("Gravità: GRAVE → CRITICO"))
        #expect(!updateText.contains("Segnalazioni rappresentative"))
        #expect(try #require(itMails[2].envelope.parsed.text).contains("è chiuso"))
        #expect(enMail.envelope.parsed.subject == "[Vedetta] MAJOR · Denuncia infortunio · new: errore 503 · firma · denuncia")
        #expect(try #require(enMail.envelope.parsed.text).contains("Representative reports (personal data redacted)"))
        #expect(enMail.envelope.parsed.messageID == "<INC-20260302-0008.1.it-operations@vedetta.ente.test>")
        for mail in first {
            let bytes = Self.allBytes(mail)
            for secret in AlertFixtures.secrets { #expect(!bytes.contains(secret), "\(secret) reached a mailbox") }
        }
        // The alert files are there too, one pair per revision.
        let itFiles = try FileManager.default.contentsOfDirectory(atPath: harness.alerts + "/uff-infortuni")
        #expect(itFiles.filter { $0.hasSuffix(".json") }.sorted() == [
            "20260302T081500Z-INC-20260302-0007-1-firing.json", "20260302T085500Z-INC-20260302-0007-2-updated.json",
            "20260302T113500Z-INC-20260302-0007-3-resolved.json",
        ])

        // Outage: the server stops, more revisions arrive.
        sink.stop()
        let t1 = t0.adding(.minutes(300))
        try harness.emit(AlertFixtures.firing(id: "INC-20260302-0009"), to: [it], at: t1)
        try harness.emit(AlertFixtures.updated(id: "INC-20260302-0008"), to: [en], at: t1)
        round = await harness.loop.runOnce(now: t1)
        #expect(round.count(.delivered) == 2)  // the files
        #expect(round.count(.retry) == 2)
        for key in ["mail:INC-20260302-0009/1/uff-infortuni", "mail:INC-20260302-0008/2/it-operations"] {
            let row = try #require(try harness.outbox.row(key: key))
            #expect(row.state == .pending)
            #expect(row.attempts == 1)
            #expect(row.nextAttemptAt == t1.adding(.seconds(30)))
            #expect(row.lastError?.contains("127.0.0.1") == true)
        }

        // A new server; nothing is due until the backoff has passed.
        sink = try await SMTPSink.start()
        defer { sink.stop() }
        transport.use(sink)
        round = await harness.loop.runOnce(now: t1.adding(.seconds(29)))
        #expect(round.outcomes.isEmpty)
        round = await harness.loop.runOnce(now: t1.adding(.seconds(30)))
        #expect(round.count(.delivered) == 2)
        round = await harness.loop.runOnce(now: t1.adding(.hours(2)))
        #expect(round.outcomes.isEmpty)

        let second = try sink.received()
        #expect(second.compactMap(\.envelope.parsed.messageID).sorted() == [
            "<INC-20260302-0008.2.it-operations@vedetta.ente.test>",
            "<INC-20260302-0009.1.uff-infortuni@vedetta.ente.test>",
        ])
        let all = (first + second).compactMap(\.envelope.parsed.messageID)
        #expect(all.count == 6)
        #expect(Set(all).count == 6, "a mail arrived twice")
        #expect(try harness.outbox.counts() == [
            OutboxCount(state: .delivered, channel: "file", count: 6),
            OutboxCount(state: .delivered, channel: "mail", count: 6),
        ])
    }

    /// An office first reached at an update starts its own thread there: its mails never name revisions it was
    /// not sent, while the office mailed from the start keeps the whole thread.
    @Test func anOfficeReachedLaterThreadsFromItsFirstMail() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        var harness = try Harness(transport: SwitchableTransport(sink), rules: AlertFixtures.rules)
        let it = AlertFixtures.italianOffice
        let en = AlertFixtures.englishOffice
        let t0 = AlertFixtures.t0
        try harness.emit(AlertFixtures.firing(), to: [it], at: t0)
        _ = await harness.loop.runOnce(now: t0)
        try harness.emit(AlertFixtures.updated(), to: [it, en], at: t0.adding(.minutes(40)))
        _ = await harness.loop.runOnce(now: t0.adding(.minutes(40)))
        try harness.emit(AlertFixtures.resolved(), to: [it, en], at: t0.adding(.minutes(200)))
        _ = await harness.loop.runOnce(now: t0.adding(.minutes(200)))

        let mails = try sink.received()
        try #require(mails.count == 5)
        let id = { (revision: Int, office: String) in "<INC-20260302-0007.\(revision).\(office)@vedetta.ente.test>" }
        let enMails = mails.filter { $0.envelope.rcptTos == ["ops@ente.test"] }.map(\.envelope.parsed)
        #expect(enMails.map(\.messageID) == [id(2, en.id), id(3, en.id)])
        #expect(enMails.map(\.inReplyTo) == [nil, id(2, en.id)], "the late office's thread starts at revision 2")
        #expect(enMails.map(\.references) == [nil, id(2, en.id)])
        let itMails = mails.filter { $0.envelope.rcptTos.contains("infortuni@ente.test") }.map(\.envelope.parsed)
        #expect(itMails.map(\.inReplyTo) == [nil, id(1, it.id), id(1, it.id)])
        #expect(itMails.map(\.references) == [nil, id(1, it.id), id(1, it.id) + " " + id(2, it.id)])
    }

    /// A harness whose one office (the Italian one) may be mailed `perHour` times an hour.
    static func rateLimited(_ perHour: Int, sink: SMTPSink) throws -> (Harness, Office) {
        var office = AlertFixtures.italianOffice
        office.maxMailsPerHour = perHour
        let rules = RuleSet(offices: [office], services: AlertFixtures.rules.services)
        return (try Harness(transport: SwitchableTransport(sink), rules: rules), office)
    }

    /// A revision the hourly limit sent inside a digest is named in its incident's later mails by the digest's
    /// Message-ID, the message the office received, and a mail sent alone by its own.
    @Test func aLaterMailThreadsToTheDigestItsRevisionWentOutIn() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        var (harness, office) = try Self.rateLimited(2, sink: sink)
        let t0 = AlertFixtures.t0
        let ids = ["INC-20260302-0101", "INC-20260302-0102", "INC-20260302-0103"]
        for (i, id) in ids.enumerated() {
            try harness.emit(AlertFixtures.firing(id: id), to: [office], at: t0.adding(.seconds(Int64(i))))
        }
        let first = await harness.loop.runOnce(now: t0.adding(.minutes(1)))
        #expect(first.count(.digested) == 2)
        let digest = try #require(try sink.received().last?.envelope.parsed.messageID)
        #expect(digest.hasPrefix("<digest.uff-infortuni."))

        let later = t0.adding(.minutes(80))
        for id in ids.prefix(2) { try harness.emit(AlertFixtures.updated(id: id), to: [office], at: later) }
        _ = await harness.loop.runOnce(now: later)
        let updates = try sink.received().dropFirst(2).map(\.envelope.parsed)
        try #require(updates.count == 2, "two mails within the limit, each alone")
        #expect(updates[0].messageID == "<INC-20260302-0101.2.uff-infortuni@vedetta.ente.test>")
        #expect(updates[0].inReplyTo == "<INC-20260302-0101.1.uff-infortuni@vedetta.ente.test>", "mailed alone")
        #expect(updates[1].messageID == "<INC-20260302-0102.2.uff-infortuni@vedetta.ente.test>")
        #expect(updates[1].inReplyTo == digest, "revision 1 went out in the digest")
        #expect(updates[1].references == digest)
    }

    @Test func aStormBeyondTheHourlyLimitArrivesAsOneDigest() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        var (harness, office) = try Self.rateLimited(3, sink: sink)
        let t0 = AlertFixtures.t0
        for i in 0..<10 {
            try harness.emit(AlertFixtures.firing(id: "INC-20260302-\(100 + i)"), to: [office], at: t0.adding(.seconds(Int64(i))))
        }
        let round = await harness.loop.runOnce(now: t0.adding(.minutes(1)))
        #expect(round.count(.delivered) == 12)  // 10 files + 2 single mails
        #expect(round.count(.digested) == 8)
        #expect(round.digests == 1)

        let received = try sink.received()
        try #require(received.count == 3)
        let digest = received[2].envelope.parsed
        #expect(digest.subject == "[Vedetta] Riepilogo: 8 aggiornamenti di incidenti per Ufficio Infortuni sul lavoro")
        #expect(digest.messageID?.hasPrefix("<digest.uff-infortuni.") == true)
        let text = try #require(digest.text)
        for i in 2..<10 { #expect(text.contains("INC-20260302-\(100 + i), revisione 1")) }
        #expect(!text.contains("INC-20260302-100,"))
        #expect(try harness.outbox.pendingFor(office: office.id).isEmpty)
        #expect(try harness.outbox.mailsSent(office: office.id, since: t0) == 3)

        // The hour is used up: new revisions wait (no attempt counted) until the oldest mail leaves the window.
        for i in 10..<13 {
            try harness.emit(AlertFixtures.firing(id: "INC-20260302-\(100 + i)"), to: [office], at: t0.adding(.minutes(5)))
        }
        let held = await harness.loop.runOnce(now: t0.adding(.minutes(5)))
        #expect(held.count(.deferred) == 3)
        #expect(held.count(.delivered) == 3)  // their files are never held
        let waiting = try harness.outbox.pendingFor(office: office.id, channel: .mail)
        #expect(waiting.map(\.attempts) == [0, 0, 0])
        #expect(waiting.map(\.nextAttemptAt) == Array(repeating: t0.adding(.minutes(61)), count: 3))
        let later = await harness.loop.runOnce(now: t0.adding(.minutes(61)))
        #expect(later.count(.delivered) + later.count(.digested) == 3)
        #expect(try sink.received().count == 6)
    }

    @Test func permanentRefusalDeadLettersTheMail() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        var office = AlertFixtures.italianOffice
        office.emails = ["reject-me@ente.test"]
        let rules = RuleSet(offices: [office], services: AlertFixtures.rules.services)
        var harness = try Harness(transport: SwitchableTransport(sink), rules: rules)
        try harness.emit(AlertFixtures.firing(), to: [office], at: AlertFixtures.t0)
        let round = await harness.loop.runOnce(now: AlertFixtures.t0)
        #expect(round.count(.dead) == 1)
        let dead = try harness.outbox.deadLetters(limit: 10)
        #expect(dead.map(\.key) == ["mail:INC-20260302-0007/1/uff-infortuni"])
        #expect(dead.first?.lastError?.contains("550") == true)
        #expect(try sink.received().isEmpty)
    }
}
