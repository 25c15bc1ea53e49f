import Foundation
import Testing
@testable import VedettaCore

/// New error codes count only when the report being placed quotes one (`ClusteringConfiguration.codeShareFloor`),
/// and which codes are new (`CodeNovelty`).
@Suite struct CodeShareTests {
    /// Minutes after the stream's first report when its warm-up (48 hours) is over.
    static let afterWarmUp: Int64 = 49 * 60

    /// A failure's reports: three quote its code, a fourth describes it without.
    static func failure(code: String, at minutes: Int64) -> [TicketEvent] {
        [
            opened("A", "invi denunc blocc firm portal #\(code)", minutes: minutes),
            opened("B", "invi denunc blocc firm sped #\(code)", minutes: minutes + 1),
            opened("C", "invi denunc blocc portal sped #\(code)", minutes: minutes + 2),
            opened("D", "invi denunc blocc oggi ancor nient nuov", minutes: minutes + 3),
        ]
    }

    /// Three people quote a code new to the stream, a fourth describes the failure without it. The code's weight
    /// (2.5 times a word's) made up most of the centroid, so the fourth report, sharing two of its words, fell
    /// under the join threshold and seeded a cluster of its own (the scenarios' failures split in two this way:
    /// those who copied the code, and the rest).
    @Test func aReportWithoutTheNewCodeJoinsTheClusterOfThoseWhoQuoteIt() throws {
        var codesAlwaysCount = ClusteringConfiguration()
        codesAlwaysCount.codeShareFloor = 0
        var before = LexicalClusterer(configuration: codesAlwaysCount)
        var now = LexicalClusterer()
        for report in [opened("W", "orar sportell sed")] + Self.failure(code: "E503", at: Self.afterWarmUp) {
            _ = before.feed(report)
            _ = now.feed(report)
        }
        let cluster = try #require(now.clusterID(ofTicket: "A"))
        #expect(before.clusterID(ofTicket: "B") == before.clusterID(ofTicket: "A"))
        #expect(before.clusterID(ofTicket: "D") != before.clusterID(ofTicket: "A"))
        #expect(now.clusterID(ofTicket: "D") == cluster)
        let why = try #require(now.membership(ticket: "D"))
        #expect(why.sharedCodes.isEmpty)
        #expect(Set(why.sharedTerms) == ["invi", "denunc", "blocc"])
        // The code still labels the cluster and counts the tickets that quote it.
        #expect(now.cluster(id: cluster)?.errorCodes == [LabelCount(label: "E503", count: 3)])
    }

    /// A code quoted in the stream's first two days is an everyday code (a payment form, say): it keeps the
    /// topics that quote it apart from those that do not, as before the rule.
    @Test func aCodeQuotedDuringTheWarmUpAlwaysCounts() throws {
        var c = LexicalClusterer()
        _ = c.feed(opened("W", "pagament modell #F24", minutes: 0))
        for report in Self.failure(code: "F24", at: Self.afterWarmUp) { _ = c.feed(report) }
        #expect(c.codeNovelty.current.isEmpty)
        #expect(c.clusterID(ofTicket: "B") == c.clusterID(ofTicket: "A"))
        #expect(c.clusterID(ofTicket: "D") != c.clusterID(ofTicket: "A"))
    }

    /// A new code becomes an everyday one `newCodeAge` after it was first seen: the cluster's code mass is
    /// rewritten, and the rule no longer applies to it.
    @Test func aNewCodeBecomesAnEverydayCodeWithAge() throws {
        // Clusters kept past the code's age, so that the failure's cluster is still there to show it.
        var configuration = ClusteringConfiguration()
        configuration.retirementHorizon = .days(7)
        var c = LexicalClusterer(configuration: configuration)
        _ = c.feed(opened("W", "orar sportell sed"))
        for report in Self.failure(code: "E503", at: Self.afterWarmUp) { _ = c.feed(report) }
        let code = try #require(c.featurizer.vocabulary.id(of: "#E503"))
        #expect(c.codeNovelty.current == [code])
        #expect(c.clusters.isNewCode(code))
        let seq = try #require(OnlineClusterer<LexicalFeaturizer>.seq(c.clusterID(ofTicket: "A")!))
        // Only the failure's cluster counted the code: only it is rewritten when the code ages.
        #expect(c.clusters.newCodeHolders == [code: [seq]])
        #expect(try #require(c.clusters.withCentroid(seq) { $1.codeNorm2 }) > 0)
        // Still new just before its age, everyday after it (checked on event time, hourly).
        _ = c.advance(to: t0.adding(.minutes(Self.afterWarmUp + 3 * 1440 - 60)))
        #expect(c.codeNovelty.current == [code])
        _ = c.advance(to: t0.adding(.minutes(Self.afterWarmUp + 3 * 1440 + 61)))
        #expect(c.codeNovelty.current.isEmpty)
        #expect(!c.clusters.isNewCode(code))
        #expect(c.clusters.withCentroid(seq) { $1.codeNorm2 } == 0)
        #expect(c.clusters.newCodeHolders.isEmpty)
    }

    /// `CodeNovelty` on its own: the warm-up, a code's first sighting, its age, and a code forgotten after
    /// `newCodeMemory` that comes back new (and may be held by a centroid).
    @Test func noveltyFollowsWarmUpAgeAndMemory() {
        let configuration = ClusteringConfiguration()
        var novelty = CodeNovelty()
        novelty.begin(at: t0)
        #expect(novelty.observe(1, at: t0.adding(.hours(47)), configuration) == .unchanged)
        #expect(novelty.observe(2, at: t0.adding(.hours(48)), configuration) == .becameNew(held: false))
        #expect(novelty.observe(2, at: t0.adding(.hours(50)), configuration) == .unchanged)
        #expect(novelty.current == [2])
        #expect(novelty.expire(at: t0.adding(.hours(48 + 72)), configuration).isEmpty)
        #expect(novelty.expire(at: t0.adding(.hours(48 + 73)), configuration) == [2])
        #expect(novelty.current.isEmpty)
        // Code 1, everyday, unseen for more than three weeks: forgotten, so new when it comes back.
        #expect(novelty.observe(1, at: t0.adding(.hours(47 + 21 * 24 + 1)), configuration) == .becameNew(held: true))
        // Quoted within the memory, an everyday code stays everyday.
        #expect(novelty.observe(2, at: t0.adding(.hours(48 + 21 * 24)), configuration) == .unchanged)
    }

    /// A corrupt checkpoint whose record names one code twice fails to decode (the daemon then rebuilds from its
    /// log) rather than trapping.
    @Test func aRecordNamingACodeTwiceFailsToDecode() throws {
        var novelty = CodeNovelty()
        _ = novelty.observe(5, at: t0, ClusteringConfiguration())
        let round = try JSONDecoder().decode(CodeNovelty.self, from: JSONEncoder().encode(novelty))
        #expect(round == novelty)
        var object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(novelty)) as? [String: Any])
        object["ids"] = [5, 5]
        object["histories"] = (object["histories"] as? [Any]).map { $0 + $0 }
        let corrupt = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(CodeNovelty.self, from: corrupt) }
    }

    /// The rule itself, on a hand-made centroid: words 0.6 and 0.8 on ids 1 and 2, new code 2.0 on id 9.
    @Test func newCodesCountOnlyWhenTheReportQuotesOne() {
        let entries = [ClusterTable.Entry(id: 1, weight: 0.6), ClusterTable.Entry(id: 2, weight: 0.8),
                       ClusterTable.Entry(id: 9, weight: 2.0)]
        let norm2: Float = 0.36 + 0.64 + 4
        let coded = ClusterTable.Hot(norm: norm2.squareRoot(), size: 3, service: ClusterTable.noService, count: 3,
                                     codeNorm2: 4)
        let isCode: (UInt32) -> Bool = { $0 == 9 || $0 == 8 }
        entries.withUnsafeBufferPointer { centroid in
            func cosine(_ v: SparseVector, _ cluster: ClusterTable.Hot, floor: Float = 0.05) -> Float {
                ClusterTable.cosine(dot: v.dot(SparseVector(sortedIDs: [1, 2, 9], weights: [0.6, 0.8, 2.0])),
                                    query: CodeProfile(v, isCode: isCode), cluster: cluster, centroid: centroid,
                                    floor: floor)
            }
            let words = SparseVector(sortedIDs: [1, 2], weights: [0.6, 0.8])
            // Without a code the report meets the centroid's words only: the same direction, cosine 1.
            #expect(abs(cosine(words, coded) - 1) < 1e-6)
            // With codes always counted, the centroid's code mass keeps it at |words| / |centroid|.
            #expect(abs(cosine(words, coded, floor: 0) - 1 / norm2.squareRoot()) < 1e-6)
            // Both quote the same code: the plain cosine.
            let same = SparseVector(sortedIDs: [1, 2, 9], weights: [0.6, 0.8, 2.0]).normalized()
            #expect(abs(cosine(same, coded) - 1) < 1e-6)
            // Both quote codes, different ones: the plain cosine, which the difference lowers.
            let other = SparseVector(sortedIDs: [1, 2, 8], weights: [0.6, 0.8, 2.0]).normalized()
            #expect(abs(cosine(other, coded) - 1 / norm2) < 1e-6)
            // A report whose code holds under the floor's share of its norm quotes none: codes are left out.
            #expect(abs(cosine(other, coded, floor: 0.9) - 1) < 1e-6)
        }
        // Nobody quotes a code: exactly dot / norm, whatever the floor.
        let plain = ClusterTable.Hot(norm: 2, size: 1, service: ClusterTable.noService, count: 0)
        #expect(ClusterTable.cosine(dot: 0.7, query: CodeProfile(), cluster: plain,
                                    centroid: UnsafeBufferPointer(start: nil, count: 0), floor: 0.05) == 0.35)
    }

    /// A second look judges a ticket against its cluster without it by the same rule as a placement: the fast
    /// path (`cosineWithout`, on the hot copy) equals the rule applied to the centroid rebuilt without the ticket.
    @Test func aSecondLookTakesTheTicketOutUnderTheSameRule() throws {
        var c = LexicalClusterer()
        _ = c.feed(opened("W", "orar sportell sed"))
        for (i, (id, text)) in [("A", "invi denunc blocc firm portal #E503"), ("B", "invi denunc blocc firm sped #E503"),
                                ("C", "invi denunc blocc portal sped"), ("D", "invi denunc blocc firm #E503")].enumerated() {
            _ = c.feed(opened(id, text, minutes: Self.afterWarmUp + Int64(i)))
        }
        let seq = try #require(OnlineClusterer<LexicalFeaturizer>.seq(c.clusterID(ofTicket: "A")!))
        #expect(c.clusterID(ofTicket: "C") == c.clusterID(ofTicket: "A"))
        let floor = c.configuration.codeShareFloor
        for ticket in ["C", "D"] {
            let state = try #require(c.tickets[TicketKey(ticket)])
            let query = c.profile(state.vector)
            let fast = try #require(c.clusters.withCentroid(seq) {
                OnlineClusterer<LexicalFeaturizer>.cosineWithout(state.vector, query, $0, header: $1, floor: floor)
            })
            var without = ClusterTable()
            var rest = try #require(c.clusters[seq])
            rest.centroid = rest.centroid.adding(state.vector, scale: -1)
            rest.centroidNorm = rest.centroid.norm
            for id in rest.centroid.ids where c.clusters.isNewCode(id) { without.markNewCode(id) }
            without[seq] = rest
            let expected = try #require(without.cosine(state.vector, query, to: seq, floor: floor))
            #expect(abs(fast - expected) < 1e-5, "ticket \(ticket): \(fast) against \(expected)")
        }
    }

    /// A checkpoint taken while a code is new, or after it aged, restores the same novelty: the clusterer goes
    /// on exactly as an uninterrupted one.
    @Test func checkpointKeepsWhichCodesAreNew() throws {
        var stream: [(TicketEvent, String?)] = []
        var minutes: Int64 = 0
        for i in 0..<40 {
            // Everyday traffic over the warm-up, with an everyday code.
            stream.append((opened("W\(i)", i % 2 == 0 ? "pagament modell #F24 scadenz" : "orar sportell sed",
                                  minutes: minutes, requester: "r\(i)"), "svc"))
            minutes += 90
        }
        for i in 0..<12 {
            let text = i % 3 == 0 ? "invi denunc blocc firm" : "invi denunc blocc firm portal #E503"
            stream.append((opened("F\(i)", text, minutes: minutes, requester: "f\(i)"), "svc"))
            minutes += 7
        }
        minutes += 4 * 1440
        for i in 0..<8 {
            stream.append((opened("L\(i)", i % 2 == 0 ? "invi denunc blocc" : "invi denunc #E503 sped",
                                  minutes: minutes, requester: "l\(i)"), "svc"))
            minutes += 30
        }
        let (straight, _) = try expectCheckpointContinuity(ClusteringConfiguration(), stream,
                                                           cuts: [20, 45, 52, 56], compareClusters: true)
        #expect(straight.codeNovelty.current.isEmpty)
        #expect(straight.codeNovelty.histories.count == 2)
    }

    /// A checkpoint written before the rule has no record of codes: the codes its clusters and tickets hold are
    /// everyday ones (as those a stream starts with), and the warm-up starts again from the restored time.
    @Test func aCheckpointFromBeforeTheRuleTreatsItsCodesAsEveryday() throws {
        var c = LexicalClusterer()
        _ = c.feed(opened("W", "orar sportell sed"))
        for report in Self.failure(code: "E503", at: Self.afterWarmUp) { _ = c.feed(report) }
        #expect(c.codeNovelty.current.count == 1)
        var object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(c)) as? [String: Any])
        #expect(object.removeValue(forKey: "codeNovelty") != nil)
        var restored = try JSONDecoder().decode(LexicalClusterer.self, from: JSONSerialization.data(withJSONObject: object))
        let code = try #require(restored.featurizer.vocabulary.id(of: "#E503"))
        #expect(restored.codeNovelty.current.isEmpty)
        #expect(restored.codeNovelty.start == restored.now)
        #expect(restored.codeNovelty.histories[code] == CodeNovelty.History(first: restored.now, last: restored.now))
        #expect(!restored.clusters.isNewCode(code))
        let seq = try #require(OnlineClusterer<LexicalFeaturizer>.seq(restored.clusterID(ofTicket: "A")!))
        #expect(restored.clusters.withCentroid(seq) { $1.codeNorm2 } == 0)
        // A code first quoted after the restored warm-up is new.
        let later = Self.afterWarmUp + 3 + Self.afterWarmUp
        _ = restored.feed(opened("N", "invi denunc blocc #E777", minutes: later))
        let new = try #require(restored.featurizer.vocabulary.id(of: "#E777"))
        #expect(restored.codeNovelty.current == [new])
    }
}
