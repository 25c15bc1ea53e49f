import Foundation
import Synchronization

/// The bearer token(s) guarding the HTTP API, read from files at start and on reload.
public final class BearerToken: Sendable {
    private let tokens = Mutex<(write: String?, read: String?)>((nil, nil))

    /// Empty holder; `load` fills it.
    public init() {}

    /// Reads the write token (and an optional read token) from files; a token is the file's first line.
    public func load(writeFile: String?, readFile: String?) throws {
        let write = try writeFile.map(BearerToken.read)
        let read = try readFile.map(BearerToken.read)
        tokens.withLock { $0 = (write, read) }
    }

    /// Sets tokens directly (tests).
    public func set(write: String?, read: String? = nil) { tokens.withLock { $0 = (write, read) } }

    /// The first line of a secret file, trimmed (tokens, SMTP passwords).
    public static func firstLine(of path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(message: "\(path): cannot read the file")
        }
        return text.split(whereSeparator: \.isNewline).first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
    }

    static func read(_ path: String) throws -> String {
        let token = try firstLine(of: path)
        guard token.count >= 16 else {
            throw ConfigurationError(message: "\(path): the token must be at least 16 characters")
        }
        return token
    }

    /// Whether an `Authorization` header value grants writing.
    public func allowsWrite(_ header: String?) -> Bool {
        guard let presented = BearerToken.bearer(header), let write = tokens.withLock({ $0.write }) else { return false }
        return BearerToken.constantTimeEqual(presented, write)
    }

    /// Whether an `Authorization` header value grants reading (the write token reads too).
    public func allowsRead(_ header: String?) -> Bool {
        guard let presented = BearerToken.bearer(header) else { return false }
        let (write, read) = tokens.withLock { $0 }
        return [write, read].compactMap { $0 }.contains { BearerToken.constantTimeEqual(presented, $0) }
    }

    static func bearer(_ header: String?) -> String? {
        guard let header, header.count > 7, header.lowercased().hasPrefix("bearer ") else { return nil }
        return String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    }

    /// Compares without an early exit, so response time does not leak how much of a token matched.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for index in 0..<max(x.count, y.count) {
            difference |= (index < x.count ? x[index] : 0) ^ (index < y.count ? y[index] : 0)
        }
        return difference == 0
    }

    /// Creates a random token file (mode 0600) when none exists: the developer default.
    public static func ensureTokenFile(at path: String) throws -> String {
        if FileManager.default.fileExists(atPath: path) { return path }
        var bytes = [UInt8](repeating: 0, count: 24)
        for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255) }
        let token = bytes.map { String(format: "%02x", $0) }.joined() + "\n"
        guard FileManager.default.createFile(atPath: path, contents: Data(token.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ConfigurationError(message: "\(path): cannot create the token file")
        }
        return path
    }
}
