import Foundation

/// A minimal blocking HTTP/1.1 client over a TCP socket, for tests against a daemon on 127.0.0.1 (no
/// FoundationNetworking, no connection reuse: every request sends `Connection: close`).
public enum HTTPTestClient {
    /// A response.
    public struct Response: Sendable {
        /// Status code.
        public var status: Int
        /// Header lines, lower-cased names.
        public var headers: [String: String]
        /// Body bytes.
        public var body: [UInt8]
        /// Body as UTF-8 text.
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// Sends one request; throws when the connection fails.
    public static func request(
        port: Int, method: String, path: String, headers: [String: String] = [:], body: [UInt8] = [],
        timeout: TimeInterval = 30
    ) throws -> Response {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\nContent-Length: \(body.count)\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        let payload = Array(head.utf8) + body
        var sent = 0
        while sent < payload.count {
            let n = payload.withUnsafeBytes { send(fd, $0.baseAddress! + sent, payload.count - sent, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { break }  // the server may answer (413) before reading everything
            sent += n
        }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 65536, 0) }
            if n <= 0 { break }
            received.append(contentsOf: chunk[0..<n])
        }
        guard let split = received.firstRange(of: Array("\r\n\r\n".utf8)) else { throw POSIXError(.EBADMSG) }
        let headText = String(decoding: received[..<split.lowerBound], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw POSIXError(.EBADMSG) }
        var headerTable: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headerTable[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var bodyBytes = Array(received[split.upperBound...])
        if headerTable["transfer-encoding"]?.lowercased() == "chunked" { bodyBytes = dechunk(bodyBytes) }
        return Response(status: status, headers: headerTable, body: bodyBytes)
    }

    static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard let lineEnd = bytes[index...].firstRange(of: [0x0D, 0x0A]) else { break }
            let sizeText = String(decoding: bytes[index..<lineEnd.lowerBound], as: UTF8.self)
            guard let size = Int(sizeText.split(separator: ";").first ?? "", radix: 16), size > 0 else { break }
            let start = lineEnd.upperBound
            out.append(contentsOf: bytes[start..<min(start + size, bytes.count)])
            index = start + size + 2
        }
        return out
    }
}
