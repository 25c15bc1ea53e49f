import NIOCore
import NIOPosix
import NIOSSL

/// One TCP connection to the relay, with an async command/reply interface over `SMTPChannelHandler`.
struct SMTPConnection: Sendable {
    let channel: any Channel
    let endpoint: String

    /// Connects to the configured relay; implicit TLS starts here.
    static func connect(
        configuration: SMTPConfiguration, group: any EventLoopGroup, implicitTLS: NIOSSLContext?
    ) async throws(SMTPError) -> SMTPConnection {
        let endpoint = configuration.endpoint
        let serverName = configuration.tlsServerName
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(TimeAmount(configuration.timeouts.connect))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let implicitTLS {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: implicitTLS, serverHostname: serverName))
                    }
                    try channel.pipeline.syncOperations.addHandler(SMTPChannelHandler(endpoint: endpoint))
                }
            }
        do {
            let channel = try await bootstrap.connect(host: configuration.host, port: configuration.port).get()
            return SMTPConnection(channel: channel, endpoint: endpoint)
        } catch {
            throw SMTPError(.connectFailed, "Could not connect to SMTP server \(endpoint): \(error).", isTransient: true)
        }
    }

    /// Writes `line` (nil: nothing) and returns the next reply.
    func command(
        _ line: String?, label: String, timeout: Duration, endsCleartext: Bool = false
    ) async throws(SMTPError) -> SMTPReply {
        let bytes = line.map { channel.allocator.buffer(string: $0 + "\r\n") }
        return try await exchange(bytes, label: label, timeout: timeout, endsCleartext: endsCleartext)
    }

    /// Writes raw bytes (the dot-stuffed DATA payload) and returns the next reply.
    func payload(_ bytes: [UInt8], label: String, timeout: Duration) async throws(SMTPError) -> SMTPReply {
        try await exchange(channel.allocator.buffer(bytes: bytes), label: label, timeout: timeout, endsCleartext: false)
    }

    private func exchange(
        _ bytes: ByteBuffer?, label: String, timeout: Duration, endsCleartext: Bool
    ) async throws(SMTPError) -> SMTPReply {
        let promise = channel.eventLoop.makePromise(of: SMTPReply.self)
        let command = SMTPCommand(
            bytes: bytes, label: label, timeout: TimeAmount(timeout), endsCleartext: endsCleartext, promise: promise)
        let endpoint = self.endpoint
        // A write on a closed channel never reaches the handler: fail the reply promise from here then (a second
        // completion of a promise is ignored by NIO).
        channel.writeAndFlush(command).whenFailure { error in
            promise.fail(error as? SMTPError ?? SMTPError(
                .connectionClosed, "Could not send \(label) to SMTP server \(endpoint): the connection is closed.",
                isTransient: true))
        }
        do {
            return try await promise.futureResult.get()
        } catch let error as SMTPError {
            throw error
        } catch {
            throw SMTPError(.connectionClosed, "The connection to SMTP server \(endpoint) failed during \(label): \(error).",
                            isTransient: true)
        }
    }

    /// Puts TLS under the dialogue after a 220 to STARTTLS; the handshake runs before the next command is sent.
    func startTLS(context: NIOSSLContext, serverHostname: String?) async throws(SMTPError) {
        let channel = self.channel
        do {
            try await channel.eventLoop.submit {
                let handler = try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
                try channel.pipeline.syncOperations.addHandler(handler, position: .first)
                try channel.pipeline.syncOperations.handler(type: SMTPChannelHandler.self).tlsHandshakePending = true
            }.get()
        } catch {
            throw SMTPError(.tlsFailed, "Could not start TLS with SMTP server \(endpoint): \(error).", isTransient: false)
        }
    }

    /// Closes the connection, ignoring errors (it may be closed already).
    func close() async {
        try? await channel.close().get()
    }
}

extension SMTPConfiguration {
    /// The name sent as SNI and verified in the certificate: nil for an IP address, which SNI cannot carry (NIOSSL
    /// then checks the certificate's IP entries against the peer address).
    var tlsServerName: String? {
        let name = tls.serverName ?? host
        if (try? SocketAddress(ipAddress: name, port: 0)) != nil { return nil }
        return name
    }
}
