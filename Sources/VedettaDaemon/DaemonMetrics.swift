import Prometheus
import Synchronization
import VedettaCore
import VedettaIngest

/// The daemon's Prometheus metrics, on a registry of its own (no global bootstrap, so tests can run several
/// daemons in one process).
public final class DaemonMetrics: IngestMetrics, Sendable {
    /// The registry `/metrics` renders.
    public let registry = PrometheusCollectorRegistry()
    let storeHistogram: DurationHistogram
    let engineHistogram: DurationHistogram
    let checkpointHistogram: DurationHistogram
    let checkpointBytes: Gauge
    let checkpointPauseHistogram: DurationHistogram
    let checkpointLastSuccess: Gauge
    let checkpointSeq: Gauge
    let queueDepth: Gauge
    let storeBytes: Gauge
    let activeClusters: Gauge
    private let counters = Mutex<[String: Counter]>([:])
    private let gauges = Mutex<[String: Gauge]>([:])

    /// Creates the metrics.
    public init() {
        let latencyBuckets: [Duration] = [
            .microseconds(100), .microseconds(500), .milliseconds(1), .milliseconds(5), .milliseconds(10),
            .milliseconds(50), .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(5),
        ]
        storeHistogram = registry.makeDurationHistogram(
            name: "vedetta_store_commit_seconds", buckets: latencyBuckets, help: "Time of one store commit (a batch of events).")
        engineHistogram = registry.makeDurationHistogram(
            name: "vedetta_engine_event_seconds",
            buckets: [.nanoseconds(500), .microseconds(1), .microseconds(5), .microseconds(10), .microseconds(50),
                      .microseconds(100), .microseconds(500), .milliseconds(1), .milliseconds(10)],
            help: "Engine time per event (batch average).")
        checkpointHistogram = registry.makeDurationHistogram(
            name: "vedetta_checkpoint_seconds", buckets: latencyBuckets,
            help: "Time to encode and store an engine checkpoint (off the correlation loop).")
        checkpointPauseHistogram = registry.makeDurationHistogram(
            name: "vedetta_checkpoint_pause_seconds", buckets: latencyBuckets,
            help: "Time the correlation loop stops to hand a checkpoint over (snapshot and changed clusters).")
        checkpointLastSuccess = registry.makeGauge(
            name: "vedetta_checkpoint_last_success_timestamp_seconds",
            help: "Wall-clock time (Unix seconds) of the last checkpoint written; alert when it grows old while events flow.")
        checkpointSeq = registry.makeGauge(
            name: "vedetta_checkpoint_seq", help: "Last event seq the last checkpoint written includes.")
        checkpointBytes = registry.makeGauge(name: "vedetta_checkpoint_bytes", help: "Size of the last engine checkpoint.")
        queueDepth = registry.makeGauge(name: "vedetta_queue_depth", help: "Events waiting for the correlation loop.")
        storeBytes = registry.makeGauge(name: "vedetta_store_bytes", help: "Size of vedetta.db.")
        activeClusters = registry.makeGauge(name: "vedetta_active_clusters", help: "Clusters currently active.")
        // Shown at 0 from the start, so that an alert on its increase has a series to compare with.
        checkpointFailed(count: 0)
    }

    /// A labelled counter, created on first use.
    public func counter(_ name: String, _ labels: [(String, String)], help: String) -> Counter {
        let key = name + labels.map { "|\($0.0)=\($0.1)" }.joined()
        return counters.withLock { table in
            if let existing = table[key] { return existing }
            let made = registry.makeCounter(name: name, labels: labels, help: help)
            table[key] = made
            return made
        }
    }

    /// A labelled gauge, created on first use.
    public func gauge(_ name: String, _ labels: [(String, String)], help: String) -> Gauge {
        let key = name + labels.map { "|\($0.0)=\($0.1)" }.joined()
        return gauges.withLock { table in
            if let existing = table[key] { return existing }
            let made = registry.makeGauge(name: name, labels: labels, help: help)
            table[key] = made
            return made
        }
    }

    public func accepted(source: String, count: Int) {
        counter("vedetta_events_accepted_total", [("source", source)], help: "Events accepted by ingest.")
            .increment(by: Int64(count))
    }

    public func rejected(source: String, count: Int) {
        guard count > 0 else { return }
        counter("vedetta_events_rejected_total", [("source", source)], help: "Events rejected by ingest.")
            .increment(by: Int64(count))
    }

    /// Rejections by reason (field), for `/metrics`.
    public func rejected(source: String, reason: String, count: Int) {
        counter("vedetta_events_rejected_by_reason_total", [("source", source), ("reason", reason)],
                help: "Events rejected by ingest, by reason.").increment(by: Int64(count))
    }

    public func storeLatency(_ duration: Duration) { storeHistogram.recordNanoseconds(duration.nanoseconds) }

    /// One engine batch.
    public func engineBatch(events: Int, duration: Duration) {
        guard events > 0 else { return }
        engineHistogram.recordNanoseconds(duration.nanoseconds / Int64(events))
        counter("vedetta_engine_events_total", [], help: "Events consumed by the engine.").increment(by: Int64(events))
    }

    /// One checkpoint written, of the state after `seq`, at wall-clock time `at`.
    public func checkpoint(bytes: Int, duration: Duration, seq: Int64, at: Timestamp) {
        checkpointHistogram.recordNanoseconds(duration.nanoseconds)
        checkpointBytes.set(Double(bytes))
        checkpointSeq.set(Double(seq))
        checkpointLastSuccess.set(Double(at.milliseconds) / 1000)
    }

    /// `count` checkpoints that could not be written (each logged with its reason).
    public func checkpointFailed(count: Int = 1) {
        counter("vedetta_checkpoint_failures_total", [], help: "Checkpoints that could not be written.")
            .increment(by: Int64(count))
    }

    /// The correlation loop's stop to hand one checkpoint over.
    public func checkpointPause(_ duration: Duration) {
        checkpointPauseHistogram.recordNanoseconds(duration.nanoseconds)
    }

    /// Prometheus text exposition.
    public func render() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
