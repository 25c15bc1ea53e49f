import Foundation

extension AtomicFile {
    /// Removes temporary files (`.NAME.PID.tmp`) under `root` whose writer process is gone, returning their
    /// paths. A write killed between create and rename leaves one behind; nothing reads it (readers see only
    /// renamed files), but without a sweep every crash adds one. A file of a live process is kept: the
    /// daemon's own writes and a concurrent `vedetta report` stay untouched.
    @discardableResult
    public static func removeStaleTemporaries(under root: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var removed: [String] = []
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            guard name.hasPrefix("."), name.hasSuffix(".tmp") else { continue }
            let parts = name.dropLast(4).split(separator: ".")
            guard let pid = parts.last.flatMap({ pid_t($0) }), pid > 0 else { continue }
            if pid == getpid() || kill(pid, 0) == 0 || errno != ESRCH { continue }
            let path = root + "/" + relative
            if unlink(path) == 0 { removed.append(path) }
        }
        return removed.sorted()
    }
}
