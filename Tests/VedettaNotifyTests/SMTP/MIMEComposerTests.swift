import Foundation
import Testing
import VedettaCore
@testable import VedettaNotify

/// The composer's bytes: golden files for whole messages, rules of each encoding on their own.
@Suite("MIMEComposer")
struct MIMEComposerTests {
    static let fixtures = URL(filePath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Fixtures/smtp/golden")

    static func alert() -> MailMessage {
        MailMessage(
            from: MailAddress("vedetta@inps.test", displayName: "Vedetta — Monitoraggio Attività"),
            to: [MailAddress("prestazioni@inps.test", displayName: "Ufficio Prestazioni"),
                 MailAddress("dc.tecnologia@inps.test", displayName: "Direzione Centrale Tecnologia, Informatica e Innovazione")],
            cc: [MailAddress("supervisione@inps.test")],
            bcc: [MailAddress("archivio@inps.test")],
            subject: "[Vedetta] Aggiornamento: denuncia d'infortunio — errore 503 dopo la firma, già 40 aziende",
            messageID: "incident-7f3a.2@vedetta.inps.test",
            inReplyTo: "incident-7f3a.1@vedetta.inps.test",
            references: ["incident-7f3a.1@vedetta.inps.test"],
            date: Timestamp(rfc3339: "2026-03-02T09:05:07+01:00")!,
            textBody: "Stato: aperto → in crescita\nRichiedenti distinti: 40 (15 min), 52 (1 h)\n.\nRiga che inizia con un punto: .htaccess\nTrailing space here \nUna riga molto lunga che supera di sicuro i settantasei caratteri previsti dalla codifica quoted-printable, con accenti: àèéìòù.\n",
            htmlBody: "<html><body><p style=\"color:#333\">Stato: <b>aperto → in crescita</b></p></body></html>\n",
            extraHeaders: [MailHeader("Auto-Submitted", "auto-generated"),
                           MailHeader("X-Vedetta-Incident", "7f3a servizio=denuncia-infortuni")])
    }

    static func checkGolden(_ bytes: [UInt8], _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = fixtures.appending(path: name)
        if ProcessInfo.processInfo.environment["VEDETTA_RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: fixtures, withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        let golden = try Array(Data(contentsOf: url))
        #expect(bytes == golden, "differs from \(name); VEDETTA_RECORD_GOLDEN=1 re-records it", sourceLocation: sourceLocation)
    }

    @Test func multipartAlertMatchesGolden() throws {
        try Self.checkGolden(try MIMEComposer().render(Self.alert()), "alert-multipart.eml")
    }

    @Test func textOnlyMatchesGolden() throws {
        var message = Self.alert()
        message.htmlBody = nil
        message.subject = "Plain ASCII subject"
        message.extraHeaders = []
        try Self.checkGolden(try MIMEComposer().render(message), "alert-text-only.eml")
    }

    @Test func renderingIsDeterministicAndTheBoundaryFollowsTheMessageID() throws {
        let message = Self.alert()
        let first = try MIMEComposer().render(message)
        #expect(try MIMEComposer().render(message) == first)
        let boundary = MIMEComposer.boundary(forMessageID: message.messageID)
        #expect(boundary == MIMEComposer.boundary(forMessageID: "<" + message.messageID + ">"))
        #expect(boundary != MIMEComposer.boundary(forMessageID: "incident-7f3a.3@vedetta.inps.test"))
        #expect(String(decoding: first, as: UTF8.self).contains("--" + boundary + "--\r\n"))
    }

    @Test func everyLineEndsInCRLFAndFitsIn76() throws {
        let bytes = try MIMEComposer().render(Self.alert())
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasSuffix("\r\n"))
        #expect(!bytes.contains { $0 >= 0x80 })
        let lines = text.components(separatedBy: "\r\n")
        #expect(!lines.contains { $0.contains("\n") || $0.contains("\r") })
        #expect(lines.allSatisfy { $0.utf8.count <= 76 })
        #expect(!text.contains("archivio@inps.test"), "Bcc must stay off the headers")
        #expect(Self.alert().envelopeRecipients == [
            "prestazioni@inps.test", "dc.tecnologia@inps.test", "supervisione@inps.test", "archivio@inps.test",
        ])
    }

    @Test(arguments: [
        ("2026-03-02T08:15:00Z", "Mon, 02 Mar 2026 08:15:00 +0000"),
        ("2024-02-29T23:59:59Z", "Thu, 29 Feb 2024 23:59:59 +0000"),
        ("1970-01-01T00:00:00Z", "Thu, 01 Jan 1970 00:00:00 +0000"),
        ("2026-12-31T00:30:00+01:00", "Wed, 30 Dec 2026 23:30:00 +0000"),
    ])
    func rfc5322Date(rfc3339: String, expected: String) throws {
        #expect(try #require(Timestamp(rfc3339: rfc3339)).rfc5322 == expected)
    }

    @Test(arguments: [
        ("", ""),
        ("abc", "abc"),
        ("a=b", "a=3Db"),
        ("trailing space ", "trailing space=20"),
        ("tab\t\nx", "tab=09\r\nx"),
        ("perché", "perch=C3=A9"),
        ("a\r\nb\rc\nd", "a\r\nb\r\nc\r\nd"),
        (".leading dot", ".leading dot"),
        (String(repeating: "x", count: 76), String(repeating: "x", count: 76)),
        (String(repeating: "x", count: 77), String(repeating: "x", count: 75) + "=\r\nxx"),
        (String(repeating: "x", count: 74) + "é", String(repeating: "x", count: 74) + "=\r\n=C3=A9"),
    ])
    func quotedPrintable(input: String, expected: String) {
        #expect(QuotedPrintable.encode(input) == expected)
    }

    @Test func quotedPrintableRoundTripsLongAccentedText() {
        let text = String(repeating: "Attività già sospesa = perché? ", count: 20) + "\nfine \n"
        let encoded = QuotedPrintable.encode(text)
        #expect(encoded.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 76 && !$0.hasSuffix(" ") })
        #expect(Self.decodeQP(encoded) == text.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test func encodedWordsAreShortAndKeepCharactersWhole() {
        let subject = String(repeating: "èàù€ ", count: 30)
        let words = EncodedWord.encode(subject, firstWordLength: 67)
        #expect(words[0].count <= 67)
        #expect(words.allSatisfy { $0.count <= 75 && $0.hasPrefix("=?UTF-8?Q?") && $0.hasSuffix("?=") })
        // Each word must be valid UTF-8 by itself (RFC 2047 §5).
        let decoded = words.map { word -> String in
            let payload = word.dropFirst(10).dropLast(2).replacingOccurrences(of: "_", with: " ")
            let bytes = Self.decodeQPBytes(payload)
            #expect(String(validating: bytes, as: UTF8.self) != nil)
            return String(decoding: bytes, as: UTF8.self)
        }
        #expect(decoded.joined() == subject)
    }

    @Test(arguments: [
        ("Ufficio Prestazioni", "From: Ufficio Prestazioni <a@b.test>\r\n"),
        ("Rossi, Mario", "From: \"Rossi, Mario\" <a@b.test>\r\n"),
        ("Il \"Capo\"", "From: \"Il \\\"Capo\\\"\" <a@b.test>\r\n"),
        ("Niccolò", "From: =?UTF-8?Q?Niccol=C3=B2?= <a@b.test>\r\n"),
        ("", "From: a@b.test\r\n"),
    ])
    func displayNames(name: String, expected: String) {
        let mailbox = MailAddress("a@b.test", displayName: name)
        #expect(HeaderFolder.fold(name: "From", tokens: HeaderFolder.mailboxTokens([mailbox])) == expected)
    }

    @Test func headerValuesCannotInjectHeaders() throws {
        var message = Self.alert()
        message.subject = "Ciao\r\nBcc: intruso@evil.test"
        let text = String(decoding: try MIMEComposer().render(message), as: UTF8.self)
        #expect(text.contains("Subject: Ciao Bcc: intruso@evil.test\r\n"))
    }

    @Test(arguments: [
        (MailMessage(from: MailAddress("a b@x.test"), to: [MailAddress("c@x.test")], subject: "s", messageID: "m@x",
                     date: Timestamp(seconds: 0), textBody: ""), MailError.Code.invalidAddress),
        (MailMessage(from: MailAddress("a@x.test"), to: [MailAddress("c@x.test>\r\nRCPT TO:<d@x.test")], subject: "s",
                     messageID: "m@x", date: Timestamp(seconds: 0), textBody: ""), .invalidAddress),
        (MailMessage(from: MailAddress("a@x.test"), to: [], subject: "s", messageID: "m@x",
                     date: Timestamp(seconds: 0), textBody: ""), .noRecipients),
        (MailMessage(from: MailAddress("a@x.test"), to: [MailAddress("c@x.test")], subject: "s", messageID: "no-at-sign",
                     date: Timestamp(seconds: 0), textBody: ""), .invalidMessageID),
        (MailMessage(from: MailAddress("a@x.test"), to: [MailAddress("c@x.test")], subject: "s", messageID: "m@x",
                     inReplyTo: "p q@x", date: Timestamp(seconds: 0), textBody: ""), .invalidMessageID),
        (MailMessage(from: MailAddress("a@x.test"), to: [MailAddress("c@x.test")], subject: "s", messageID: "m@x",
                     date: Timestamp(seconds: 0), textBody: "", extraHeaders: [MailHeader("Subject", "again")]), .invalidHeader),
        (MailMessage(from: MailAddress("a@x.test"), to: [MailAddress("c@x.test")], subject: "s", messageID: "m@x",
                     date: Timestamp(seconds: 0), textBody: "", extraHeaders: [MailHeader("X Bad", "v")]), .invalidHeader),
    ])
    func invalidMessagesAreRefused(message: MailMessage, code: MailError.Code) {
        #expect(throws: MailError.self) { try MIMEComposer().render(message) }
        do {
            _ = try MIMEComposer().render(message)
        } catch {
            #expect(error.code == code)
            #expect(error.message.contains(message.messageID))
        }
    }

    static func decodeQP(_ text: String) -> String {
        String(decoding: decodeQPBytes(text.replacingOccurrences(of: "=\r\n", with: "")), as: UTF8.self)
    }

    static func decodeQPBytes(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "="), i + 2 < bytes.count + 0, let value = UInt8(String(decoding: bytes[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) {
                out.append(value)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }
}
