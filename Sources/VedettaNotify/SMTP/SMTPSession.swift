import Foundation
import Logging
import NIOSSL

/// The dialogue of one delivery on an open connection, step by step (RFC 5321 §3, §4).
struct SMTPSession {
    let connection: SMTPConnection
    let configuration: SMTPConfiguration
    let tlsContext: NIOSSLContext?
    let logger: Logger

    /// False once the connection is in an unknown state (timeout, bad reply, closed): QUIT would be pointless.
    private(set) var dialogueIntact = true
    private var usedTLS = false
    private var extensions = SMTPServerExtensions()

    init(connection: SMTPConnection, configuration: SMTPConfiguration, tlsContext: NIOSSLContext?, logger: Logger) {
        self.connection = connection
        self.configuration = configuration
        self.tlsContext = tlsContext
        self.logger = logger
        self.usedTLS = configuration.tlsMode == .implicit
    }

    private var endpoint: String { configuration.endpoint }
    private var timeouts: SMTPConfiguration.Timeouts { configuration.timeouts }

    /// Sends one command; a failure other than a reply marks the dialogue broken.
    private mutating func command(
        _ line: String?, label: String, timeout: Duration? = nil, endsCleartext: Bool = false
    ) async throws(SMTPError) -> SMTPReply {
        do {
            let reply = try await connection.command(
                line, label: label, timeout: timeout ?? timeouts.command, endsCleartext: endsCleartext)
            logger.debug("SMTP \(label) -> \(reply.code)")
            // 421 announces that the server closes the channel (RFC 5321 §3.8).
            if reply.code == 421 { dialogueIntact = false }
            return reply
        } catch {
            dialogueIntact = false
            throw error
        }
    }

    mutating func deliver(
        rawMessage: [UInt8], from: String, recipients: [String], messageID: String
    ) async throws(SMTPError) -> SMTPDeliveryReport {
        let greeting = try await command(nil, label: "the greeting", timeout: timeouts.greeting)
        guard greeting.code == 220 else {
            throw .rejected(greeting, "SMTP server \(endpoint) refused the session in its greeting (\(greeting.code)).")
        }
        try await hello()
        try await startTLSIfConfigured()
        let mechanism = try await authenticateIfConfigured()

        let needsUTF8 = ([from] + recipients).contains { MailAddress($0).needsSMTPUTF8 }
        let is8Bit = rawMessage.contains { $0 >= 0x80 }
        var parameters: [String] = []
        if needsUTF8 {
            guard extensions.supports("SMTPUTF8") else {
                throw SMTPError(.invalidMessage, "Message <\(messageID)> has a non-ASCII address, and SMTP server \(endpoint) does not offer SMTPUTF8.",
                                isTransient: false)
            }
        }
        if is8Bit {
            guard extensions.supports("8BITMIME") || needsUTF8 else {
                throw SMTPError(.invalidMessage, "Message <\(messageID)> has 8-bit content, and SMTP server \(endpoint) does not offer 8BITMIME.",
                                isTransient: false)
            }
            if extensions.supports("8BITMIME") { parameters.append("BODY=8BITMIME") }
        }
        if needsUTF8 { parameters.append("SMTPUTF8") }
        if extensions.supports("SIZE") {
            if let limit = extensions.sizeLimit, rawMessage.count > limit {
                throw SMTPError(.invalidMessage, "Message <\(messageID)> has \(rawMessage.count) bytes, more than the \(limit) that SMTP server \(endpoint) accepts.",
                                isTransient: false)
            }
            parameters.append("SIZE=\(rawMessage.count)")
        }

        let mail = try await command(
            (["MAIL FROM:<\(from)>"] + parameters).joined(separator: " "), label: "MAIL FROM:<\(from)>")
        guard mail.isPositive else {
            throw .rejected(mail, "SMTP server \(endpoint) refused the sender <\(from)> of message <\(messageID)>.")
        }

        var accepted: [String] = []
        var rejected: [SMTPDeliveryReport.RejectedRecipient] = []
        for recipient in recipients {
            let reply = try await command("RCPT TO:<\(recipient)>", label: "RCPT TO:<\(recipient)>")
            if reply.isPositive {
                accepted.append(recipient)
            } else {
                logger.notice("SMTP recipient refused", metadata: ["smtp.recipient": "\(recipient)", "smtp.reply": "\(reply.code)"])
                rejected.append(.init(address: recipient, replyCode: reply.code, replyText: reply.text,
                                      isTransient: reply.isTransientFailure))
            }
        }
        guard let firstRejected = rejected.first, accepted.isEmpty else {
            return try await data(rawMessage, messageID: messageID, accepted: accepted, rejected: rejected,
                                  mechanism: mechanism)
        }
        let list = rejected.map { "<\($0.address)> (\($0.replyCode))" }.joined(separator: ", ")
        throw SMTPError(
            .rejected(firstRejected.replyCode),
            "SMTP server \(endpoint) refused every recipient of message <\(messageID)>: \(list).",
            serverReply: firstRejected.replyText,
            // Worth another try if any refusal is temporary (greylisting, a full mailbox).
            isTransient: rejected.contains { $0.isTransient })
    }

    private mutating func data(
        _ rawMessage: [UInt8], messageID: String, accepted: [String],
        rejected: [SMTPDeliveryReport.RejectedRecipient], mechanism: SMTPConfiguration.AuthMechanism?
    ) async throws(SMTPError) -> SMTPDeliveryReport {
        let go = try await command("DATA", label: "DATA")
        guard go.code == 354 else {
            throw .rejected(go, "SMTP server \(endpoint) refused DATA for message <\(messageID)>.")
        }
        let final: SMTPReply
        do {
            final = try await connection.payload(
                SMTPDotStuffing.encode(rawMessage), label: "the body of message <\(messageID)>",
                timeout: timeouts.dataTermination)
        } catch {
            dialogueIntact = false
            throw error
        }
        guard final.isPositive else {
            throw .rejected(final, "SMTP server \(endpoint) refused message <\(messageID)> after receiving it.")
        }
        return SMTPDeliveryReport(
            messageID: messageID, acceptedRecipients: accepted, rejectedRecipients: rejected, finalReply: final,
            usedTLS: usedTLS, authMechanism: mechanism, serverExtensions: extensions, messageSize: rawMessage.count)
    }

    /// EHLO, or HELO when the server does not know EHLO (500/502), which leaves no extensions.
    private mutating func hello() async throws(SMTPError) {
        let ehlo = try await command("EHLO \(configuration.heloName)", label: "EHLO")
        if ehlo.isPositive {
            extensions = SMTPServerExtensions(ehloReply: ehlo)
            return
        }
        guard ehlo.code == 500 || ehlo.code == 502 else {
            throw .rejected(ehlo, "SMTP server \(endpoint) refused EHLO \(configuration.heloName).")
        }
        let helo = try await command("HELO \(configuration.heloName)", label: "HELO")
        guard helo.isPositive else {
            throw .rejected(helo, "SMTP server \(endpoint) refused HELO \(configuration.heloName).")
        }
        extensions = SMTPServerExtensions()
    }

    private mutating func startTLSIfConfigured() async throws(SMTPError) {
        guard !usedTLS, configuration.tlsMode == .opportunistic || configuration.tlsMode == .required,
              let tlsContext else { return }
        let required = configuration.tlsMode == .required
        guard extensions.supports("STARTTLS") else {
            if required {
                throw SMTPError(.tlsFailed, "SMTP server \(endpoint) does not offer STARTTLS, which the configuration requires.",
                                isTransient: false)
            }
            logger.notice("SMTP server offers no STARTTLS; sending in clear text")
            return
        }
        let reply = try await command("STARTTLS", label: "STARTTLS", endsCleartext: true)
        guard reply.code == 220 else {
            if required {
                throw SMTPError(.tlsFailed, "SMTP server \(endpoint) refused STARTTLS (\(reply.code)).",
                                serverReply: reply.text, isTransient: reply.isTransientFailure)
            }
            logger.notice("SMTP server refused STARTTLS; sending in clear text", metadata: ["smtp.reply": "\(reply.code)"])
            return
        }
        do {
            try await connection.startTLS(context: tlsContext, serverHostname: configuration.tlsServerName)
        } catch {
            dialogueIntact = false
            throw error
        }
        usedTLS = true
        // RFC 3207 §4.2: forget what was learnt in clear text and ask again. The first command after STARTTLS
        // waits for the handshake: a connection lost there is a failed handshake (an untrusted certificate),
        // which retrying will not fix.
        do {
            try await hello()
        } catch where error.code == .connectionClosed {
            throw SMTPError(.tlsFailed, "TLS with SMTP server \(endpoint) failed: the connection closed during the handshake (\(error.message))",
                            isTransient: false)
        }
    }

    private mutating func authenticateIfConfigured() async throws(SMTPError) -> SMTPConfiguration.AuthMechanism? {
        guard let credentials = configuration.credentials else { return nil }
        guard usedTLS || configuration.allowInsecureAuth else {
            throw SMTPError(.authFailed, "Refusing to send the password of \(credentials.username) to SMTP server \(endpoint) without TLS; use STARTTLS or set allowInsecureAuth.",
                            isTransient: false)
        }
        let offered = extensions.authMechanisms
        let mechanism: SMTPConfiguration.AuthMechanism
        if let wanted = credentials.mechanism {
            guard offered.contains(wanted.rawValue) else {
                throw SMTPError(.authFailed, "SMTP server \(endpoint) does not offer AUTH \(wanted.rawValue) (it offers: \(offered.isEmpty ? "none" : offered.joined(separator: " "))).",
                                isTransient: false)
            }
            mechanism = wanted
        } else if offered.contains("PLAIN") {
            mechanism = .plain
        } else if offered.contains("LOGIN") {
            mechanism = .login
        } else {
            throw SMTPError(.authFailed, "SMTP server \(endpoint) offers no AUTH mechanism this client knows (it offers: \(offered.isEmpty ? "none" : offered.joined(separator: " "))).",
                            isTransient: false)
        }
        let label = "AUTH \(mechanism.rawValue) as \(credentials.username)"
        var reply: SMTPReply
        switch mechanism {
        case .plain:
            let token = Self.base64("\u{0}\(credentials.username)\u{0}\(credentials.password)")
            reply = try await command("AUTH PLAIN \(token)", label: label)
        case .login:
            reply = try await command("AUTH LOGIN", label: label)
            if reply.code == 334 {
                reply = try await command(Self.base64(credentials.username), label: label + " (user name)")
            }
            if reply.code == 334 {
                reply = try await command(Self.base64(credentials.password), label: label + " (password)")
            }
        }
        guard reply.code == 235 else {
            if reply.code == 334 {
                // Still prompting: abort the exchange (RFC 4954 §4) so that QUIT is understood.
                _ = try? await command("*", label: label + " (cancel)")
            }
            throw SMTPError(.authFailed, "SMTP server \(endpoint) refused \(label) (\(reply.code)).",
                            serverReply: reply.text, isTransient: reply.isTransientFailure)
        }
        return mechanism
    }

    /// Says goodbye; its outcome does not matter any more.
    mutating func quit() async {
        // Nothing depends on the reply any more: do not hold the outbox for a whole command timeout.
        _ = try? await command("QUIT", label: "QUIT", timeout: min(timeouts.command, .seconds(2)))
    }

    private static func base64(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
    }
}
