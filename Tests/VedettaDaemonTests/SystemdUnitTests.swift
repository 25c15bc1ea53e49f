import Foundation
import Testing
import VedettaTesting

/// `deploy/vedetta.service` as systemd sees it: a valid unit, and an exposure rating of 2.0 or better.
@Suite(.enabled(if: DeploySupport.has("systemd-analyze"), "needs systemd-analyze (Debian package systemd)"))
struct SystemdUnitTests {
    static let unit = Fixtures.repositoryRoot() + "/deploy/vedetta.service"

    /// `systemd-analyze verify` checks that ExecStart's binary exists, so this verifies a temporary copy of the
    /// unit whose ExecStart points at the built binary instead of /usr/bin/vedetta; nothing else changes.
    /// `--man=no`: the Documentation= man page exists only once the package is installed.
    @Test func verifyAcceptsTheUnit() throws {
        let folder = Fixtures.temporaryDirectory("unit")
        let text = try String(contentsOfFile: Self.unit, encoding: .utf8)
        #expect(text.contains("ExecStart=/usr/bin/vedetta serve --config /etc/vedetta/vedetta.yaml"))
        let copy = text.replacingOccurrences(of: "ExecStart=/usr/bin/vedetta ", with: "ExecStart=\(Fixtures.vedettaExecutable()) ")
        try copy.write(toFile: folder + "/vedetta.service", atomically: true, encoding: .utf8)
        let result = try DeploySupport.run(["systemd-analyze", "verify", "--man=no", folder + "/vedetta.service"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.isEmpty, "verify warns:\n\(result.output)")
    }

    /// The settings the issue requires are there, spelled as systemd reads them.
    @Test(arguments: [
        "Type=notify", "NotifyAccess=main", "WatchdogSec=", "Restart=on-failure", "ExecReload=/bin/kill -HUP $MAINPID",
        "StateDirectory=vedetta", "ConfigurationDirectory=vedetta", "DynamicUser=yes", "ProtectSystem=strict",
        "ProtectHome=yes", "PrivateTmp=yes", "PrivateDevices=yes", "NoNewPrivileges=yes", "CapabilityBoundingSet=\n",
        "AmbientCapabilities=\n", "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6", "SystemCallFilter=@system-service",
        "SystemCallArchitectures=native", "ProtectKernelTunables=yes", "ProtectKernelModules=yes",
        "ProtectKernelLogs=yes", "ProtectControlGroups=yes", "ProtectClock=yes", "ProtectHostname=yes",
        "LockPersonality=yes", "MemoryDenyWriteExecute=yes", "RestrictNamespaces=yes", "RestrictRealtime=yes",
        "RestrictSUIDSGID=yes", "RemoveIPC=yes", "UMask=0077", "IPAddressDeny=any",
    ])
    func unitHasSetting(_ setting: String) throws {
        let text = try String(contentsOfFile: Self.unit, encoding: .utf8)
        #expect(text.contains("\n" + setting), "missing \(setting.debugDescription)")
    }

    /// Measured 1.0 ("OK") with systemd 252; the issue asks for 2.0 or lower.
    @Test func securityExposureIsAtMostTwo() throws {
        let result = try DeploySupport.run(["systemd-analyze", "security", "--offline=yes", "--no-pager", Self.unit])
        let line = try #require(result.output.split(separator: "\n").first { $0.contains("Overall exposure level") },
                                "\(result.output)")
        // "→ Overall exposure level for vedetta.service: 1.0 OK 🙂"
        let figure = try #require(line.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) },
                                  "\(line)")
        #expect(figure <= 2.0, "\(line)")
    }

    /// MemoryDenyWriteExecute=yes must not break the Swift runtime, Foundation, NIO or SQLite. Without a
    /// systemd to start the unit, the test uses the kernel's equivalent for one process, prctl(PR_SET_MDWE,
    /// PR_MDWE_REFUSE_EXEC_GAIN) (Linux 6.3+, inherited across execve): the daemon must start, ingest and stop.
    @Test(.enabled(if: DeploySupport.has("python3"))) func daemonRunsWithMemoryDenyWriteExecute() throws {
        let probe = try DeploySupport.run(["python3", "-c", "import ctypes; exit(0 if ctypes.CDLL(None).prctl(65, 1, 0, 0, 0) == 0 else 1)"])
        try #require(probe.status == 0, "this kernel has no PR_SET_MDWE")
        let folder = Fixtures.temporaryDirectory("mdwe")
        let wrapper = folder + "/mdwe-exec"
        // Sets MDWE, then proves it is in force (an RWX mapping must fail) before it runs the daemon.
        try """
            #!/usr/bin/env python3
            import ctypes, mmap, os, sys
            assert ctypes.CDLL(None, use_errno=True).prctl(65, 1, 0, 0, 0) == 0
            try:
                mmap.mmap(-1, 4096, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
                sys.exit("MDWE not in force")
            except OSError:
                pass
            os.execv(sys.argv[1], sys.argv[1:])
            """.write(toFile: wrapper, atomically: true, encoding: .utf8)
        chmod(wrapper, 0o755)
        let state = folder + "/state"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        let token = "mdwe-token-0123456789abcdef"
        try (token + "\n").write(toFile: folder + "/token", atomically: true, encoding: .utf8)
        let port = DaemonProcess.freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: wrapper)
        process.arguments = [Fixtures.vedettaExecutable(), "serve", "--state-dir", state, "--listen", "127.0.0.1:\(port)",
                             "--token-file", folder + "/token"]
        let log = folder + "/daemon.log"
        FileManager.default.createFile(atPath: log, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: log)
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let ready = DeploySupport.wait(timeout: 30) {
            process.isRunning && (try? HTTPTestClient.request(port: port, method: "GET", path: "/healthz"))?.status == 200
        }
        let logText = { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
        try #require(ready, "daemon under MDWE did not get ready:\n\(logText())")
        let response = try HTTPTestClient.request(
            port: port, method: "POST", path: "/v1/events",
            headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/x-ndjson"],
            body: Array(DeploySupport.events(0..<50).utf8))
        #expect(response.status == 200, "\(response.text)")
        kill(process.processIdentifier, SIGTERM)
        let exited = DeploySupport.wait(timeout: 10) { !process.isRunning }
        #expect(exited, "no exit after SIGTERM:\n\(logText())")
        if exited { #expect(process.terminationStatus == 0, "\(logText())") }
    }
}
