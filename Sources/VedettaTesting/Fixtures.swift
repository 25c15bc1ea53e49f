import Foundation

/// Locates test fixtures and the repository from a test file's `#filePath`.
public enum Fixtures {
    /// The repository root: the nearest ancestor of `filePath` holding `Package.swift`.
    public static func repositoryRoot(from filePath: String = #filePath) -> String {
        var url = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
            url.deleteLastPathComponent()
        }
        fatalError("no Package.swift above \(filePath)")
    }

    /// `Tests/Fixtures/<relative>`.
    public static func path(_ relative: String, from filePath: String = #filePath) -> String {
        repositoryRoot(from: filePath) + "/Tests/Fixtures/" + relative
    }

    /// The shared public data folder (`<repo>/../shared/data`), if present.
    public static func sharedData(from filePath: String = #filePath) -> String? {
        let path = (repositoryRoot(from: filePath) as NSString).deletingLastPathComponent + "/shared/data"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// A fresh temporary folder inside this test process's own folder, which is removed when the process exits:
    /// a test run leaves nothing in the temporary directory (before, every run left about sixty folders).
    public static func temporaryDirectory(_ label: String = "vedetta") -> String {
        let path = processFolder + "/\(label)-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// `<tmp>/vedetta-tests-<pid>`, created on first use and removed at exit. A test process that crashed never
    /// ran its exit handler, so the first use also removes the folders of processes that no longer exist.
    private static let processFolder: String = {
        removeFoldersOfDeadProcesses()
        let folder = testsFolder(pid: getpid())
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // A C function pointer captures nothing, so the exit handler derives the path again.
        atexit { try? FileManager.default.removeItem(atPath: Fixtures.testsFolder(pid: getpid())) }
        return folder
    }()

    private static func testsFolder(pid: pid_t) -> String { NSTemporaryDirectory() + "vedetta-tests-\(pid)" }

    /// Removes `<tmp>/vedetta-tests-<pid>` folders whose process is gone (`kill(pid, 0)` fails with `ESRCH`);
    /// a folder of a live process (another test run beside this one) stays.
    public static func removeFoldersOfDeadProcesses() {
        let prefix = "vedetta-tests-"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())) ?? []
        for name in names where name.hasPrefix(prefix) {
            guard let pid = pid_t(name.dropFirst(prefix.count)), pid > 0, pid != getpid(),
                  kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            try? FileManager.default.removeItem(atPath: NSTemporaryDirectory() + name)
        }
    }

    /// The built `vedetta` executable beside the test bundle (`.build/<configuration>/vedetta`).
    public static func vedettaExecutable() -> String {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.path != "/" {
            let candidate = url.appendingPathComponent("vedetta").path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate)
            {
                return candidate
            }
            url.deleteLastPathComponent()
        }
        return repositoryRoot() + "/.build/debug/vedetta"
    }
}
