import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// Delivers one `MailMessage` to an SMTP relay.
///
/// One connection per send: greeting, EHLO (HELO fallback), STARTTLS, AUTH, MAIL, RCPT per recipient, DATA,
/// QUIT. Alerts are few and far between, so a pooled connection would buy nothing but idle-timeout handling;
/// it also keeps every send independent for the outbox (no state survives a failure).
public struct SMTPClient: Sendable {
    private let group: any EventLoopGroup
    private let logger: Logger

    /// A client on `eventLoopGroup` (NIO's shared group by default) that logs the dialogue at debug level to
    /// `logger` (never a password).
    public init(eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger) {
        self.group = eventLoopGroup
        self.logger = logger
    }

    /// Renders `message` with `MIMEComposer` and delivers it to the relay of `configuration`.
    ///
    /// Returns when the server has accepted the message for at least one recipient; recipients it refused are
    /// listed in the report. Throws when nothing was accepted, with `isTransient` telling the outbox whether to
    /// retry.
    public func send(_ message: MailMessage, configuration: SMTPConfiguration) async throws(SMTPError) -> SMTPDeliveryReport {
        let bytes: [UInt8]
        do {
            bytes = try MIMEComposer().render(message)
        } catch {
            throw SMTPError(.invalidMessage, error.message, isTransient: false)
        }
        return try await send(
            rawMessage: bytes, from: message.from.address, recipients: message.envelopeRecipients,
            messageID: MIMEComposer.unbracketed(message.messageID), configuration: configuration)
    }

    /// Delivers already rendered RFC 5322 bytes to `recipients` with envelope sender `from`; `messageID` only
    /// names the message in errors, logs and the report.
    public func send(
        rawMessage: [UInt8], from: String, recipients: [String], messageID: String,
        configuration: SMTPConfiguration
    ) async throws(SMTPError) -> SMTPDeliveryReport {
        for address in [from] + recipients where !MailAddress(address).isWellFormed {
            throw SMTPError(.invalidMessage, "The envelope address \"\(address)\" of message <\(messageID)> is not a valid mailbox.",
                            isTransient: false)
        }
        guard !recipients.isEmpty else {
            throw SMTPError(.invalidMessage, "Message <\(messageID)> has no recipient.", isTransient: false)
        }
        var logger = self.logger
        logger[metadataKey: "smtp.server"] = "\(configuration.endpoint)"
        logger[metadataKey: "mail.message-id"] = "\(messageID)"

        let tlsContext: NIOSSLContext?
        if configuration.tlsMode == .none {
            tlsContext = nil
        } else {
            tlsContext = try Self.makeTLSContext(configuration)
        }
        let connection = try await SMTPConnection.connect(
            configuration: configuration, group: group,
            implicitTLS: configuration.tlsMode == .implicit ? tlsContext : nil)
        var session = SMTPSession(
            connection: connection, configuration: configuration, tlsContext: tlsContext, logger: logger)
        do {
            let report = try await session.deliver(
                rawMessage: rawMessage, from: from, recipients: recipients, messageID: messageID)
            await session.quit()
            await connection.close()
            logger.info("SMTP delivery accepted", metadata: [
                "smtp.accepted": "\(report.acceptedRecipients.count)",
                "smtp.rejected": "\(report.rejectedRecipients.count)",
            ])
            return report
        } catch {
            if session.dialogueIntact { await session.quit() }
            await connection.close()
            logger.debug("SMTP delivery failed: \(error)")
            throw error
        }
    }

    private static func makeTLSContext(_ configuration: SMTPConfiguration) throws(SMTPError) -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let file = configuration.tls.trustRootsFile {
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw SMTPError(.tlsFailed, "The trust roots file \(file) for SMTP server \(configuration.endpoint) cannot be read.",
                                isTransient: false)
            }
            tls.trustRoots = .file(file)
        }
        if configuration.tls.verification == .none { tls.certificateVerification = .none }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw SMTPError(.tlsFailed, "Could not set up TLS for SMTP server \(configuration.endpoint): \(error).",
                            isTransient: false)
        }
    }
}
