import Foundation
import Hummingbird
import Logging
import NIOCore
import VedettaCore
import VedettaIngest
import VedettaStore

/// The HTTP face of the daemon: event ingest, health, metrics (and, from the reports issue on, the read-only
/// web view). Built as a Hummingbird application that runs as one service of the group.
public enum HTTPServer {
    /// Everything the routes need.
    public struct Context: Sendable {
        /// The event store.
        public var store: EventStore
        /// The queue to the engine.
        public var queue: EngineQueue
        /// Token check.
        public var tokens: BearerToken
        /// Loop status, for health.
        public var status: LoopStatus
        /// Metrics registry.
        public var metrics: DaemonMetrics
        /// Largest accepted body.
        public var maxBodyBytes: Int
        /// How far after its arrival an event may be stamped.
        public var arrival: ArrivalWindow = .standard
        /// Extra routes (web view), registered by other parts of the daemon.
        public var extraRoutes: (@Sendable (Router<BasicRequestContext>) -> Void)?
    }

    /// Builds the router.
    public static func router(_ context: Context) -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/v1/events") { request, _ -> Response in
            try await ingest(request: request, context: context)
        }
        router.get("/healthz") { _, _ -> Response in
            let snapshot = context.status.snapshot
            let body = "{\"status\":\"\(snapshot.ready ? "ok" : "starting")\",\"seq\":\(snapshot.lastSeq),"
                + "\"queueDepth\":\(context.queue.depth),\"eventsPerSecond\":\(Int(snapshot.eventsPerSecond))}\n"
            return json(snapshot.ready ? .ok : .serviceUnavailable, body)
        }
        router.get("/metrics") { _, _ -> Response in
            context.metrics.queueDepth.set(Double(context.queue.depth))
            context.metrics.storeBytes.set(Double(context.store.sizeOnDisk()))
            context.metrics.activeClusters.set(Double(context.status.snapshot.activeClusters))
            for (severity, count) in context.status.snapshot.openIncidents {
                context.metrics.gauge("vedetta_open_incidents", [("severity", severity)], help: "Open incidents by severity.")
                    .set(Double(count))
            }
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                            body: .init(byteBuffer: ByteBuffer(bytes: context.metrics.render())))
        }
        context.extraRoutes?(router)
        return router
    }

    static func ingest(request: Request, context: Context) async throws -> Response {
        guard context.tokens.allowsWrite(request.headers[.authorization]) else {
            return json(.unauthorized, "{\"error\":\"missing or wrong bearer token\"}\n",
                        extra: [.wwwAuthenticate: "Bearer realm=\"vedetta\""])
        }
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: context.maxBodyBytes)
        } catch is NIOTooManyBytesError {
            context.metrics.rejected(source: "http", reason: "body-too-large", count: 1)
            return json(.contentTooLarge, "{\"error\":\"body larger than \(context.maxBodyBytes) bytes\"}\n")
        }
        let bytes = Array(buffer.readableBytesView)
        let receivedAt = Timestamp.wallClock()
        let (events, errors) = HTTPBatchDecoder.decode(bytes) { [arrival = context.arrival] event, line in
            arrival.check(event, receivedAt: receivedAt, source: "http", line: line)
        }
        context.metrics.rejected(source: "http", count: errors.count)
        for error in errors {
            context.metrics.rejected(source: "http", reason: error.field ?? "syntax", count: 1)
        }
        if events.isEmpty {
            return json(.badRequest, response(stored: 0, duplicates: 0, errors: errors))
        }
        // Reserve room in the engine's queue before storing: a full queue is answered now, nothing is dropped.
        guard context.queue.tryReserve(events.count) else {
            context.metrics.rejected(source: "http", reason: "queue-full", count: events.count)
            return json(.tooManyRequests, "{\"error\":\"the engine queue is full, retry later\"}\n",
                        extra: [.retryAfter: "1"])
        }
        let result: EventStore.AppendResult
        do {
            let started = ContinuousClock.now
            result = try context.store.append(events, source: "http", receivedAt: receivedAt)
            context.metrics.storeLatency(ContinuousClock.now - started)
        } catch {
            context.queue.enqueueReserved([], reserved: events.count)
            return json(.serviceUnavailable, "{\"error\":\(JSONText.quoted(error.description))}\n",
                        extra: [.retryAfter: "5"])
        }
        context.queue.enqueueReserved(result.inserted, reserved: events.count)
        context.metrics.accepted(source: "http", count: events.count)
        return json(.ok, response(stored: result.inserted.count, duplicates: result.duplicates, errors: errors))
    }

    static func response(stored: Int, duplicates: Int, errors: [EventParseError]) -> String {
        var out = "{\"accepted\":\(stored + duplicates),\"stored\":\(stored),\"duplicates\":\(duplicates),\"rejected\":["
        out += errors.map { error in
            var item = "{\"line\":\(error.line),"
            if let field = error.field { item += "\"field\":\(JSONText.quoted(field))," }
            item += "\"reason\":\(JSONText.quoted(error.reason))}"
            return item
        }.joined(separator: ",")
        return out + "]}\n"
    }

    static func json(_ status: HTTPResponse.Status, _ body: String, extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
