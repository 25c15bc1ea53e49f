extension RuleSet {
    /// These rules plus a silencing maintenance notice for every planned window of a stream's ground truth.
    ///
    /// An institution declares its planned maintenance in `notices.yaml`; a simulated stream's windows are
    /// planned by definition, so evaluations (`vedetta replay --truth`, `vedetta-eval detection`) add them as
    /// the administrator would have. Windows without a service are skipped (a notice names its services).
    public func addingPlannedMaintenance(_ windows: [GroundTruth.Period]) -> RuleSet {
        let notices = windows.enumerated().compactMap { index, window -> Notice? in
            guard let service = window.service else { return nil }
            return Notice(id: "planned-" + (window.id ?? String(index)), services: [service], kind: .maintenance,
                          from: window.start, to: window.end, action: .silence,
                          summary: LocalizedText(italian: "Manutenzione programmata", english: "Planned maintenance"))
        }
        guard !notices.isEmpty else { return self }
        return RuleSet(offices: offices, services: services, route: route, notices: self.notices + notices, peaks: peaks)
    }
}
