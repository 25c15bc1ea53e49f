import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import VedettaCore
import VedettaReports
import VedettaStore
import VedettaTesting
@testable import VedettaDaemon

/// The web view in process (live HTTP on 127.0.0.1), and the HTML report and pages in headless Chromium.
@Suite struct WebViewTests {
    static let token = "0123456789abcdef-read"

    static func makeApp() throws -> (some ApplicationProtocol, String) {
        let state = Fixtures.temporaryDirectory("web")
        let store = try ReportFixture.makeStore(in: state)
        let reports = state + "/reports"
        try FileManager.default.createDirectory(atPath: reports, withIntermediateDirectories: true)
        let data = try ReportBuilder(store: store, rules: ReportFixture.rules).build(ReportFixture.day)
        try HTMLReportRenderer(language: .italian).render(data).write(toFile: reports + "/daily-2026-03-03.it.html",
                                                                       atomically: true, encoding: .utf8)
        let tokens = BearerToken()
        tokens.set(write: "0123456789abcdef-write", read: token)
        let context = WebView.Context(store: store, reportsDirectory: reports, rules: { ReportFixture.rules },
                                      authorize: { tokens.allowsRead($0) },
                                      now: { ReportFixture.t("2026-03-04T09:00:00+01:00") })
        let router = Router()
        WebView.register(router: router, context: context)
        return (Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))), state)
    }

    static let auth: HTTPFields = [.authorization: "Bearer \(token)"]

    @Test func pagesAndAPINeedTheTokenAndRedactUserText() async throws {
        let (app, _) = try Self.makeApp()
        try await app.test(.router) { client in
            try await client.execute(uri: "/", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/api/v1/incidents", method: .get,
                                     headers: [.authorization: "Bearer wrong-token-0123456"]) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: "/?token=\(Self.token)", method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/")
                #expect(response.headers[.setCookie]?.contains("HttpOnly") == true)
            }
            try await client.execute(uri: "/", method: .get, headers: [.cookie: "vedetta_token=\(Self.token)"]) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("href=\"/incidents/INC-20260303-0001\""))
                #expect(html.contains("href=\"/clusters/C-503\""))
            }
            try await client.execute(uri: "/incidents/INC-20260303-0001", method: .get, headers: Self.auth) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(html.contains("&lt;b&gt;bloccato&lt;/b&gt;") && !html.contains("<b>bloccato"))
                #expect(!html.contains("mario.rossi@example.com") && html.contains("[EMAIL]"))
            }
            try await client.execute(uri: "/clusters/C-503", method: .get, headers: Self.auth) { response in
                let html = String(buffer: response.body)
                #expect(!html.contains("RSSMRA80A01H501U") && html.contains("[CF]"))
                #expect(html.contains("Servizio ripristinato alle 11:40"))
            }
            try await client.execute(uri: "/incidents/NOPE", method: .get, headers: Self.auth) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/reports/", method: .get, headers: Self.auth) { response in
                #expect(String(buffer: response.body).contains("href=\"/reports/daily-2026-03-03.it.html\""))
            }
            try await client.execute(uri: "/reports/..%2Fvedetta.db", method: .get, headers: Self.auth) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/api/v1/incidents/INC-20260303-0001", method: .get, headers: Self.auth) { response in
                let summary = try JSONDecoder().decode(ReportData.IncidentSummary.self, from: Data(buffer: response.body))
                #expect(summary.lead.basis == "escalation" && summary.lead.minutes == 107)
            }
            try await client.execute(uri: "/api/v1/clusters", method: .get, headers: Self.auth) { response in
                let clusters = try JSONDecoder().decode([ClusterRecord].self, from: Data(buffer: response.body))
                #expect(clusters.map(\.id) == ["C-503", "C-allegati", "C-spid", "C-stampante"])
                #expect(!String(buffer: response.body).contains("mario.rossi"))
            }
            try await client.execute(uri: "/api/v1/report?from=2026-03-03&to=2026-03-03", method: .get, headers: Self.auth) { response in
                let data = try JSONDecoder().decode(ReportData.self, from: Data(buffer: response.body))
                #expect(data.period.kind == .day && data.totals.tickets == 22)
            }
            try await client.execute(uri: "/api/v1/report?from=yesterday", method: .get, headers: Self.auth) {
                #expect($0.status == .badRequest)
            }
        }
    }

    static var chromium: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test(.enabled(if: chromium != nil, "no Chromium on this machine"))
    func reportAndPagesRenderInHeadlessChromium() async throws {
        let (app, state) = try Self.makeApp()
        let shots = state + "/shots"
        try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let base = "http://127.0.0.1:\(port)"
            let targets: [(String, String, String)] = [
                ("report", "file://\(state)/reports/daily-2026-03-03.it.html", "Rapporto Vedetta 2026-03-03"),
                ("home", "\(base)/?token=\(Self.token)", "INC-20260303-0001"),
                ("incident", "\(base)/incidents/INC-20260303-0001?token=\(Self.token)", "Primo allarme"),
                ("cluster", "\(base)/clusters/C-503?token=\(Self.token)", "Soluzioni note"),
                ("reports", "\(base)/reports/?token=\(Self.token)", "daily-2026-03-03.it.html"),
            ]
            for (name, url, expected) in targets {
                let png = shots + "/\(name).png"
                let shot = try await Chromium.run(["--screenshot=\(png)", "--window-size=1280,2000",
                                                   "--enable-logging=stderr", "--v=0", url])
                #expect(!shot.stderr.contains("Uncaught") && !shot.stderr.contains("console.error"),
                        "\(name): console error:\n\(shot.stderr)")
                let distinct = try Chromium.distinctPixels(png)
                #expect(distinct > 10, "\(name): blank screenshot (\(distinct) distinct pixel values)")
                let dom = try await Chromium.run(["--dump-dom", url])
                #expect(dom.stdout.contains(expected), "\(name): the rendered DOM lacks \(expected)")
                if name == "report", ProcessInfo.processInfo.environment["VEDETTA_RECORD_GOLDEN"] == "1" {
                    let docs = Fixtures.repositoryRoot() + "/docs"
                    try? FileManager.default.createDirectory(atPath: docs, withIntermediateDirectories: true)
                    _ = try? FileManager.default.removeItem(atPath: docs + "/report.png")
                    try FileManager.default.copyItem(atPath: png, toPath: docs + "/report.png")
                }
            }
        }
    }
}

/// Runs headless Chromium and decodes its PNG screenshots just enough to tell a blank page from a real one.
enum Chromium {
    struct Output {
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String]) async throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: WebViewTests.chromium!)
        let scratch = Fixtures.temporaryDirectory("chromium")
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                             "--user-data-dir=\(scratch)/profile", "--no-first-run"] + arguments
        // Files, not pipes: Chromium's helper processes inherit the descriptors and may outlive it, and nothing
        // here may block a thread of the cooperative pool that also runs the web view under test.
        FileManager.default.createFile(atPath: scratch + "/out", contents: nil)
        FileManager.default.createFile(atPath: scratch + "/err", contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: scratch + "/out")
        process.standardError = FileHandle(forWritingAtPath: scratch + "/err")
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            process.terminationHandler = { _ in continuation.resume() }
            do { try process.run() } catch { continuation.resume() }
        }
        func read(_ name: String) -> String {
            FileManager.default.contents(atPath: scratch + "/" + name).map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
        return Output(stdout: read("out"), stderr: read("err"))
    }

    /// Distinct RGB(A) pixel values of a PNG (decoded by python3's zlib: Foundation has no PNG decoder here).
    static func distinctPixels(_ path: String) throws -> Int {
        let script = """
            import sys, zlib, struct
            d = open(sys.argv[1], 'rb').read()
            assert d[:8] == b'\\x89PNG\\r\\n\\x1a\\n'
            pos, idat, w, h, ct = 8, b'', 0, 0, 0
            while pos < len(d):
                n, t = struct.unpack('>I4s', d[pos:pos+8]); c = d[pos+8:pos+8+n]; pos += 12 + n
                if t == b'IHDR': w, h, bd, ct = struct.unpack('>IIBB', c[:10])
                if t == b'IDAT': idat += c
            raw = zlib.decompress(idat); bpp = {2: 3, 6: 4, 0: 1, 4: 2}[ct]; stride = w * bpp
            prev = bytearray(stride); seen = set()
            for y in range(h):
                f = raw[y*(stride+1)]; line = bytearray(raw[y*(stride+1)+1:(y+1)*(stride+1)])
                for i in range(stride):
                    a = line[i-bpp] if i >= bpp else 0; b = prev[i]; c = prev[i-bpp] if i >= bpp else 0
                    if f == 1: line[i] = (line[i] + a) & 255
                    elif f == 2: line[i] = (line[i] + b) & 255
                    elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
                    elif f == 4:
                        p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                        line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
                if y % 4 == 0:
                    for x in range(0, stride, bpp * 4): seen.add(bytes(line[x:x+bpp]))
                prev = line
            print(len(seen))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Int(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }
}
