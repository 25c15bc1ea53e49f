import Foundation
import NIOCore
import NIOPosix

/// A TCP server that accepts connections and then says nothing (or only a greeting): the relay that hangs.
final class MuteServer: Sendable {
    /// What the server sends on each connection before falling silent.
    enum Behaviour: Sendable {
        /// Nothing, not even the greeting.
        case silent
        /// The 220 greeting, then nothing.
        case greetOnly
    }

    let channel: any Channel
    var port: Int { channel.localAddress?.port ?? 0 }

    private init(channel: any Channel) { self.channel = channel }

    static func start(_ behaviour: Behaviour) async throws -> MuteServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if case .greetOnly = behaviour {
                        try channel.pipeline.syncOperations.addHandler(Greeter())
                    }
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return MuteServer(channel: channel)
    }

    func stop() async {
        try? await channel.close().get()
    }

    /// A port on which nothing listens: bound, noted and closed again.
    static func closedPort() async throws -> Int {
        let server = try await start(.silent)
        let port = server.port
        await server.stop()
        return port
    }

    private final class Greeter: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        func channelActive(context: ChannelHandlerContext) {
            context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: "220 mute.test ESMTP\r\n")), promise: nil)
            context.fireChannelActive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
    }
}

/// A server that answers each command line with whatever its script says: for the dialogues a well-behaved
/// server never produces (no EHLO, bytes injected after STARTTLS).
final class ScriptedServer: Sendable {
    /// The reply (CRLFs included) to a command line; `.` stands for the end of the DATA payload.
    typealias Script = @Sendable (String) -> String

    let channel: any Channel
    let port: Int

    private init(channel: any Channel) {
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
    }

    static func start(greeting: String = "220 scripted.test ESMTP\r\n", script: @escaping Script) async throws -> ScriptedServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Responder(greeting: greeting, script: script))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return ScriptedServer(channel: channel)
    }

    func stop() async {
        try? await channel.close().get()
    }

    private final class Responder: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        let greeting: String
        let script: Script
        var pending: [UInt8] = []
        var inData = false

        init(greeting: String, script: @escaping Script) {
            self.greeting = greeting
            self.script = script
        }

        func channelActive(context: ChannelHandlerContext) {
            send(greeting, context: context)
            context.fireChannelActive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            pending += unwrapInboundIn(data).readableBytesView
            while let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                pending.removeSubrange(...newline)
                if inData {
                    guard line == "." else { continue }
                    inData = false
                }
                let reply = script(line)
                if reply.hasPrefix("354") { inData = true }
                send(reply, context: context)
            }
        }

        private func send(_ text: String, context: ChannelHandlerContext) {
            context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: text)), promise: nil)
        }
    }
}
