import Foundation
import Logging
import Testing
import VedettaCore
@testable import VedettaNotify

/// End-to-end deliveries to a real SMTP server (aiosmtpd, see `SMTPSink`) and to servers that misbehave.
@Suite("SMTPClient against a real server", .enabled(if: SMTPSink.shouldRun, "needs python3 with aiosmtpd and openssl"))
struct SMTPClientTests {
    static let user = (user: "vedetta", password: "s3greta!")
    let client = SMTPClient(logger: Logger(label: "test.smtp"))

    static func message(
        id: String = "incident-42.1@vedetta.test",
        to: [MailAddress] = [MailAddress("prestazioni@ente.test", displayName: "Ufficio Prestazioni")],
        subject: String = "[Vedetta] Denuncia infortuni: errore 503",
        text: String = "Il servizio non risponde.\nRichiedenti distinti: 40 in 30 minuti.\n",
        html: String? = "<p>Il servizio non risponde.</p>\n"
    ) -> MailMessage {
        MailMessage(
            from: MailAddress("vedetta@ente.test", displayName: "Vedetta"), to: to, subject: subject,
            messageID: id, date: Timestamp(rfc3339: "2026-03-02T08:15:00Z")!, textBody: text, htmlBody: html,
            extraHeaders: [MailHeader("Auto-Submitted", "auto-generated")])
    }

    static func configuration(
        _ sink: SMTPSink, tls: SMTPConfiguration.TLSMode = .none, host: String = "127.0.0.1",
        credentials: SMTPConfiguration.Credentials? = nil, allowInsecureAuth: Bool = false
    ) -> SMTPConfiguration {
        SMTPConfiguration(
            host: host, port: sink.port, heloName: "vedetta.test", tlsMode: tls,
            tls: .init(trustRootsFile: sink.certificate), credentials: credentials,
            allowInsecureAuth: allowInsecureAuth,
            timeouts: .init(connect: .seconds(5), greeting: .seconds(10), command: .seconds(10), dataTermination: .seconds(10)))
    }

    @discardableResult
    static func expectError(
        _ expected: SMTPError.Code, transient: Bool, sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () async throws(SMTPError) -> SMTPDeliveryReport
    ) async -> SMTPError? {
        do {
            let report = try await body()
            Issue.record("expected \(expected), got a delivery: \(report)", sourceLocation: sourceLocation)
            return nil
        } catch {
            #expect(error.code == expected, "\(error)", sourceLocation: sourceLocation)
            #expect(error.isTransient == transient, "\(error)", sourceLocation: sourceLocation)
            return error
        }
    }

    @Test func plainSendArrivesByteForByte() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        let message = Self.message()
        let report = try await client.send(message, configuration: Self.configuration(sink))

        #expect(report.acceptedRecipients == ["prestazioni@ente.test"])
        #expect(report.rejectedRecipients.isEmpty)
        #expect(report.finalReply.code == 250)
        #expect(report.finalReply.text.contains("queued as SINK0001"))
        #expect(!report.usedTLS)
        #expect(report.authMechanism == nil)

        let received = try sink.received()
        try #require(received.count == 1)
        #expect(received[0].raw == (try MIMEComposer().render(message)))
        #expect(received[0].envelope.mailFrom == "vedetta@ente.test")
        #expect(received[0].envelope.rcptTos == ["prestazioni@ente.test"])
        #expect(received[0].envelope.heloName == "vedetta.test")
        #expect(received[0].envelope.parsed.contentType == "multipart/alternative")
        #expect(received[0].envelope.parsed.defects == [])
        #expect(received[0].envelope.parsed.text == "Il servizio non risponde.\r\nRichiedenti distinti: 40 in 30 minuti.\r\n")
        #expect(received[0].envelope.parsed.html == "<p>Il servizio non risponde.</p>\r\n")
        #expect(received[0].envelope.parsed.date == "Mon, 02 Mar 2026 08:15:00 +0000")
    }

    @Test func multiLineEHLOIsParsedAndSizeDeclared() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        let report = try await client.send(Self.message(), configuration: Self.configuration(sink))
        #expect(report.serverExtensions.keywords == ["SIZE", "8BITMIME", "SMTPUTF8", "HELP"])
        #expect(report.serverExtensions.sizeLimit == 33_554_432)
        let envelope = try #require(try sink.received().first).envelope
        #expect(envelope.mailOptions == ["SIZE=\(report.messageSize)"])
    }

    @Test func startTLSRequiredWithAuthPlain() async throws {
        let sink = try await SMTPSink.start(.init(auth: Self.user, startTLS: true, requireStartTLS: true))
        defer { sink.stop() }
        let configuration = Self.configuration(
            sink, tls: .required, credentials: .init(username: Self.user.user, password: Self.user.password))
        let report = try await client.send(Self.message(), configuration: configuration)
        #expect(report.usedTLS)
        #expect(report.authMechanism == .plain)
        #expect(report.serverExtensions.authMechanisms == ["LOGIN", "PLAIN"])
        let envelope = try #require(try sink.received().first).envelope
        #expect(envelope.tls)
        #expect(envelope.authenticated)
        #expect(envelope.login == "PLAIN:vedetta")
    }

    @Test func authLoginOverStartTLSByHostName() async throws {
        let sink = try await SMTPSink.start(.init(auth: Self.user, startTLS: true))
        defer { sink.stop() }
        let configuration = Self.configuration(
            sink, tls: .opportunistic, host: "localhost",
            credentials: .init(username: Self.user.user, password: Self.user.password, mechanism: .login))
        let report = try await client.send(Self.message(), configuration: configuration)
        #expect(report.usedTLS)
        #expect(report.authMechanism == .login)
        #expect(try sink.received().first?.envelope.login == "LOGIN:vedetta")
    }

    @Test func implicitTLS() async throws {
        // No AUTH here: aiosmtpd does not count implicit TLS as TLS when it decides to offer AUTH.
        let sink = try await SMTPSink.start(.init(implicitTLS: true))
        defer { sink.stop() }
        let report = try await client.send(Self.message(), configuration: Self.configuration(sink, tls: .implicit))
        #expect(report.usedTLS)
        #expect(try sink.received().first?.envelope.tls == true)
    }

    @Test func wrongPasswordIsAPermanentAuthFailure() async throws {
        let sink = try await SMTPSink.start(.init(auth: Self.user, startTLS: true))
        defer { sink.stop() }
        let configuration = Self.configuration(
            sink, tls: .required, credentials: .init(username: Self.user.user, password: "sbagliata"))
        let error = await Self.expectError(.authFailed, transient: false) { () async throws(SMTPError) in
            try await client.send(Self.message(), configuration: configuration)
        }
        #expect(error?.message.contains("refused AUTH PLAIN as vedetta (535)") == true)
        #expect(error?.description.contains("sbagliata") == false)
        #expect(try sink.received().isEmpty)
    }

    @Test func authInClearTextOnlyWhenAllowed() async throws {
        let sink = try await SMTPSink.start(.init(auth: Self.user, authOverCleartext: true))
        defer { sink.stop() }
        let credentials = SMTPConfiguration.Credentials(username: Self.user.user, password: Self.user.password)
        await Self.expectError(.authFailed, transient: false) { () async throws(SMTPError) in
            try await client.send(Self.message(), configuration: Self.configuration(sink, credentials: credentials))
        }
        #expect(try sink.received().isEmpty)
        let report = try await client.send(
            Self.message(), configuration: Self.configuration(sink, credentials: credentials, allowInsecureAuth: true))
        #expect(report.authMechanism == .plain)
        #expect(!report.usedTLS)
    }

    @Test func untrustedCertificateFailsTLS() async throws {
        let sink = try await SMTPSink.start(.init(startTLS: true))
        defer { sink.stop() }
        var configuration = Self.configuration(sink, tls: .required)
        configuration.tls.trustRootsFile = nil
        await Self.expectError(.tlsFailed, transient: false) { () async throws(SMTPError) in
            try await client.send(Self.message(), configuration: configuration)
        }
        // The same certificate is fine once verification is off (test set-ups only).
        configuration.tls.verification = .none
        let report = try await client.send(Self.message(), configuration: configuration)
        #expect(report.usedTLS)
    }

    @Test func requiredTLSWithoutStartTLSFailsButOpportunisticSends() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        let error = await Self.expectError(.tlsFailed, transient: false) { () async throws(SMTPError) in
            try await client.send(Self.message(), configuration: Self.configuration(sink, tls: .required))
        }
        #expect(error?.message == "SMTP server 127.0.0.1:\(sink.port) does not offer STARTTLS, which the configuration requires.")
        let report = try await client.send(Self.message(), configuration: Self.configuration(sink, tls: .opportunistic))
        #expect(!report.usedTLS)
    }

    @Test func linesStartingWithADotArriveIntact() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        let body = ".\n..\n.nascosto\n. con spazio\nriga normale\n...\n"
        let message = Self.message(text: body, html: nil)
        _ = try await client.send(message, configuration: Self.configuration(sink))
        let received = try #require(try sink.received().first)
        #expect(received.raw == (try MIMEComposer().render(message)))
        #expect(received.envelope.parsed.text == body.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test func italianSubjectNamesAndBodiesDecode() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        let subject = "[Vedetta] Perché la denuncia d'infortunio è già bloccata: errore 503 su attività e città — più di 40 segnalazioni"
        let text = "Città: Forlì, Cefalù. Perché? L'attività è sospesa; costo 0 €.\n" + String(repeating: "àèéìòù ", count: 30) + "\n"
        let html = "<p>Attività sospesa a Forlì — <b>perché</b>?</p>\n"
        var message = Self.message(subject: subject, text: text, html: html)
        message.from = MailAddress("vedetta@ente.test", displayName: "Vedetta — Monitoraggio Attività")
        message.cc = [MailAddress("dirigente@ente.test", displayName: "Niccolò Mazzà"),
                      MailAddress("supporto@ente.test", displayName: "Supporto \"Secondo\" Livello")]
        _ = try await client.send(message, configuration: Self.configuration(sink))

        let parsed = try #require(try sink.received().first).envelope.parsed
        #expect(parsed.subject == subject)
        #expect(parsed.from == [.init(name: "Vedetta — Monitoraggio Attività", address: "vedetta@ente.test")])
        #expect(parsed.cc == [.init(name: "Niccolò Mazzà", address: "dirigente@ente.test"),
                              .init(name: "Supporto \"Secondo\" Livello", address: "supporto@ente.test")])
        #expect(parsed.text == text.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(parsed.html == html.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(parsed.defects == [])
        #expect(parsed.maxLineLength <= 76)
        #expect(parsed.bareLineFeeds == 0)
        #expect(!parsed.eightBit)
    }

    @Test func threadingHeadersArrive() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        var message = Self.message(id: "incident-42.3@vedetta.test")
        message.inReplyTo = "incident-42.2@vedetta.test"
        message.references = ["incident-42.1@vedetta.test", "incident-42.2@vedetta.test"]
        _ = try await client.send(message, configuration: Self.configuration(sink))
        let parsed = try #require(try sink.received().first).envelope.parsed
        #expect(parsed.messageID == "<incident-42.3@vedetta.test>")
        #expect(parsed.inReplyTo == "<incident-42.2@vedetta.test>")
        #expect(parsed.references == "<incident-42.1@vedetta.test> <incident-42.2@vedetta.test>")
    }

    @Test func nonASCIIAddressUsesSMTPUTF8() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        let message = Self.message(to: [MailAddress("niccolò@ente.test")])
        _ = try await client.send(message, configuration: Self.configuration(sink))
        let envelope = try #require(try sink.received().first).envelope
        #expect(envelope.rcptTos == ["niccolò@ente.test"])
        #expect(envelope.mailOptions.contains("SMTPUTF8"))
        #expect(envelope.mailOptions.contains("BODY=8BITMIME"))
    }

    @Test func temporaryFailureIsTransientAndTheResendIsIdentical() async throws {
        let sink = try await SMTPSink.start(.init(failFirst: 1))
        defer { sink.stop() }
        let message = Self.message()
        let error = await Self.expectError(.rejected(451), transient: true) { () async throws(SMTPError) in
            try await client.send(message, configuration: Self.configuration(sink))
        }
        #expect(error?.serverReply == "4.3.0 Temporary local problem, try again later")
        #expect(try sink.received().isEmpty)
        _ = try await client.send(message, configuration: Self.configuration(sink))
        #expect(try sink.received().map(\.raw) == [try MIMEComposer().render(message)])
    }

    @Test func refusedRecipientIsPermanent() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        let mixed = Self.message(to: [MailAddress("prestazioni@ente.test"), MailAddress("reject-nessuno@ente.test")])
        let report = try await client.send(mixed, configuration: Self.configuration(sink))
        #expect(report.acceptedRecipients == ["prestazioni@ente.test"])
        #expect(report.rejectedRecipients.map(\.address) == ["reject-nessuno@ente.test"])
        #expect(report.rejectedRecipients.map(\.replyCode) == [550])
        #expect(report.rejectedRecipients.map(\.isTransient) == [false])
        #expect(try sink.received().map(\.envelope.rcptTos) == [["prestazioni@ente.test"]])

        let error = await Self.expectError(.rejected(550), transient: false) { () async throws(SMTPError) in
            try await client.send(Self.message(to: [MailAddress("reject-me@ente.test")]), configuration: Self.configuration(sink))
        }
        #expect(error?.message.contains("refused every recipient") == true)
        #expect(try sink.received().count == 1)
    }
}

/// Failures that need no SMTP server at all: nothing listening, a server that never speaks.
@Suite("SMTPClient connection failures")
struct SMTPClientFailureTests {
    let client = SMTPClient(logger: Logger(label: "test.smtp"))

    static func configuration(port: Int, command: Duration = .seconds(10)) -> SMTPConfiguration {
        SMTPConfiguration(
            host: "127.0.0.1", port: port, heloName: "vedetta.test", tlsMode: .none,
            timeouts: .init(connect: .seconds(5), greeting: .milliseconds(400), command: command, dataTermination: .seconds(5)))
    }

    @Test func closedPortFailsFast() async throws {
        let port = try await MuteServer.closedPort()
        let clock = ContinuousClock()
        let start = clock.now
        // A refused connection must fail at once, not after the connect timeout: with a 60 s timeout, anything
        // under 15 s (a loaded CI machine) proves it did not wait for it.
        var configuration = Self.configuration(port: port)
        configuration.timeouts.connect = .seconds(60)
        let error = await SMTPClientTests.expectError(.connectFailed, transient: true) { () async throws(SMTPError) in
            try await client.send(SMTPClientTests.message(), configuration: configuration)
        }
        #expect(clock.now - start < .seconds(15))
        #expect(error?.message.hasPrefix("Could not connect to SMTP server 127.0.0.1:\(port)") == true)
    }

    @Test func silentServerHitsTheGreetingTimeout() async throws {
        let server = try await MuteServer.start(.silent)
        let port = server.port
        let clock = ContinuousClock()
        let start = clock.now
        let error = await SMTPClientTests.expectError(.timeout, transient: true) { () async throws(SMTPError) in
            try await client.send(SMTPClientTests.message(), configuration: Self.configuration(port: port))
        }
        // Measured before the server's own shutdown, which is not the client's time.
        let elapsed = clock.now - start
        await server.stop()
        #expect(elapsed >= .milliseconds(400) && elapsed < .seconds(30), "a timeout, not a hang")
        #expect(error?.message == "SMTP server 127.0.0.1:\(port) did not answer the greeting within 0.4 s.")
    }

    @Test func serverThatStopsAfterTheGreetingHitsTheCommandTimeout() async throws {
        let server = try await MuteServer.start(.greetOnly)
        let port = server.port
        let error = await SMTPClientTests.expectError(.timeout, transient: true) { () async throws(SMTPError) in
            try await client.send(
                SMTPClientTests.message(), configuration: Self.configuration(port: port, command: .milliseconds(300)))
        }
        await server.stop()
        #expect(error?.message == "SMTP server 127.0.0.1:\(port) did not answer EHLO within 0.3 s.")
    }
}

/// Dialogues that only a scripted server produces.
@Suite("SMTPClient against scripted servers")
struct SMTPClientScriptedTests {
    let client = SMTPClient(logger: Logger(label: "test.smtp"))

    static func configuration(port: Int, tls: SMTPConfiguration.TLSMode = .none) -> SMTPConfiguration {
        SMTPConfiguration(
            host: "127.0.0.1", port: port, heloName: "vedetta.test", tlsMode: tls,
            tls: .init(verification: .none),
            timeouts: .init(connect: .seconds(5), greeting: .seconds(5), command: .seconds(5), dataTermination: .seconds(5)))
    }

    /// An old server without ESMTP, and so without SIZE or 8BITMIME.
    static func heloOnly(_ line: String) -> String {
        switch line.prefix(4).uppercased() {
        case "EHLO": return "502 5.5.2 Error: command not recognized\r\n"
        case "HELO": return "250 old.test\r\n"
        case "MAIL", "RCPT": return "250 2.1.0 Ok\r\n"
        case "DATA": return "354 End data with <CR><LF>.<CR><LF>\r\n"
        case ".": return "250 2.0.0 Ok: queued as OLD1\r\n"
        case "QUIT": return "221 2.0.0 Bye\r\n"
        default: return "500 5.5.1 what?\r\n"
        }
    }

    @Test func fallsBackToHELO() async throws {
        let server = try await ScriptedServer.start(script: Self.heloOnly)
        defer { Task { await server.stop() } }
        let report = try await client.send(SMTPClientTests.message(), configuration: Self.configuration(port: server.port))
        #expect(report.serverExtensions.keywords.isEmpty)
        #expect(report.finalReply == SMTPReply(code: 250, lines: ["2.0.0 Ok: queued as OLD1"]))
    }

    @Test func bytesInjectedAfterSTARTTLSAreAProtocolViolation() async throws {
        let server = try await ScriptedServer.start { line in
            switch line.prefix(4).uppercased() {
            case "EHLO": return "250-evil.test\r\n250 STARTTLS\r\n"
            case "STAR": return "220 Go ahead\r\n250 injected as if encrypted\r\n"
            default: return "250 Ok\r\n"
            }
        }
        defer { Task { await server.stop() } }
        let error = await SMTPClientTests.expectError(.protocolViolation, transient: true) { () async throws(SMTPError) in
            try await client.send(SMTPClientTests.message(), configuration: Self.configuration(port: server.port, tls: .required))
        }
        #expect(error?.message == "SMTP server 127.0.0.1:\(server.port) sent data after its reply to STARTTLS.")
    }

    @Test func garbledReplyIsAProtocolViolation() async throws {
        let server = try await ScriptedServer.start { _ in "250-first\r\n220 code changed\r\n" }
        defer { Task { await server.stop() } }
        let error = await SMTPClientTests.expectError(.protocolViolation, transient: true) { () async throws(SMTPError) in
            try await client.send(SMTPClientTests.message(), configuration: Self.configuration(port: server.port))
        }
        #expect(error?.message.contains("answered EHLO badly") == true)
    }

    @Test func greeting421IsTransient() async throws {
        let server = try await ScriptedServer.start(greeting: "421 4.3.2 Service shutting down\r\n") { _ in "" }
        defer { Task { await server.stop() } }
        await SMTPClientTests.expectError(.rejected(421), transient: true) { () async throws(SMTPError) in
            try await client.send(SMTPClientTests.message(), configuration: Self.configuration(port: server.port))
        }
    }
}
