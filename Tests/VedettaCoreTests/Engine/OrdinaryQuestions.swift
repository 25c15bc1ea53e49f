@testable import VedettaCore

/// The background of the detection tests: ordinary questions of one service, one a minute 08:00–18:00 Rome from
/// Monday 2 March 2026 for two days and part of a third, each from a new requester, with `extra` more a minute on
/// the third day (on every topic in turn, or on one only).
struct OrdinaryQuestions {
    static let topics = [
        "come posso scaricare il modello della denuncia dal portale",
        "non trovo la ricevuta della pratica inviata ieri",
        "vorrei sapere i tempi di lavorazione della mia domanda",
        "devo correggere i dati anagrafici inseriti nella richiesta",
    ]
    static let service = "denuncia-infortunio"
    static let monday = Timestamp(rfc3339: "2026-03-02T07:00:00Z")!

    /// Minutes of traffic on the third day.
    var thirdDayMinutes: Int
    /// Extra reports a minute on the third day.
    var extra = 0
    /// Whether the extra reports all ask the first topic.
    var oneTopic = false
    /// Whether the extra reports carry the service field (many tickets do not: only their words say it).
    var extraNamesService = true

    /// When the traffic stops.
    var end: Timestamp { Self.monday.adding(.days(2)).adding(.minutes(Int64(thirdDayMinutes))) }

    /// Feeds the questions to `engine` and returns the incident changes it emitted.
    func feed(into engine: inout Engine) -> [IncidentChange] {
        var changes: [IncidentChange] = []
        var n = 0
        for day in 0..<3 {
            let dayStart = Self.monday.adding(.days(Int64(day)))
            for minute in 0..<(day == 2 ? thirdDayMinutes : 600) {
                for copy in 0...(day == 2 ? extra : 0) {
                    n += 1
                    let topic = copy > 0 && oneTopic ? 0 : (n + copy) % Self.topics.count
                    let event = TicketEvent(ticket: "T-\(n)", type: .opened, at: dayStart.adding(.minutes(Int64(minute))),
                                            service: copy > 0 && !extraNamesService ? nil : Self.service,
                                            requester: "r-\(n)", text: Self.topics[topic])
                    for case .incident(let change) in engine.ingest(event) { changes.append(change) }
                }
            }
        }
        return changes
    }
}
