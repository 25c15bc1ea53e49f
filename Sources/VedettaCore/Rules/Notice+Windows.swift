extension Notice {
    /// The window of this notice that contains `t`, if any (start inclusive, end exclusive).
    public func window(containing t: Timestamp) -> Range<Timestamp>? {
        guard t >= from, to.map({ t < $0 }) ?? true else { return nil }
        guard let recurrence else { return from..<(to ?? Timestamp(milliseconds: Int64.max)) }
        // A window that opened yesterday may still be open after midnight, so look at both days.
        let today = zone.localDay(of: t)
        for day in [today - 1, today] {
            if let window = occurrence(of: recurrence, onLocalDay: day), window.contains(t) { return window }
        }
        return nil
    }

    /// Whether the notice is active at `t`.
    public func isActive(at t: Timestamp) -> Bool { window(containing: t) != nil }

    /// Every window that intersects `[start, end)`, in time order, clipped to the notice's validity.
    ///
    /// Used to check overlaps between notices; a one-off notice yields at most one window.
    public func windows(from start: Timestamp, to end: Timestamp) -> [Range<Timestamp>] {
        let lower = max(start, from)
        let upper = min(end, to ?? end)
        guard lower < upper else { return [] }
        guard let recurrence else { return [lower..<upper] }
        var result: [Range<Timestamp>] = []
        let first = zone.localDay(of: lower) - 1
        let last = zone.localDay(of: upper)
        guard first <= last else { return [] }
        for day in first...last {
            guard let w = occurrence(of: recurrence, onLocalDay: day) else { continue }
            let lo = max(w.lowerBound, lower)
            let hi = min(w.upperBound, upper)
            if lo < hi { result.append(lo..<hi) }
        }
        return result
    }

    /// The window starting on local day `day`, if the recurrence has one that day.
    func occurrence(of recurrence: Recurrence, onLocalDay day: Int) -> Range<Timestamp>? {
        let weekday = ((day % 7) + 7 + 3) % 7
        guard recurrence.weekdays.contains(weekday) else { return nil }
        let open = zone.instant(day: day, at: recurrence.start)
        let close = zone.instant(day: recurrence.crossesMidnight ? day + 1 : day, at: recurrence.end)
        // A window swallowed whole by the spring gap (02:10–02:40 in Rome) has nothing left to cover.
        guard open < close else { return nil }
        return open..<close
    }
}
