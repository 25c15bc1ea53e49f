import Foundation
import Testing
import VedettaDaemon
import VedettaTesting

/// The Debian package and the install script put what an administrator needs where Debian expects it.
@Suite(.serialized) struct DeployPackageTests {
    static let repository = Fixtures.repositoryRoot()
    static let ruleFiles = ["calendar.yaml", "notices.yaml", "offices.yaml", "routes.yaml", "services.yaml"]

    /// Builds the .deb from the debug binary the tests run (`--debug --binary`: a release build takes minutes;
    /// the layout and maintainer scripts are the same), unpacks it into a scratch root with `dpkg -x` and
    /// checks its files, control data and conffiles, and that the unpacked binary runs.
    @Test(.enabled(if: DeploySupport.has("dpkg-deb"), "needs dpkg-deb"))
    func debianPackageHoldsWhatAnAdministratorNeeds() throws {
        let output = Fixtures.temporaryDirectory("deb")
        let build = try DeploySupport.run([Self.repository + "/scripts/build-deb.sh", "--debug", "--binary",
                                           Fixtures.vedettaExecutable(), "--version", "0.0.1~test", "--output", output])
        try #require(build.status == 0, "\(build.output)")
        let deb = try #require(build.output.split(separator: "\n").last.map(String.init))
        #expect(deb.hasSuffix(".deb") && FileManager.default.fileExists(atPath: deb), "\(build.output)")

        let root = output + "/root"
        let extract = try DeploySupport.run(["dpkg", "-x", deb, root])
        try #require(extract.status == 0, "\(extract.output)")
        for path in [
            "usr/bin/vedetta", "lib/systemd/system/vedetta.service", "etc/vedetta/vedetta.yaml",
            "usr/share/vedetta/vedetta.yaml.example", "usr/share/man/man1/vedetta.1.gz",
            "usr/share/bash-completion/completions/vedetta", "usr/share/zsh/vendor-completions/_vedetta",
            "usr/share/fish/vendor_completions.d/vedetta.fish", "usr/share/doc/vedetta/README.md",
        ] + Self.ruleFiles.map({ "usr/share/vedetta/rules/" + $0 }) {
            #expect(FileManager.default.fileExists(atPath: root + "/" + path), "missing /\(path)")
        }
        let unit = try String(contentsOfFile: root + "/lib/systemd/system/vedetta.service", encoding: .utf8)
        #expect(unit == (try String(contentsOfFile: Self.repository + "/deploy/vedetta.service", encoding: .utf8)))
        #expect(unit.contains("ExecStart=/usr/bin/vedetta serve --config /etc/vedetta/vedetta.yaml"))

        // The unpacked binary runs, and so do the completions it generated.
        let help = try DeploySupport.run([root + "/usr/bin/vedetta", "--help"])
        #expect(help.status == 0)
        #expect(help.output.contains("serve") && help.output.contains("ingest"), "\(help.output)")
        let bash = try String(contentsOfFile: root + "/usr/share/bash-completion/completions/vedetta", encoding: .utf8)
        #expect(bash.contains("complete") && bash.contains("serve"))
        let man = try DeploySupport.run(["sh", "-c", "gzip -dc '\(root)/usr/share/man/man1/vedetta.1.gz'"])
        #expect(man.output.hasPrefix(".TH VEDETTA 1"))
        #expect(man.output.contains(".SH \"vedetta serve\"") && man.output.contains("--listen"))
        #expect(man.output.contains(".SH FILES"))

        // Control data: conffiles, dependencies, maintainer scripts.
        let control = output + "/control"
        #expect(try DeploySupport.run(["dpkg-deb", "-e", deb, control]).status == 0)
        let conffiles = try String(contentsOfFile: control + "/conffiles", encoding: .utf8)
        #expect(conffiles == "/etc/vedetta/vedetta.yaml\n")
        let fields = try DeploySupport.run(["dpkg-deb", "-f", deb, "Package", "Version", "Architecture", "Depends"]).output
        #expect(fields.contains("Package: vedetta"))
        #expect(fields.contains("Version: 0.0.1~test"))
        #expect(fields.contains("libsqlite3"), "SQLite is a run-time dependency: \(fields)")
        let postinst = try String(contentsOfFile: control + "/postinst", encoding: .utf8)
        #expect(postinst.contains("[ -d /run/systemd/system ]") && postinst.contains("systemctl daemon-reload"),
                "daemon-reload only where systemd runs")
        let listing = try DeploySupport.run(["dpkg-deb", "-c", deb]).output
        #expect(listing.contains("root/root"), "files owned by root: \(listing.prefix(300))")
    }

    /// `deploy/install.sh` into a DESTDIR: everything in place, and a second run keeps the administrator's
    /// configuration and rules.
    @Test func installScriptIsIdempotentAndKeepsLocalChanges() throws {
        let destdir = Fixtures.temporaryDirectory("install")
        let script = Self.repository + "/deploy/install.sh"
        let arguments = [script, "--binary", Fixtures.vedettaExecutable(), "--prefix", "/opt/vedetta"]
        let first = try DeploySupport.run(arguments, environment: ["DESTDIR": destdir])
        try #require(first.status == 0, "\(first.output)")
        #expect(FileManager.default.isExecutableFile(atPath: destdir + "/opt/vedetta/bin/vedetta"))
        let unit = try String(contentsOfFile: destdir + "/etc/systemd/system/vedetta.service", encoding: .utf8)
        #expect(unit.contains("ExecStart=/opt/vedetta/bin/vedetta serve --config /etc/vedetta/vedetta.yaml"))
        for rule in Self.ruleFiles {
            #expect(FileManager.default.fileExists(atPath: destdir + "/etc/vedetta/rules/" + rule))
            #expect(FileManager.default.fileExists(atPath: destdir + "/opt/vedetta/share/vedetta/rules/" + rule))
        }

        // The administrator edits the configuration and a rule; a second run keeps both.
        let config = destdir + "/etc/vedetta/vedetta.yaml"
        try "listen: 0.0.0.0:8425\n".write(toFile: config, atomically: true, encoding: .utf8)
        try "offices: []\n".write(toFile: destdir + "/etc/vedetta/rules/offices.yaml", atomically: true, encoding: .utf8)
        let second = try DeploySupport.run(arguments, environment: ["DESTDIR": destdir])
        #expect(second.status == 0, "\(second.output)")
        #expect(try String(contentsOfFile: config, encoding: .utf8) == "listen: 0.0.0.0:8425\n")
        #expect(FileManager.default.fileExists(atPath: config + ".dist"))
        #expect(try String(contentsOfFile: destdir + "/etc/vedetta/rules/offices.yaml", encoding: .utf8) == "offices: []\n")
    }

    /// The shipped example configuration is valid and sets every setting of `DaemonConfiguration`.
    @Test func exampleConfigurationLoadsAndNamesEverySetting() throws {
        let path = Self.repository + "/deploy/vedetta.yaml"
        let configuration = try DaemonConfiguration.load(path: path)
        var expected = DaemonConfiguration()
        expected.stateDirectory = "/var/lib/vedetta"
        expected.rulesDirectory = "/etc/vedetta/rules"
        #expect(configuration == expected, "the example sets the defaults except the two folders")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for key in ["stateDirectory", "rulesDirectory", "listen", "tokenFile", "readTokenFile", "maxBodyBytes",
                    "queueCapacity", "spoolIntervalSeconds", "spoolSettleSeconds", "checkpointIntervalSeconds",
                    "tickIntervalSeconds"] {
            #expect(text.contains("\n" + key + ":") || text.contains("\n# " + key + ":"), "\(key) is not documented")
        }
    }
}
