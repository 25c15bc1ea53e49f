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
