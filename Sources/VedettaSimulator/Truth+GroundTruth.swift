import VedettaCore

extension Truth {
    /// The core's evaluation view of this truth (what `truth.json` decodes to as `GroundTruth`), built directly
    /// instead of through a JSON round trip. Peaks are not failures and not listed periods: they stay out.
    public var groundTruth: GroundTruth {
        GroundTruth(
            incidents: incidents.map {
                GroundTruth.Failure(id: $0.id, service: $0.service, kind: $0.kind, start: $0.start, end: $0.end,
                                    tickets: $0.tickets)
            },
            rushes: rushes.map { GroundTruth.Period(id: $0.id, service: $0.service, start: $0.start, end: $0.end) },
            maintenance: maintenance.map {
                GroundTruth.Period(id: $0.id, service: $0.service, start: $0.start, end: $0.end)
            })
    }
}
