import Foundation
import Testing
import VedettaCore
import VedettaTesting
@testable import VedettaStore

/// The outbox state machine with a manual clock: due order, backoff schedule, dead letters, digests.
@Suite("Outbox")
struct OutboxTests {
    static let t0 = Timestamp(rfc3339: "2026-03-02T08:00:00Z")!

    static func incident(_ id: String, revision: Int = 1) -> Incident {
        Incident(id: id, revision: revision, state: revision == 1 ? .firing : .updated, severity: .major,
                 service: "svc", serviceName: "Servizio", owner: "uff-a", title: "errore 503",
                 firstSeen: t0, lastSeen: t0, openedAt: t0, updatedAt: t0.adding(.minutes(Int64(revision))),
                 counts: IncidentCounts(tickets: 5, requesters: 5, requesters15m: 5, requesters1h: 5, requesters4h: 5),
                 growth: 3, expectedPerHour: 1)
    }

    /// A store with `incidents` written through `ActionWriter` at `t0 + i s` (one file and one mail row each).
    static func store(_ incidents: [Incident], office: String = "uff-a") throws -> (EventStore, Outbox) {
        let store = try EventStore(directory: Fixtures.temporaryDirectory("outbox"))
        let writer = ActionWriter(store: store, channels: { _ in ["file", "mail"] })
        for (i, incident) in incidents.enumerated() {
            let change = IncidentChange(incident: incident, deliveries: [Delivery(office: office, route: "root")])
            try writer.write([.incident(change)], seq: Int64(i + 1), now: t0.adding(.seconds(Int64(i))))
        }
        return (store, Outbox(store: store))
    }

    /// The thread of a mail: the revisions of the same incident mailed before to the same office, without
    /// escalations (their own Message-IDs), other offices, other incidents or file rows.
    @Test func mailedRevisionsAreTheOfficesEarlierMails() throws {
        let store = try EventStore(directory: Fixtures.temporaryDirectory("outbox"))
        let writer = ActionWriter(store: store, channels: { office in office == "uff-files" ? ["file"] : ["file", "mail"] })
        let offices: [[Delivery]] = [
            [Delivery(office: "uff-a", route: "root"), Delivery(office: "uff-files", route: "root")],
            [Delivery(office: "uff-a", route: "root")],
            [Delivery(office: "uff-a", route: "root"), Delivery(office: "uff-b", route: "root"),
             Delivery(office: "uff-b", route: "root", escalation: true)],
            [Delivery(office: "uff-a", route: "root"), Delivery(office: "uff-b", route: "root")],
        ]
        for (i, deliveries) in offices.enumerated() {
            let change = IncidentChange(incident: Self.incident("INC-A", revision: i + 1), deliveries: deliveries)
            try writer.write([.incident(change)], seq: Int64(i + 1), now: Self.t0)
        }
        try writer.write([.incident(IncidentChange(incident: Self.incident("INC-B"), deliveries: [Delivery(office: "uff-b", route: "root")]))],
                         seq: 9, now: Self.t0)
        let outbox = Outbox(store: store)
        let revisions = { (office: String, before: Int) in
            try outbox.mailedRevisions(incident: "INC-A", office: office, before: before).map(\.revision)
        }
        #expect(try revisions("uff-a", 4) == [1, 2, 3])
        #expect(try revisions("uff-b", 4) == [3])
        #expect(try revisions("uff-b", 3) == [])
        #expect(try revisions("uff-files", 4) == [])

        // Revision 2 to uff-a goes out inside a digest: its row names the digest, the others none.
        #expect(try outbox.recordDigest(key: "digest:uff-a/abc", office: "uff-a", combining: ["mail:INC-A/2/uff-a"],
                                        at: Self.t0) == 1)
        #expect(try outbox.mailedRevisions(incident: "INC-A", office: "uff-a", before: 4)
                == [MailedRevision(revision: 1), MailedRevision(revision: 2, digest: "digest:uff-a/abc"),
                    MailedRevision(revision: 3)])
    }

    @Test func dueRowsComeOldestFirstAndOnlyWhenDue() throws {
        let (_, outbox) = try Self.store([Self.incident("INC-B"), Self.incident("INC-A")])
        #expect(try outbox.due(now: Self.t0.adding(.init(milliseconds: -1)), limit: 10).isEmpty)
        let due = try outbox.due(now: Self.t0.adding(.seconds(5)), limit: 10)
        #expect(due.map(\.key) == ["file:INC-B/1/uff-a", "mail:INC-B/1/uff-a", "file:INC-A/1/uff-a", "mail:INC-A/1/uff-a"])
        #expect(try outbox.due(now: Self.t0, limit: 10).map(\.key) == ["file:INC-B/1/uff-a", "mail:INC-B/1/uff-a"])
        #expect(try outbox.due(now: Self.t0.adding(.seconds(5)), limit: 1).count == 1)
        let payload = try due[0].decodedPayload()
        #expect(payload.incident.id == "INC-B")
        #expect(payload.delivery.office == "uff-a")
    }

    static let policy = OutboxRetryPolicy(base: .seconds(10), factor: 3, cap: .minutes(5), maxAttempts: 6)

    /// Failure n (1-based) → delay before the next attempt: 10 s × 3^(n−1), capped at 5 min; the 6th is dead.
    @Test(arguments: [(1, 10_000), (2, 30_000), (3, 90_000), (4, 270_000), (5, 300_000)])
    func backoffDelays(attempt: Int, milliseconds: Int64) {
        #expect(Self.policy.delay(afterAttempts: attempt).milliseconds == milliseconds)
    }

    @Test func transientFailuresBackOffThenDeadLetter() throws {
        let (_, outbox) = try Self.store([Self.incident("INC-A")])
        let key = "mail:INC-A/1/uff-a"
        var now = Self.t0
        let expectedDelays: [Int64] = [10_000, 30_000, 90_000, 270_000, 300_000]
        for (i, delay) in expectedDelays.enumerated() {
            let result = try outbox.markFailed(key: key, error: "451 try later", transient: true, now: now, policy: Self.policy)
            #expect(result == .retry(attempts: i + 1, nextAttemptAt: now.adding(.init(milliseconds: delay))))
            #expect(!(try outbox.due(now: now.adding(.init(milliseconds: delay - 1)), limit: 10).map(\.key).contains(key)))
            now = now.adding(.init(milliseconds: delay))
            #expect(try outbox.due(now: now, limit: 10).map(\.key).contains(key))
        }
        #expect(try outbox.markFailed(key: key, error: "451 again", transient: true, now: now, policy: Self.policy)
                == .dead(attempts: 6))
        let row = try #require(try outbox.row(key: key))
        #expect(row.state == .dead)
        #expect(row.attempts == 6)
        #expect(row.lastError == "451 again")
        #expect(try outbox.deadLetters(limit: 10).map(\.key) == [key])
        #expect(!(try outbox.due(now: now.adding(.days(30)), limit: 10).map(\.key).contains(key)))
        // A late result of a concurrent attempt never resurrects it.
        #expect(try outbox.markDelivered(key: key, at: now) == false)
        #expect(try outbox.markFailed(key: key, error: "x", transient: true, now: now, policy: Self.policy) == .notPending)
    }

    @Test func permanentFailureDeadLettersAtOnce() throws {
        let (_, outbox) = try Self.store([Self.incident("INC-A")])
        #expect(try outbox.markFailed(key: "mail:INC-A/1/uff-a", error: "550 no such user", transient: false,
                                      now: Self.t0, policy: Self.policy) == .dead(attempts: 1))
        #expect(try outbox.counts() == [
            OutboxCount(state: .dead, channel: "mail", count: 1),
            OutboxCount(state: .pending, channel: "file", count: 1),
        ])
    }

    @Test func deliveredRowsLeaveTheQueueAndCount() throws {
        let (_, outbox) = try Self.store([Self.incident("INC-A"), Self.incident("INC-A", revision: 2)])
        #expect(try outbox.markDelivered(key: "file:INC-A/1/uff-a", at: Self.t0))
        #expect(try outbox.markDelivered(key: "file:INC-A/1/uff-a", at: Self.t0) == false)
        #expect(try outbox.pendingFor(office: "uff-a").map(\.key)
                == ["mail:INC-A/1/uff-a", "file:INC-A/2/uff-a", "mail:INC-A/2/uff-a"])
        #expect(try outbox.pendingFor(office: "uff-a", channel: .mail).map(\.key) == ["mail:INC-A/1/uff-a", "mail:INC-A/2/uff-a"])
        #expect(try outbox.pendingFor(office: "other").isEmpty)
        #expect(try outbox.counts() == [
            OutboxCount(state: .delivered, channel: "file", count: 1),
            OutboxCount(state: .pending, channel: "file", count: 1),
            OutboxCount(state: .pending, channel: "mail", count: 2),
        ])
    }

    @Test func rewritingTheSameActionsAddsNoRows() throws {
        let (store, outbox) = try Self.store([Self.incident("INC-A")])
        try outbox.markDelivered(key: "mail:INC-A/1/uff-a", at: Self.t0)
        let writer = ActionWriter(store: store, channels: { _ in ["file", "mail"] })
        let change = IncidentChange(incident: Self.incident("INC-A"), deliveries: [Delivery(office: "uff-a", route: "root")])
        try writer.write([.incident(change)], seq: 1, now: Self.t0.adding(.hours(1)))
        #expect(try outbox.row(key: "mail:INC-A/1/uff-a")?.state == .delivered)
        #expect(try outbox.counts().reduce(0) { $0 + $1.count } == 2)
    }

    @Test func aDigestCountsAsOneMailAndMarksItsRowsDelivered() throws {
        let (_, outbox) = try Self.store((1...5).map { Self.incident("INC-\($0)") })
        try outbox.markDelivered(key: "mail:INC-1/1/uff-a", at: Self.t0.adding(.minutes(1)))
        let keys = (2...5).map { "mail:INC-\($0)/1/uff-a" }
        #expect(try outbox.recordDigest(key: "digest:uff-a/x", office: "uff-a", combining: keys,
                                        at: Self.t0.adding(.minutes(2))) == 4)
        // Recording it again changes nothing.
        #expect(try outbox.recordDigest(key: "digest:uff-a/x", office: "uff-a", combining: keys,
                                        at: Self.t0.adding(.minutes(3))) == 0)
        #expect(try outbox.pendingFor(office: "uff-a", channel: .mail).isEmpty)
        #expect(try outbox.mailsSent(office: "uff-a", since: Self.t0) == 2)
        #expect(try outbox.mailsSent(office: "uff-a", since: Self.t0.adding(.seconds(90))) == 1)
        #expect(try outbox.mailsSent(office: "uff-a", since: Self.t0.adding(.minutes(3))) == 0)
        #expect(try outbox.oldestMail(office: "uff-a", since: Self.t0) == Self.t0.adding(.minutes(1)))
        #expect(try outbox.row(key: "digest:uff-a/x")?.state == .delivered)
    }

    @Test func postponingDoesNotCountAnAttempt() throws {
        let (_, outbox) = try Self.store([Self.incident("INC-A")])
        try outbox.postpone(keys: ["mail:INC-A/1/uff-a"], until: Self.t0.adding(.minutes(30)))
        let row = try #require(try outbox.row(key: "mail:INC-A/1/uff-a"))
        #expect(row.attempts == 0)
        #expect(row.nextAttemptAt == Self.t0.adding(.minutes(30)))
        #expect(try outbox.due(now: Self.t0.adding(.minutes(29)), limit: 10).map(\.key) == ["file:INC-A/1/uff-a"])
    }

    @Test func storedRevisionsReadBack() throws {
        let (_, outbox) = try Self.store([Self.incident("INC-A"), Self.incident("INC-A", revision: 2)])
        #expect(try outbox.incidentRevision(id: "INC-A", revision: 1) == Self.incident("INC-A"))
        #expect(try outbox.incidentRevision(id: "INC-A", revision: 9) == nil)
    }
}
