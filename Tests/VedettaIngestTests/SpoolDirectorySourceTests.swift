import Foundation
import Logging
import Synchronization
import Testing
import VedettaCore
import VedettaStore
import VedettaTesting
@testable import VedettaIngest

final class RecordingSink: EventSink {
    let seen = Mutex<[Int64]>([])
    func enqueue(_ events: [(seq: Int64, event: TicketEvent)]) async { seen.withLock { $0 += events.map(\.seq) } }
    func tryReserve(_ count: Int) -> Bool { true }
    func enqueueReserved(_ events: [(seq: Int64, event: TicketEvent)], reserved: Int) {
        seen.withLock { $0 += events.map(\.seq) }
    }
}

@Suite struct SpoolDirectorySourceTests {
    let root = Fixtures.temporaryDirectory("spool")
    let store: EventStore
    let sink = RecordingSink()
    let spool: SpoolDirectorySource

    init() throws {
        store = try EventStore(directory: root)
        spool = try SpoolDirectorySource(root: root + "/spool", store: store, sink: sink, logger: Logger(label: "test"),
                                         batchSize: 100, settleTime: 0)
    }

    func line(_ i: Int) -> String {
        TicketEvent(ticket: "T-\(i)", type: .opened, at: Timestamp(seconds: 1_700_000_000 + Int64(i)), text: "testo \(i)").jsonLine
    }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: spool.incoming + "/" + name, atomically: true, encoding: .utf8)
    }

    @Test func goodFileGoesToDoneAndEventsReachTheSink() async throws {
        try write("a.jsonl", (0..<250).map(line).joined(separator: "\n"))
        let results = await spool.scanOnce()
        #expect(results.count == 1)
        #expect(results.first?.1.stored == 250)
        #expect(FileManager.default.fileExists(atPath: spool.done + "/a.jsonl"))
        #expect(sink.seen.withLock { $0 } == Array(1...250))
        // The same file again: every event is a duplicate, nothing stored twice.
        try write("a.jsonl", (0..<250).map(line).joined(separator: "\n"))
        let again = await spool.scanOnce()
        #expect(again.first?.1.duplicates == 250)
        #expect(try store.count() == 250)
        #expect(FileManager.default.fileExists(atPath: spool.done + "/a.jsonl"))
    }

    /// A line stamped more than the arrival window after the file is read is refused like a malformed one: the
    /// file goes to `failed/` with the line's error, and its other lines are stored.
    @Test func aLineStampedFarAheadOfItsArrivalGoesToTheErrorsFile() async throws {
        let read = Timestamp(seconds: 1_700_000_000)
        let spool = try SpoolDirectorySource(
            root: root + "/spool", store: store, sink: sink, logger: Logger(label: "test"), settleTime: 0,
            arrival: ArrivalWindow(maxAhead: .hours(1)), wallClock: { read })
        let ahead = TicketEvent(ticket: "T-9", type: .opened, at: read.adding(.hours(2)), text: "testo").jsonLine
        try write("f.jsonl", [line(1), ahead, line(2)].joined(separator: "\n"))
        _ = await spool.scanOnce()
        #expect(try store.count() == 2)
        let errors = try String(contentsOfFile: spool.failed + "/f.jsonl.errors", encoding: .utf8)
        #expect(errors == "f.jsonl:2: field 'at': 2023-11-15T00:13:20.000Z is 2 h after the event arrived "
                + "(2023-11-14T22:13:20.000Z); at most 60 min ahead is accepted (a wrong year, clock or time zone at "
                + "the source?)\n")
    }

    @Test func badLinesGoToFailedWithAnErrorsFileAndGoodLinesAreKept() async throws {
        try write("m.ndjson", line(1) + "\n{broken\n" + line(2) + "\n\u{0}\u{1}\u{2}garbage\n")
        _ = await spool.scanOnce()
        #expect(try store.count() == 2)
        let errors = try String(contentsOfFile: spool.failed + "/m.ndjson.errors", encoding: .utf8)
        #expect(errors.split(separator: "\n").count == 2)
        #expect(errors.hasPrefix("m.ndjson:2: malformed JSON"))
        #expect(errors.contains("m.ndjson:4:"))
    }

    @Test func emptyFileIsDoneWithNothingStored() async throws {
        try write("empty.jsonl", "")
        _ = await spool.scanOnce()
        #expect(FileManager.default.fileExists(atPath: spool.done + "/empty.jsonl"))
        #expect(try store.count() == 0)
    }

    @Test func temporaryDotAndUnknownFilesAreIgnored() async throws {
        try write("x.jsonl.tmp", line(1))
        try write(".y.jsonl", line(2))
        try write("z.txt", line(3))
        let results = await spool.scanOnce()
        #expect(results.isEmpty)
        #expect(try store.count() == 0)
    }

    @Test func fileStillBeingWrittenWaitsUntilItSettles() async throws {
        let settling = try SpoolDirectorySource(root: root + "/spool", store: store, sink: sink,
                                                logger: Logger(label: "test"), settleTime: 3600)
        try write("fresh.jsonl", line(1))
        #expect(settling.readyFiles().isEmpty, "a file modified just now may still be growing")
        #expect(settling.readyFiles(now: Date().addingTimeInterval(7200)) == ["fresh.jsonl"])
    }

    /// A 1 GB file (sparse: NUL bytes, no newline) between two good lines: the parser skips it in bounded memory.
    @Test func oneGigabyteFileKeepsGoodLinesInBoundedMemory() async throws {
        let path = spool.incoming + "/huge.jsonl"
        FileManager.default.createFile(atPath: path, contents: Data((line(1) + "\n").utf8))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(line(1).utf8.count + 1) + (1 << 30))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(("\n" + line(2) + "\n").utf8))
        try handle.close()
        let before = Self.residentKiB()
        let results = await spool.scanOnce()
        #expect(results.first?.1.stored == 2)
        #expect(results.first?.1.errors.count == 1)
        #expect(Self.residentKiB() - before < 200_000, "memory stays bounded")
        #expect(FileManager.default.fileExists(atPath: spool.failed + "/huge.jsonl"))
        try? FileManager.default.removeItem(atPath: spool.failed + "/huge.jsonl")
    }

    static func residentKiB() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }
}
