import Testing
@testable import VedettaNotify

/// The reply grammar, on tables of raw server output including broken ones.
@Suite("SMTPReplyDecoder")
struct SMTPReplyDecoderTests {
    /// Decodes all of `input`, fed `chunk` bytes at a time.
    static func decode(_ input: String, chunk: Int) -> (replies: [SMTPReply], error: String?, buffered: Bool) {
        var decoder = SMTPReplyDecoder()
        var replies: [SMTPReply] = []
        let bytes = Array(input.utf8)
        var start = 0
        while start < bytes.count {
            decoder.append(bytes[start..<min(start + chunk, bytes.count)])
            start += chunk
            do {
                while let reply = try decoder.nextReply() { replies.append(reply) }
            } catch {
                return (replies, error.reason, decoder.hasBufferedInput)
            }
        }
        return (replies, nil, decoder.hasBufferedInput)
    }

    @Test(arguments: [
        ("220 mx.ente.test ESMTP ready\r\n", [SMTPReply(code: 220, lines: ["mx.ente.test ESMTP ready"])]),
        ("250-mx.ente.test\r\n250-SIZE 1000\r\n250-8BITMIME\r\n250 STARTTLS\r\n",
         [SMTPReply(code: 250, lines: ["mx.ente.test", "SIZE 1000", "8BITMIME", "STARTTLS"])]),
        ("250\r\n", [SMTPReply(code: 250, lines: [""])]),
        ("250 \r\n", [SMTPReply(code: 250, lines: [""])]),
        ("354 End data with <CR><LF>.<CR><LF>\n", [SMTPReply(code: 354, lines: ["End data with <CR><LF>.<CR><LF>"])]),
        ("334 \r\n235 2.7.0 ok\r\n", [SMTPReply(code: 334, lines: [""]), SMTPReply(code: 235, lines: ["2.7.0 ok"])]),
        ("550 5.1.1 <niccolò@ente.test>: unknown\r\n", [SMTPReply(code: 550, lines: ["5.1.1 <niccolò@ente.test>: unknown"])]),
        ("451-first\r\n451 second\r\n221 bye\r\n",
         [SMTPReply(code: 451, lines: ["first", "second"]), SMTPReply(code: 221, lines: ["bye"])]),
    ])
    func wellFormed(input: String, expected: [SMTPReply]) {
        for chunk in [1, 3, 1000] {
            let result = Self.decode(input, chunk: chunk)
            #expect(result.error == nil, "chunk \(chunk)")
            #expect(result.replies == expected, "chunk \(chunk)")
            #expect(!result.buffered, "chunk \(chunk)")
        }
    }

    @Test(arguments: [
        ("25\r\n", "does not start with a three-digit code"),
        ("\r\n", "does not start with a three-digit code"),
        ("abc hello\r\n", "does not start with a three-digit code"),
        ("650 not a reply\r\n", "does not start with a three-digit code"),
        ("190 too low\r\n", "does not start with a three-digit code"),
        ("260 second digit\r\n", "does not start with a three-digit code"),
        ("2x0 x\r\n", "does not start with a three-digit code"),
        ("250xok\r\n", "has neither a space nor a hyphen"),
        ("250-a\r\n251 b\r\n", "changes the code of a multi-line 250 reply"),
        ("HTTP/1.1 400 Bad Request\r\n", "does not start with a three-digit code"),
    ])
    func malformed(input: String, reason: String) {
        let result = Self.decode(input, chunk: 1000)
        #expect(result.replies.isEmpty)
        #expect(result.error?.contains(reason) == true, "\(result.error ?? "no error")")
    }

    @Test func incompleteInputWaits() {
        let partialLine = Self.decode("250-mx\r\n250 8BIT", chunk: 4)
        #expect(partialLine.replies.isEmpty && partialLine.error == nil && partialLine.buffered)
        let partialReply = Self.decode("250-mx\r\n", chunk: 100)
        #expect(partialReply.replies.isEmpty && partialReply.error == nil && partialReply.buffered)
    }

    @Test func endlessLineIsRefused() {
        let result = Self.decode("250 " + String(repeating: "x", count: SMTPReplyDecoder.maximumLineLength + 10), chunk: 512)
        #expect(result.error?.contains("longer than") == true)
    }

    @Test func bytesAfterAReplyAreVisible() {
        // What the STARTTLS check relies on: a reply followed by more bytes leaves them buffered.
        let result = Self.decode("220 go ahead\r\n250 injected", chunk: 1000)
        #expect(result.replies == [SMTPReply(code: 220, lines: ["go ahead"])])
        #expect(result.buffered)
    }

    @Test func extensionsFromEHLO() {
        let reply = SMTPReply(code: 250, lines: [
            "mx.ente.test greets vedetta", "PIPELINING", "SIZE 10240000", "auth PLAIN LOGIN", "AUTH=LOGIN",
            "8BITMIME", "SMTPUTF8", "STARTTLS",
        ])
        let extensions = SMTPServerExtensions(ehloReply: reply)
        #expect(extensions.keywords == ["PIPELINING", "SIZE", "AUTH", "8BITMIME", "SMTPUTF8", "STARTTLS"])
        #expect(extensions.authMechanisms == ["PLAIN", "LOGIN"])
        #expect(extensions.sizeLimit == 10_240_000)
        #expect(extensions.supports("starttls"))
        #expect(!extensions.supports("CHUNKING"))
        #expect(SMTPServerExtensions(ehloReply: SMTPReply(code: 250, lines: ["x", "SIZE 0"])).sizeLimit == nil)
    }

    @Test(arguments: [
        ("", ".\r\n"),
        ("a\r\nb\r\n", "a\r\nb\r\n.\r\n"),
        ("no final break", "no final break\r\n.\r\n"),
        (".\r\n", "..\r\n.\r\n"),
        ("..x\n.y\r\nz.\r\n", "...x\r\n..y\r\nz.\r\n.\r\n"),
        ("bare\rcr\n\n", "bare\r\ncr\r\n\r\n.\r\n"),
    ])
    func dotStuffing(input: String, expected: String) {
        #expect(SMTPDotStuffing.encode(Array(input.utf8)) == Array(expected.utf8))
    }

    @Test(arguments: [
        (SMTPReply(code: 451, lines: ["4.3.0 later"]), true),
        (SMTPReply(code: 421, lines: ["closing"]), true),
        (SMTPReply(code: 550, lines: ["5.1.1 no"]), false),
        (SMTPReply(code: 554, lines: ["5.7.1 spam"]), false),
    ])
    func rejectionTransience(reply: SMTPReply, transient: Bool) {
        let error = SMTPError.rejected(reply, "x")
        #expect(error.code == .rejected(reply.code))
        #expect(error.isTransient == transient)
        #expect(error.serverReply == reply.text)
    }
}
