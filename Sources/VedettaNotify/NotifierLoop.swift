import Logging
import VedettaCore
import VedettaStore

/// Delivers due outbox rows: alert files through the `FileNotifier`, mails through the `SMTPNotifier` (within
/// each office's hourly limit, the excess combined into one digest), and records every result in the outbox.
///
/// It runs beside the correlation loop and shares nothing with it but the database: the engine inserts rows,
/// this reads due ones and updates only pending rows, so a round is safe at any moment. Rounds are serialised
/// (a call while one runs returns a `skipped` round), so no row is handled twice at once.
public actor NotifierLoop {
    private let outbox: Outbox
    private let files: FileNotifier
    private let mail: SMTPNotifier?
    private let rules: @Sendable () -> RuleSet
    private let configuration: NotifierConfiguration
    private let metrics: any NotifierMetrics
    private let logger: Logger
    private var running = false

    /// A loop over `outbox`; `mail` nil means mail is not configured (mail rows then wait and finally
    /// dead-letter, visibly). `rules` is read at every round, so a reload takes effect at the next one.
    public init(
        outbox: Outbox, files: FileNotifier, mail: SMTPNotifier?, rules: @escaping @Sendable () -> RuleSet,
        configuration: NotifierConfiguration = NotifierConfiguration(),
        metrics: any NotifierMetrics = NoNotifierMetrics(), logger: Logger
    ) {
        self.outbox = outbox
        self.files = files
        self.mail = mail
        self.rules = rules
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
    }

    /// One round at `now`: every due row is delivered, retried later or dead-lettered.
    public func runOnce(now: Timestamp) async -> DeliveryRound {
        guard !running else { return DeliveryRound(skipped: true) }
        running = true
        defer { running = false }
        var round = DeliveryRound()
        do {
            try await deliver(now: now, round: &round)
        } catch {
            round.storeError = "\(error)"
            logger.error("outbox delivery round stopped", metadata: ["error": "\(error)"])
        }
        if !round.outcomes.isEmpty || round.storeError != nil, let counts = try? outbox.counts() {
            metrics.recordOutbox(counts)
        }
        return round
    }

    private func deliver(now: Timestamp, round: inout DeliveryRound) async throws(StoreError) {
        let rows = try outbox.due(now: now, limit: configuration.batchLimit)
        guard !rows.isEmpty else { return }
        let rules = self.rules()
        var mailRows: [String: [OutboxRow]] = [:]
        var mailOffices: [String] = []
        for row in rows {
            switch row.knownChannel {
            case .file:
                try deliverFile(row, rules: rules, now: now, round: &round)
            case .mail:
                if mailRows[row.office] == nil { mailOffices.append(row.office) }
                mailRows[row.office, default: []].append(row)
            case .digest, nil:
                // Digest rows are written delivered; anything else is from a newer version or damaged.
                try fail(row, "Outbox row \(row.key) has the unknown channel \(row.channel).", transient: false,
                         now: now, round: &round)
            }
        }
        var relayDown: String?
        for office in mailOffices {
            try await deliverMail(mailRows[office] ?? [], office: office, rules: rules, now: now, round: &round,
                                  relayDown: &relayDown)
        }
    }

    // MARK: files

    private func deliverFile(_ row: OutboxRow, rules: RuleSet, now: Timestamp, round: inout DeliveryRound) throws(StoreError) {
        let context: AlertContext
        do {
            context = try self.context(for: row, rules: rules)
        } catch {
            return try fail(row, error.message, transient: false, now: now, round: &round)
        }
        do {
            try files.write(key: row.key, context: context)
        } catch {
            // Disk full, permissions: an operator can fix them, so retry until the dead-letter threshold.
            return try fail(row, error.message, transient: true, now: now, round: &round)
        }
        try delivered(row, now: now, round: &round)
    }

    // MARK: mail

    private func deliverMail(
        _ rows: [OutboxRow], office officeID: String, rules: RuleSet, now: Timestamp, round: inout DeliveryRound,
        relayDown: inout String?
    ) async throws(StoreError) {
        guard let mail else {
            for row in rows {
                try fail(row, "Mail is not configured, so outbox row \(row.key) cannot be sent.", transient: true,
                         now: now, round: &round)
            }
            return
        }
        guard let office = rules.office(id: officeID), !office.emails.isEmpty else {
            for row in rows {
                try fail(row, "Office \(officeID) of outbox row \(row.key) is not in the rules or has no mail address.",
                         transient: false, now: now, round: &round)
            }
            return
        }
        var single = rows
        var combined: [OutboxRow] = []
        if office.maxMailsPerHour > 0 {
            let since = now.adding(Timestamp.Duration(milliseconds: -configuration.rateWindow.milliseconds))
            let sent = try outbox.mailsSent(office: officeID, since: since)
            let budget = max(0, office.maxMailsPerHour - sent)
            if rows.count > budget {
                if budget == 0 {
                    // No slot: wait until the oldest mail of the window leaves it, then they go as one digest.
                    let oldest = try outbox.oldestMail(office: officeID, since: since)
                    let until = oldest.map { $0.adding(configuration.rateWindow) } ?? now.adding(.minutes(1))
                    try outbox.postpone(keys: rows.map(\.key), until: max(until, now.adding(.seconds(1))))
                    for row in rows {
                        round.outcomes.append(DeliveryOutcome(key: row.key, channel: row.channel, office: officeID,
                                                              kind: .deferred, nextAttemptAt: until))
                        metrics.recordDelivery(channel: row.channel, outcome: .deferred)
                    }
                    return
                }
                single = Array(rows.prefix(budget - 1))
                combined = Array(rows.dropFirst(budget - 1))
            }
        }
        for row in single {
            if let relayDown {
                try fail(row, relayDown, transient: true, now: now, round: &round)
                continue
            }
            let message: MailMessage
            do {
                message = try mail.message(for: try context(for: row, rules: rules))
            } catch {
                try fail(row, error.message, transient: false, now: now, round: &round)
                continue
            }
            do {
                try await mail.send(message)
            } catch {
                if Self.relayUnreachable(error) { relayDown = error.description }
                try fail(row, error.description, transient: error.isTransient, now: now, round: &round)
                continue
            }
            try delivered(row, now: now, round: &round)
        }
        if !combined.isEmpty {
            try await sendDigest(combined, office: office, mail: mail, rules: rules, now: now, round: &round,
                                 relayDown: &relayDown)
        }
    }

    private func sendDigest(
        _ rows: [OutboxRow], office: Office, mail: SMTPNotifier, rules: RuleSet, now: Timestamp,
        round: inout DeliveryRound, relayDown: inout String?
    ) async throws(StoreError) {
        var items: [DigestItem] = []
        var keys: [String] = []
        for row in rows {
            do {
                let payload = try row.decodedPayload()
                items.append(DigestItem(incident: payload.incident, delivery: payload.delivery))
                keys.append(row.key)
            } catch {
                try fail(row, error.message, transient: false, now: now, round: &round)
            }
        }
        guard !keys.isEmpty else { return }
        let failAll = { (reason: String, transient: Bool, round: inout DeliveryRound) throws(StoreError) in
            for row in rows where keys.contains(row.key) {
                try self.fail(row, reason, transient: transient, now: now, round: &round)
            }
        }
        if let relayDown { return try failAll(relayDown, true, &round) }
        let message: MailMessage
        do {
            message = try mail.digestMessage(items, keys: keys, office: office, at: now)
        } catch {
            return try failAll(error.message, false, &round)
        }
        do {
            try await mail.send(message)
        } catch {
            if Self.relayUnreachable(error) { relayDown = error.description }
            return try failAll(error.description, error.isTransient, &round)
        }
        let digestKey = MailIdentity.digestKey(office: office.id, keys: keys)
        try outbox.recordDigest(key: digestKey, office: office.id, combining: keys, at: now)
        round.digests += 1
        metrics.recordDelivery(channel: OutboxChannel.digest.rawValue, outcome: .delivered)
        for key in keys {
            round.outcomes.append(DeliveryOutcome(key: key, channel: OutboxChannel.mail.rawValue, office: office.id,
                                                  kind: .digested, detail: digestKey))
            metrics.recordDelivery(channel: OutboxChannel.mail.rawValue, outcome: .digested)
        }
        logger.info("digest mail sent", metadata: ["office": "\(office.id)", "revisions": "\(keys.count)"])
    }

    /// A relay that cannot be reached fails every mail of the round the same way: trying each would only
    /// multiply connect timeouts.
    private static func relayUnreachable(_ error: SMTPError) -> Bool {
        error.code == .connectFailed || error.code == .timeout
    }

    // MARK: shared

    private func context(for row: OutboxRow, rules: RuleSet) throws(NotifyError) -> AlertContext {
        let payload: OutboxPayload
        do {
            payload = try row.decodedPayload()
        } catch {
            throw NotifyError(.undeliverable, error.message)
        }
        // An office removed from the rules still gets its file (nothing is lost), named and worded by default.
        let office = rules.office(id: row.office) ?? Office(id: row.office, name: row.office)
        let incident = payload.incident
        let previous = incident.revision > 1
            ? (try? outbox.incidentRevision(id: incident.id, revision: incident.revision - 1)) ?? nil : nil
        // A mail joins the thread of what this office was mailed before (unknown if the store cannot say).
        var thread: [MailedRevision]?
        if row.channel == OutboxChannel.mail.rawValue && incident.revision > 1 {
            thread = try? outbox.mailedRevisions(incident: incident.id, office: row.office, before: incident.revision)
        }
        return AlertContext(incident: incident, delivery: payload.delivery, office: office,
                            owner: incident.owner.flatMap(rules.office(id:)), previous: previous, thread: thread)
    }

    private func delivered(_ row: OutboxRow, now: Timestamp, round: inout DeliveryRound) throws(StoreError) {
        try outbox.markDelivered(key: row.key, at: now)
        round.outcomes.append(DeliveryOutcome(key: row.key, channel: row.channel, office: row.office, kind: .delivered))
        metrics.recordDelivery(channel: row.channel, outcome: .delivered)
    }

    private func fail(_ row: OutboxRow, _ reason: String, transient: Bool, now: Timestamp, round: inout DeliveryRound) throws(StoreError) {
        let result = try outbox.markFailed(key: row.key, error: reason, transient: transient, now: now,
                                           policy: configuration.retry)
        switch result {
        case .retry(_, let next):
            round.outcomes.append(DeliveryOutcome(key: row.key, channel: row.channel, office: row.office, kind: .retry,
                                                  detail: reason, nextAttemptAt: next))
            metrics.recordDelivery(channel: row.channel, outcome: .retry)
            logger.warning("delivery failed, will retry", metadata: [
                "key": "\(row.key)", "error": "\(reason)", "next": "\(next)",
            ])
        case .dead(let attempts):
            round.outcomes.append(DeliveryOutcome(key: row.key, channel: row.channel, office: row.office, kind: .dead,
                                                  detail: reason))
            metrics.recordDelivery(channel: row.channel, outcome: .dead)
            logger.error("delivery dead-lettered", metadata: [
                "key": "\(row.key)", "error": "\(reason)", "attempts": "\(attempts)",
            ])
        case .notPending:
            break
        }
    }
}
