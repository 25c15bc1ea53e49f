import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import VedettaCore
import VedettaStore
import VedettaTesting
@testable import VedettaDaemon

/// The ingest routes in process, with no consumer draining the queue: limits are deterministic.
@Suite struct HTTPIngestTests {
    func makeApp(queueCapacity: Int, maxBody: Int = 1 << 20) throws -> (some ApplicationProtocol, EngineQueue, EventStore) {
        let store = try EventStore(directory: Fixtures.temporaryDirectory("http"))
        let queue = EngineQueue(capacity: queueCapacity)
        let tokens = BearerToken()
        tokens.set(write: "0123456789abcdef-write", read: "0123456789abcdef-read")
        let router = HTTPServer.router(.init(store: store, queue: queue, tokens: tokens, status: LoopStatus(),
                                             metrics: DaemonMetrics(), maxBodyBytes: maxBody))
        return (Application(router: router), queue, store)
    }

    static func body(_ n: Int, from: Int = 0) -> ByteBuffer {
        ByteBuffer(string: (from..<from + n).map {
            TicketEvent(ticket: "T-\($0)", type: .opened, at: Timestamp(seconds: 1_700_000_000 + Int64($0)), text: "x").jsonLine
        }.joined(separator: "\n"))
    }

    static let auth: HTTPFields = [.authorization: "Bearer 0123456789abcdef-write"]

    @Test func fullQueueAnswers429WithRetryAfterAndStoresNothing() async throws {
        let (app, queue, store) = try makeApp(queueCapacity: 5)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/events", method: .post, headers: Self.auth, body: Self.body(5)) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/v1/events", method: .post, headers: Self.auth, body: Self.body(2, from: 5)) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[.retryAfter] == "1")
            }
        }
        #expect(queue.depth == 5)
        #expect(try store.count() == 5, "a refused batch is not stored: the client resends it")
    }

    @Test func bodyOverTheLimitAnswers413() async throws {
        let (app, _, store) = try makeApp(queueCapacity: 1000, maxBody: 1000)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/events", method: .post, headers: Self.auth, body: Self.body(50)) { response in
                #expect(response.status == .contentTooLarge)
            }
        }
        #expect(try store.count() == 0)
    }

    @Test func readTokenCannotWrite() async throws {
        let (app, _, _) = try makeApp(queueCapacity: 10)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/events", method: .post,
                                     headers: [.authorization: "Bearer 0123456789abcdef-read"], body: Self.body(1)) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func nothingAcceptableAnswers400WithEachReason() async throws {
        let (app, _, _) = try makeApp(queueCapacity: 10)
        try await app.test(.router) { client in
            let body = ByteBuffer(string: "{\"ticket\":\"A\"}\nnot json\n")
            try await client.execute(uri: "/v1/events", method: .post, headers: Self.auth, body: body) { response in
                #expect(response.status == .badRequest)
                let text = String(buffer: response.body)
                #expect(text.contains("\"line\":1,\"field\":\"type\""))
                #expect(text.contains("\"line\":2,\"reason\":\"malformed JSON"))
            }
        }
    }

    /// An event stamped years after its arrival (a wrong year at the source) is refused with a line error on
    /// `at`; the rest of the batch is stored.
    @Test func anEventStampedFarAheadIsRefusedNamingItsLineAndField() async throws {
        let (app, queue, store) = try makeApp(queueCapacity: 10)
        let now = Timestamp.wallClock()
        let lines = [
            TicketEvent(ticket: "T-1", type: .opened, at: now.adding(.minutes(-5)), text: "x").jsonLine,
            TicketEvent(ticket: "T-2", type: .opened, at: now.adding(.days(36 * 365)), text: "x").jsonLine,
            TicketEvent(ticket: "T-3", type: .opened, at: now.adding(.minutes(30)), text: "x").jsonLine,
        ]
        try await app.test(.router) { client in
            let body = ByteBuffer(string: lines.joined(separator: "\n"))
            try await client.execute(uri: "/v1/events", method: .post, headers: Self.auth, body: body) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains("\"stored\":2"), "\(text)")
                #expect(text.contains("\"line\":2,\"field\":\"at\""), "\(text)")
                #expect(text.contains(" years after the event arrived"), "\(text)")
            }
        }
        #expect(queue.depth == 2)
        #expect(try store.count() == 2)
    }
}

@Suite struct EngineQueueTests {
    @Test func producerWaitsForRoomAndConsumerDrainsAfterFinish() async throws {
        let queue = EngineQueue(capacity: 4)
        let events = (1...4).map { (seq: Int64($0), event: TicketEvent(ticket: "T\($0)", type: .opened, at: Timestamp(seconds: 0), text: "x")) }
        await queue.enqueue(events)
        let producer = Task { await queue.enqueue([(seq: 5, event: events[0].event)]) }
        let first = await queue.next(max: 10)
        #expect(first?.map(\.seq) == [1, 2, 3, 4])
        await producer.value
        queue.finish()
        #expect(await queue.next(max: 10)?.map(\.seq) == [5])
        #expect(await queue.next(max: 10) == nil)
    }

    @Test func pokeWakesTheConsumerWithAnEmptyBatch() async {
        let queue = EngineQueue(capacity: 4)
        let consumer = Task { await queue.next(max: 10) }
        queue.poke()
        let batch = await consumer.value
        #expect(batch?.isEmpty == true)
    }
}
