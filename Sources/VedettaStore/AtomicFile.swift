import Foundation

/// Writes files so that a reader never sees a partial one: temporary name, fsync, rename, fsync the folder.
public enum AtomicFile {
    /// Writes `bytes` to `path` atomically and durably.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = directory + "/." + (path as NSString).lastPathComponent + ".\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw POSIXFailure(operation: "create \(temporary)", code: errno) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                Foundation.write(fd, raw.baseAddress! + offset, bytes.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(fd)
                unlink(temporary)
                throw POSIXFailure(operation: "write \(temporary)", code: code)
            }
            offset += written
        }
        if fsync(fd) != 0 {
            let code = errno
            close(fd)
            unlink(temporary)
            throw POSIXFailure(operation: "fsync \(temporary)", code: code)
        }
        close(fd)
        if rename(temporary, path) != 0 {
            let code = errno
            unlink(temporary)
            throw POSIXFailure(operation: "rename \(temporary) to \(path)", code: code)
        }
        syncDirectory(directory)
    }

    /// fsyncs a folder so that a rename into it is durable.
    public static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}

/// A failed system call, with the operation and `strerror` text.
public struct POSIXFailure: Error, CustomStringConvertible, Sendable {
    /// What was being done.
    public var operation: String
    /// errno.
    public var code: Int32

    /// Creates the failure.
    public init(operation: String, code: Int32) {
        self.operation = operation
        self.code = code
    }

    public var description: String { "could not \(operation): \(String(cString: strerror(code)))" }
}
