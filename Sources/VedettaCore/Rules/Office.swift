/// An office that owns services and receives alerts (`rules/offices.yaml`).
public struct Office: Hashable, Sendable {
    /// How often an office wants a summary of what happened, besides the alerts themselves.
    public enum Digest: String, Hashable, Sendable, CaseIterable {
        /// No digest.
        case none
        /// One digest a day.
        case daily
        /// One digest a week.
        case weekly
    }

    /// Stable id, e.g. `uff-identita-digitale`; used in routes, services and alert folder names.
    public var id: String
    /// Human name, e.g. `Ufficio Identità digitale`.
    public var name: String
    /// Mail addresses that receive alerts; empty means alert files only.
    public var emails: [String]
    /// Folder for this office's alert files, relative to the alerts root; nil means the office id.
    public var alertDirectory: String?
    /// Language of the alerts and digests sent to this office.
    public var locale: Language
    /// Upper bound on mails per hour to this office; further updates wait for the next slot or the digest.
    public var maxMailsPerHour: Int
    /// Digest frequency.
    public var digest: Digest

    /// Creates an office.
    public init(
        id: String, name: String, emails: [String] = [], alertDirectory: String? = nil, locale: Language = .italian,
        maxMailsPerHour: Int = 12, digest: Digest = .daily
    ) {
        self.id = id
        self.name = name
        self.emails = emails
        self.alertDirectory = alertDirectory
        self.locale = locale
        self.maxMailsPerHour = maxMailsPerHour
        self.digest = digest
    }

    /// The folder of this office's alert files, relative to the alerts root.
    public var alertFolder: String { alertDirectory ?? id }
}
