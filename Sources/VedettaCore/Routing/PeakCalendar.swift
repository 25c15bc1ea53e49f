/// Expected-volume multipliers from `calendar.yaml`.
public struct PeakCalendar: Hashable, Sendable {
    /// All peaks, in rule order.
    public let peaks: [CalendarPeak]
    private let byService: [String: [Int]]

    /// Indexes `peaks` by service.
    public init(peaks: [CalendarPeak]) {
        self.peaks = peaks
        var index: [String: [Int]] = [:]
        for (i, peak) in peaks.enumerated() {
            for service in Set(peak.services) { index[service, default: []].append(i) }
        }
        self.byService = index
    }

    /// The peaks of `service` containing `t`, in rule order.
    public func active(service: String, at t: Timestamp) -> [CalendarPeak] {
        (byService[service] ?? []).map { peaks[$0] }.filter { $0.contains(t) }
    }

    /// The factor by which the expected volume of `service` rises at `t`: 1 outside every peak, else the
    /// largest factor of the active peaks (overlapping peaks describe the same rush; multiplying them would
    /// expect more traffic than either predicts).
    public func expectedFactor(service: String, at t: Timestamp) -> Double {
        active(service: service, at: t).map(\.factor).max() ?? 1
    }
}
