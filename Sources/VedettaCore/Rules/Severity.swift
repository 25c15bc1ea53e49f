/// How bad an incident is, ordered `info < minor < major < critical`.
///
/// Routes match it as a label (`severity =~ major|critical`), so its raw values are the words people write in
/// `routes.yaml`.
public enum Severity: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    /// Worth a line in the digest, not a page.
    case info
    /// A small group of users is affected.
    case minor
    /// Many users or several regions are affected.
    case major
    /// A service is down for everyone, or for a deadline.
    case critical

    /// Position in the order, lowest first.
    public var rank: Int {
        switch self {
        case .info: 0
        case .minor: 1
        case .major: 2
        case .critical: 3
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
