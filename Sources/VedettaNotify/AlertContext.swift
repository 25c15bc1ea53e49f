import VedettaCore
import VedettaStore

/// Everything one rendering of an alert needs: the revision, where it goes, and what it replaces.
public struct AlertContext: Sendable {
    /// The incident revision (raw samples: the renderer redacts them).
    public var incident: Incident
    /// The delivery that asked for it (office, route, escalation).
    public var delivery: Delivery
    /// The receiving office (its locale picks the language).
    public var office: Office
    /// The office that owns the service, when the catalogue names one.
    public var owner: Office?
    /// The previous revision, when known: lets an update say "major → critical" instead of only "critical".
    public var previous: Incident?
    /// Earlier revisions of the incident mailed to this office (alone or in a digest), oldest first: the thread a
    /// mail joins. Nil when unknown: every earlier revision is assumed, each in its own mail.
    public var thread: [MailedRevision]?

    /// Creates a context.
    public init(incident: Incident, delivery: Delivery, office: Office, owner: Office? = nil, previous: Incident? = nil,
                thread: [MailedRevision]? = nil) {
        self.incident = incident
        self.delivery = delivery
        self.office = office
        self.owner = owner
        self.previous = previous
        self.thread = thread
    }
}
