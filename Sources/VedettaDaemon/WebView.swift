import Foundation
import Hummingbird
import NIOCore
import VedettaCore
import VedettaReports
import VedettaStore

/// The read-only web view: current incidents and clusters, an incident's timeline, a cluster's reports, the
/// written reports, and a JSON API under `/api/v1/`. Plain HTML without scripts; every user text redacted and
/// escaped.
///
/// Access needs the bearer token (or the read token): as an `Authorization: Bearer` header (API clients), or,
/// for a browser, once as `?token=` — answered with a redirect that stores it in an HttpOnly, SameSite=Strict
/// cookie, so the token leaves the address bar at once.
public enum WebView {
    /// What the routes need.
    public struct Context: Sendable {
        /// The store read.
        public var store: EventStore
        /// The folder of written reports (`<state>/reports`).
        public var reportsDirectory: String
        /// Current rules (names, notices).
        public var rules: @Sendable () -> RuleSet
        /// Zone of displayed times.
        public var zone: ZoneRule
        /// Language of the pages.
        public var language: Language
        /// Whether an `Authorization` header value grants reading (e.g. `BearerToken.allowsRead`).
        public var authorize: @Sendable (String?) -> Bool
        /// The wall clock (for "recent" clusters).
        public var now: @Sendable () -> Timestamp

        /// Creates a context.
        public init(store: EventStore, reportsDirectory: String, rules: @escaping @Sendable () -> RuleSet = { .empty },
                    zone: ZoneRule = .rome, language: Language = .italian,
                    authorize: @escaping @Sendable (String?) -> Bool,
                    now: @escaping @Sendable () -> Timestamp = { Timestamp.wallClock() }) {
            self.store = store
            self.reportsDirectory = reportsDirectory
            self.rules = rules
            self.zone = zone
            self.language = language
            self.authorize = authorize
            self.now = now
        }
    }

    static let cookieName = "vedetta_token"

    /// Registers the pages and the API on `router`.
    public static func register(router: Router<BasicRequestContext>, context: Context) {
        func guarded(_ path: RouterPath, json: Bool,
                     _ handler: @escaping @Sendable (Request, BasicRequestContext) async throws -> Response) {
            router.get(path) { request, requestContext -> Response in
                if let redirect = tokenRedirect(request, context: context) { return redirect }
                guard authorized(request, context: context) else { return unauthorized(json: json) }
                do {
                    return try await handler(request, requestContext)
                } catch let error as StoreError {
                    return json ? jsonResponse(.internalServerError, ["error": error.message])
                        : html(.internalServerError, page(context, title: "Error", body: "<p>\(HTMLText.escape(error.message))</p>"))
                }
            }
        }
        guarded("/", json: false) { _, _ in html(.ok, try WebPages(context).home()) }
        guarded("/incidents/{id}", json: false) { _, c in
            try WebPages(context).incident(id: c.parameters.get("id") ?? "")
        }
        guarded("/clusters/{id}", json: false) { _, c in
            try WebPages(context).cluster(id: c.parameters.get("id") ?? "")
        }
        guarded("/reports", json: false) { _, _ in html(.ok, WebPages(context).reports()) }
        guarded("/reports/{name}", json: false) { _, c in WebPages(context).reportFile(name: c.parameters.get("name") ?? "") }
        guarded("/api/v1/incidents", json: true) { _, _ in try WebAPI(context).incidents() }
        guarded("/api/v1/incidents/{id}", json: true) { _, c in try WebAPI(context).incident(id: c.parameters.get("id") ?? "") }
        guarded("/api/v1/clusters", json: true) { _, _ in try WebAPI(context).clusters() }
        guarded("/api/v1/clusters/{id}", json: true) { _, c in try WebAPI(context).cluster(id: c.parameters.get("id") ?? "") }
        guarded("/api/v1/report", json: true) { request, _ in
            try WebAPI(context).report(from: request.uri.queryParameters.get("from"),
                                       to: request.uri.queryParameters.get("to"))
        }
    }

    /// A valid `?token=` becomes a cookie and a redirect to the same path without it.
    static func tokenRedirect(_ request: Request, context: Context) -> Response? {
        guard let token = request.uri.queryParameters.get("token"), context.authorize("Bearer " + token) else { return nil }
        var headers: HTTPFields = [.location: request.uri.path]
        headers[.setCookie] = "\(cookieName)=\(token); Path=/; HttpOnly; SameSite=Strict"
        return Response(status: .seeOther, headers: headers)
    }

    static func authorized(_ request: Request, context: Context) -> Bool {
        if context.authorize(request.headers[.authorization]) { return true }
        if let cookie = request.cookies[cookieName]?.value, context.authorize("Bearer " + cookie) { return true }
        return false
    }

    static func unauthorized(json: Bool) -> Response {
        var response = json ? jsonResponse(.unauthorized, ["error": "missing or wrong bearer token"])
            : html(.unauthorized, HTMLPage.document(
                title: "Vedetta", language: "en", header: "<h1>Vedetta</h1>",
                body: "<p>Authentication required: send the read token as a bearer token, or open this page once with <code>?token=…</code>.</p>"))
        response.headers[.wwwAuthenticate] = "Bearer realm=\"vedetta\""
        return response
    }

    static func html(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8",
                                           .init("Content-Security-Policy")!: "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:",
                                           .init("X-Content-Type-Options")!: "nosniff"],
                 body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func jsonResponse(_ status: HTTPResponse.Status, _ value: some Encodable) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: body + "\n")))
    }

    static func page(_ context: Context, title: String, body: String) -> String {
        let header = "<h1><a href=\"/\">Vedetta</a> · \(HTMLText.escape(title))</h1>"
            + "<p><a href=\"/\">\(context.language == .english ? "Incidents and clusters" : "Incidenti e cluster")</a> · "
            + "<a href=\"/reports/\">\(context.language == .english ? "Reports" : "Rapporti")</a></p>"
        return HTMLPage.document(title: "Vedetta · " + title, language: context.language.rawValue, header: header, body: body)
    }
}
