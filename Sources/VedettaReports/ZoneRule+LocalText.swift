import VedettaCore

extension ZoneRule {
    /// `2026-03-02 08:15`: the wall-clock time of `t` in this zone, as reports and the web view show it.
    public func localText(_ t: Timestamp) -> String { LocalClock.format(t, zone: self) }
}
