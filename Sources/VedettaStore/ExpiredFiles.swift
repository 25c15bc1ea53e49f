import Foundation
import VedettaCore

/// Files of the state folder past the retention horizon: processed spool files (the raw events), alert files and
/// reports, which quote ticket texts (redacted, but still about people).
public enum ExpiredFiles {
    /// Removes the regular files under `root` (recursively) last modified before `horizon`, returning their paths.
    /// Hidden files stay: markers (`reports/.last-daily`) and the temporaries of writers
    /// (`AtomicFile.removeStaleTemporaries` sweeps those). A missing `root` removes nothing.
    @discardableResult
    public static func remove(under root: String, modifiedBefore horizon: Timestamp) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var removed: [String] = []
        let cut = Double(horizon.milliseconds) / 1000
        while let relative = walker.nextObject() as? String {
            guard !(relative as NSString).lastPathComponent.hasPrefix(".") else { continue }
            let path = root + "/" + relative
            var info = stat()
            // lstat: a symbolic link an operator placed is neither followed nor removed.
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            let modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
            if modified < cut, unlink(path) == 0 { removed.append(path) }
        }
        return removed.sorted()
    }
}
