import VedettaCore
import Yams

extension Scenario {
    /// Parses and validates a scenario; `file` is only used in error messages.
    public static func load(yaml: String, file: String) throws(ScenarioError) -> Scenario {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw YAMLFields.syntaxError(error, file: file)
        } catch {
            throw ScenarioError(code: "scenario.syntax", file: file, line: 0, column: 0, field: "",
                                reason: "the file is not valid YAML: \(error)")
        }
        guard let root else {
            throw ScenarioError(code: "scenario.missing", file: file, line: 1, column: 1, field: "",
                                reason: "the file is empty.")
        }
        var top = try YAMLFields(root, path: "", file: file)
        let stem = file.split(separator: "/").last.map { String($0.split(separator: ".").first ?? $0) } ?? file
        let seedValue = try top.int("seed")
        guard seedValue >= 0 else { throw top.valueError("seed", "must be zero or positive.") }
        let start = try top.instant("start")
        let weeks = try top.optionalDouble("weeks")
        let days = try top.optionalDouble("days")
        let durationDays: Double
        switch (weeks, days) {
        case let (w?, nil): durationDays = w * 7
        case let (nil, d?): durationDays = d
        case (nil, nil): throw top.missing("weeks", also: "or `days`")
        case (_?, _?): throw top.valueError("days", "give either `weeks` or `days`, not both.")
        }
        guard durationDays > 0, durationDays <= 400 else {
            throw top.valueError(weeks != nil ? "weeks" : "days", "must give a duration between 1 day and 400 days.")
        }
        // Whole days end at the same local wall-clock time, whatever summer time does in between.
        var duration = Timestamp.Duration(milliseconds: Int64(durationDays * 86_400_000))
        if durationDays == durationDays.rounded() {
            let local = RomeTime.local(start)
            let endDay = CivilDate.civilFromDays(CivilDate.daysFromCivil(year: local.year, month: local.month, day: local.day)
                + Int(durationDays))
            let end = RomeTime.instant(year: endDay.year, month: endDay.month, day: endDay.day, hour: local.hour,
                                       minute: local.minute)
            duration = end.since(start)
        }
        var s = Scenario(name: try top.optionalString("name") ?? stem, seed: UInt64(seedValue), start: start,
                         duration: duration)
        if let zone = try top.optionalString("timeZone"), zone != "Europe/Rome" {
            throw top.valueError("timeZone", "only Europe/Rome is simulated, not \(zone).")
        }
        if var volumes = try top.optionalMapping("volumes") {
            s.volumes = []
            for key in volumes.keys {
                guard Institution.queues.contains(key) else {
                    throw volumes.valueError(key, "is not a queue (backoffice, helpdesk).", code: "scenario.unknown")
                }
                s.volumes.append(QueueVolume(queue: key, perWeekday: try volumes.double(key, min: 0)))
            }
        }
        if var mix = try top.optionalMapping("mix") {
            s.mix = []
            for queue in mix.keys {
                guard Institution.queues.contains(queue) else {
                    throw mix.valueError(queue, "is not a queue (backoffice, helpdesk).", code: "scenario.unknown")
                }
                var shares = try mix.mapping(queue)
                for service in shares.keys {
                    guard Institution.services.contains(service) else {
                        throw shares.valueError(service, "is not a known service id.", code: "scenario.unknown")
                    }
                    s.mix.append(ServiceShare(queue: queue, service: service, weight: try shares.double(service, min: 0)))
                }
            }
        }
        if var profile = try top.optionalMapping("profile") {
            if let hours = try profile.optionalNumbers("hours") {
                guard hours.count == 24 else { throw profile.valueError("hours", "needs 24 numbers, found \(hours.count).") }
                s.hourProfile = hours
            }
            if let weekdays = try profile.optionalNumbers("weekdays") {
                guard weekdays.count == 7 else {
                    throw profile.valueError("weekdays", "needs 7 numbers (Monday first), found \(weekdays.count).")
                }
                s.weekdayProfile = weekdays
            }
            try profile.finish()
        }
        if let holidays = try top.optionalSequence("holidays") {
            s.holidays = try holidays.map { (node, path) throws(ScenarioError) in try YAMLFields.day(node, path: path, file: file) }
        }
        s.holidayFactor = try top.optionalDouble("holidayFactor", min: 0) ?? s.holidayFactor
        s.englishShare = try top.optionalDouble("englishShare", min: 0, max: 1) ?? s.englishShare
        s.serviceFieldShare = try top.optionalDouble("serviceFieldShare", min: 0, max: 1) ?? s.serviceFieldShare
        s.typoRate = try top.optionalDouble("typoRate", min: 0, max: 0.5) ?? s.typoRate
        if var r = try top.optionalMapping("repeaters") {
            s.repeaters = Repeaters(perWeek: try r.optionalInt("perWeek", min: 0) ?? 5,
                                    minimum: try r.optionalInt("min", min: 1) ?? 5,
                                    maximum: try r.optionalInt("max", min: 1) ?? 15)
            guard s.repeaters.maximum >= s.repeaters.minimum else { throw r.valueError("max", "must not be below `min`.") }
            try r.finish()
        }
        if let rushes = try top.optionalSequence("rushes") {
            s.rushes = try rushes.map { (node, path) throws(ScenarioError) in
                var f = try YAMLFields(node, path: path, file: file)
                let service = try f.service("service")
                let (from, to) = try f.window()
                let rush = Rush(id: try f.optionalString("id") ?? "rush-\(service)", service: service, start: from,
                                end: to, factor: try f.double("factor", min: 0),
                                ramp: try f.optionalDuration("ramp") ?? Timestamp.Duration(milliseconds: 0))
                try f.finish()
                return rush
            }
        }
        if let peaks = try top.optionalSequence("peaks") {
            s.peaks = try peaks.map { (node, path) throws(ScenarioError) in
                var f = try YAMLFields(node, path: path, file: file)
                let (from, to) = try f.window()
                let peak = LoadPeak(id: try f.string("id"), start: from, duration: to.since(from),
                                    users: try f.int("users", min: 1))
                try f.finish()
                return peak
            }
        }
        if let failures = try top.optionalSequence("failures") {
            s.failures = try failures.map { (node, path) throws(ScenarioError) in try failure(node, path: path, file: file, rushes: s.rushes) }
        }
        if let windows = try top.optionalSequence("maintenance") {
            s.maintenance = try windows.map { (node, path) throws(ScenarioError) in
                var f = try YAMLFields(node, path: path, file: file)
                let service = try f.service("service")
                let (from, to) = try f.window()
                let m = Maintenance(id: try f.string("id"), service: service, start: from, end: to,
                                    rate: try f.optionalDouble("rate", min: 0) ?? 8)
                try f.finish()
                return m
            }
        }
        try top.finish()
        var seen = Set<String>()
        for (i, id) in (s.failures.map { $0.id } + s.peaks.map { $0.id } + s.maintenance.map { $0.id }).enumerated() {
            guard id != "background", seen.insert(id).inserted else {
                throw ScenarioError(code: "scenario.value", file: file, line: 0, column: 0, field: "id",
                                    reason: "the id `\(id)` (item \(i + 1)) is used twice or is reserved.")
            }
        }
        return s
    }

    private static func failure(_ node: Node, path: String, file: String, rushes: [Rush]) throws(ScenarioError) -> Failure {
        var f = try YAMLFields(node, path: path, file: file)
        let id = try f.string("id")
        let kindText = try f.string("kind")
        guard let kind = FailureKind(rawValue: kindText) else {
            throw f.valueError("kind", "`\(kindText)` is not a failure kind (\(FailureKind.allCases.map(\.rawValue).joined(separator: ", "))).")
        }
        let service = try f.service("service")
        let (from, to) = try f.window()
        let defaultRamp: Timestamp.Duration = switch kind {
        case .sudden: .minutes(5)
        case .slow: .hours(3)
        case .smallNew: .minutes(0)
        case .dependency: .minutes(10)
        case .duringRush: .minutes(20)
        }
        var failure = Failure(id: id, kind: kind, service: service, start: from, end: to,
                              rate: try f.optionalDouble("rate", min: 0) ?? 30,
                              ramp: try f.optionalDuration("ramp") ?? defaultRamp,
                              requesters: try f.optionalInt("requesters", min: 1) ?? 15,
                              code: try f.optionalString("code"), symptom: try f.optionalString("symptom"))
        if let symptom = failure.symptom, !SymptomFamily.names.contains(symptom) {
            throw f.valueError("symptom", "`\(symptom)` is not a symptom family (\(SymptomFamily.names.joined(separator: ", "))).")
        }
        if let deps = try f.optionalSequence("dependents") {
            failure.dependents = try deps.map { (node, p) throws(ScenarioError) in
                guard let value = node.scalar?.string, Institution.dependsOnAuthentication.contains(value) else {
                    throw YAMLFields.error(node, p, "must name a service that depends on autenticazione.", file: file)
                }
                return value
            }
        }
        switch kind {
        case .dependency:
            guard service == "autenticazione" else {
                throw f.valueError("service", "a dependency failure is a failure of autenticazione, not \(service).")
            }
            if failure.dependents.isEmpty {
                failure.dependents = ["denuncia-infortunio", "durc-online", "certificati-medici", "fascicolo-aziendale",
                                      "pagamenti-pagopa"]
            }
        case .duringRush:
            guard rushes.contains(where: { $0.service == service && $0.start <= from && $0.end >= to }) else {
                throw f.valueError("start", "a during-rush failure must lie inside a rush of \(service) declared above.")
            }
        case .smallNew:
            guard (5...40).contains(failure.requesters) else {
                throw f.valueError("requesters", "a small-new failure has 5 to 40 requesters.")
            }
        case .sudden, .slow:
            break
        }
        try f.finish()
        return failure
    }
}
