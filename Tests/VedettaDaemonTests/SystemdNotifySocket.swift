import Foundation

/// A bound `AF_UNIX` datagram socket standing in for systemd's notification socket: in the abstract namespace
/// (`@name`, as systemd uses) or at a path. Records each datagram with the time it arrived.
final class SystemdNotifySocket {
    /// A received message.
    struct Message {
        var text: String
        var at: ContinuousClock.Instant
    }

    /// The value for `NOTIFY_SOCKET`.
    let address: String
    private let fd: Int32
    /// Everything received so far, in order.
    private(set) var messages: [Message] = []

    /// Binds `@name` when `abstract`, else a socket file in `folder`.
    init(abstract: Bool, folder: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var tv = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        let name = abstract ? "@vedetta-test-\(getpid())-\(UUID().uuidString.prefix(8))" : folder + "/notify.sock"
        address = name
        var bytes = Array(name.utf8)
        if abstract { bytes[0] = 0 }
        var sockaddr = sockaddr_un()
        sockaddr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &sockaddr.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + (abstract ? 0 : 1))
        let bound = withUnsafePointer(to: &sockaddr) {
            $0.withMemoryRebound(to: Glibc.sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else {
            close(fd)
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
    }

    deinit { close(fd) }

    /// Receives until `done` holds for what arrived, or `timeout` passes; returns whether `done` held.
    @discardableResult
    func receive(timeout: Duration, until done: ([Message]) -> Bool) -> Bool {
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 4096)
        while ContinuousClock.now < deadline {
            if done(messages) { return true }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 4096, 0) }
            if n > 0 { messages.append(Message(text: String(decoding: buffer[0..<n], as: UTF8.self), at: .now)) }
        }
        return done(messages)
    }

    /// Messages holding the line `line` (a message may carry several, newline-separated).
    func messages(with line: String) -> [Message] {
        messages.filter { $0.text.split(separator: "\n").contains { $0 == line } }
    }
}
