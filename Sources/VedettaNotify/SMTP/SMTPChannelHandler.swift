import NIOCore
import NIOSSL
import NIOTLS

/// The client side of the dialogue on the channel: writes commands, decodes replies and hands each to the
/// command that waits for it, in order; enforces each command's timeout.
///
/// Confined to its event loop. Once anything goes wrong (timeout, grammar, closed connection) every waiting and
/// later command fails with the same error and the channel is closed: an SMTP dialogue cannot resynchronise.
final class SMTPChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = SMTPCommand
    typealias OutboundOut = ByteBuffer

    private struct Waiting {
        var id: Int
        var command: SMTPCommand
        var timer: Scheduled<Void>?
    }

    private let endpoint: String
    private var decoder = SMTPReplyDecoder()
    private var waiting = CircularBuffer<Waiting>()
    /// Replies that arrived before anyone asked (the greeting, normally).
    private var unclaimed = CircularBuffer<SMTPReply>()
    private var failure: SMTPError?
    /// Set when a TLS handler was put under the dialogue, cleared when its handshake completes: a connection
    /// that closes in between failed TLS (an untrusted certificate, a protocol mismatch), which retrying
    /// will not fix.
    var tlsHandshakePending = false
    private var nextID = 0

    /// A handler for a connection to `endpoint` (`host:port`, for error messages).
    init(endpoint: String) {
        self.endpoint = endpoint
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let command = unwrapOutboundIn(data)
        if let failure {
            command.promise.fail(failure)
            promise?.fail(failure)
            return
        }
        if command.bytes == nil, let reply = unclaimed.popFirst() {
            command.promise.succeed(reply)
            promise?.succeed(())
            return
        }
        if let early = unclaimed.first {
            fail(context: context, with: SMTPError(
                .protocolViolation,
                "SMTP server \(endpoint) sent a reply before the client's \(command.label).",
                serverReply: early.text, isTransient: true))
            command.promise.fail(failure!)
            promise?.fail(failure!)
            return
        }
        nextID += 1
        let id = nextID
        let loop = context.eventLoop.assumeIsolated()
        let timer = loop.scheduleTask(in: command.timeout) { [self] in
            guard waiting.first?.id == id else { return }
            fail(context: context, with: SMTPError(
                .timeout,
                "SMTP server \(endpoint) did not answer \(command.label) within \(Self.seconds(command.timeout)).",
                isTransient: true))
        }
        waiting.append(Waiting(id: id, command: command, timer: timer))
        if let bytes = command.bytes {
            context.writeAndFlush(wrapOutboundOut(bytes), promise: promise)
        } else {
            promise?.succeed(())
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        decoder.append(buffer.readableBytesView)
        do {
            while failure == nil, let reply = try decoder.nextReply() {
                deliver(reply, context: context)
            }
        } catch {
            let label = waiting.first?.command.label ?? "the greeting"
            fail(context: context, with: SMTPError(
                .protocolViolation, "SMTP server \(endpoint) answered \(label) badly: \(error.reason).",
                isTransient: true))
        }
    }

    private func deliver(_ reply: SMTPReply, context: ChannelHandlerContext) {
        guard let head = waiting.popFirst() else {
            unclaimed.append(reply)
            return
        }
        head.timer?.cancel()
        if head.command.endsCleartext, reply.isPositive, decoder.hasBufferedInput {
            // Bytes here would be read as if they came over TLS later: the STARTTLS command-injection flaw.
            fail(context: context, with: SMTPError(
                .protocolViolation, "SMTP server \(endpoint) sent data after its reply to STARTTLS.",
                serverReply: reply.text, isTransient: true))
            head.command.promise.fail(failure!)
            return
        }
        head.command.promise.succeed(reply)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let tls = event as? TLSUserEvent, case .handshakeCompleted = tls { tlsHandshakePending = false }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        let label = waiting.first?.command.label
        if tlsHandshakePending {
            fail(context: context, with: SMTPError(
                .tlsFailed, "TLS with SMTP server \(endpoint) failed: the server closed the connection during the handshake.",
                isTransient: false))
        } else if let label {
            fail(context: context, with: SMTPError(
                .connectionClosed, "SMTP server \(endpoint) closed the connection while the client waited for the reply to \(label).",
                isTransient: true))
        } else {
            failure = failure ?? SMTPError(
                .connectionClosed, "SMTP server \(endpoint) closed the connection.", isTransient: true)
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let label = waiting.first?.command.label ?? "the dialogue"
        let mapped: SMTPError
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError {
            // Handshake and certificate failures are configuration problems; retrying changes nothing.
            mapped = SMTPError(.tlsFailed, "TLS with SMTP server \(endpoint) failed during \(label): \(error).",
                               isTransient: false)
        } else {
            mapped = SMTPError(.connectionClosed, "The connection to SMTP server \(endpoint) failed during \(label): \(error).",
                               isTransient: true)
        }
        fail(context: context, with: mapped)
    }

    /// Records the first failure, fails every waiting command with it, and closes the channel.
    private func fail(context: ChannelHandlerContext, with error: SMTPError) {
        guard failure == nil else { return }
        failure = error
        while let item = waiting.popFirst() {
            item.timer?.cancel()
            item.command.promise.fail(error)
        }
        context.close(promise: nil)
    }

    private static func seconds(_ amount: TimeAmount) -> String {
        let ms = amount.nanoseconds / 1_000_000
        return ms % 1000 == 0 ? "\(ms / 1000) s" : "\(Double(ms) / 1000) s"
    }
}
