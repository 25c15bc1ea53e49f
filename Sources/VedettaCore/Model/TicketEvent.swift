/// One ticket event as the ticketing system reports it (the event contract, README "Event contract").
///
/// Only `ticket`, `type` and `at` are required; `subject` or `text` is required on `opened`. Unknown fields in
/// the input are ignored by the parsers, never rejected.
public struct TicketEvent: Hashable, Sendable, Codable {
    /// Unique event id: the idempotency key. Defaults to a hash of ticket, type and time.
    public var id: String
    /// Ticket id, e.g. `BO-2026-004711`.
    public var ticket: String
    /// What happened to the ticket.
    public var type: EventType
    /// When it happened, in event time.
    public var at: Timestamp
    /// `backoffice` (external users, second level) or `helpdesk` (internal staff).
    public var queue: String?
    /// `contact-center`, `web`, `email`, `pec`, `phone`, `chat`, …
    public var channel: String?
    /// Service id from `rules/services.yaml`, if the ticketing system knows it.
    public var service: String?
    /// Free label from the ticketing system.
    public var category: String?
    /// Opaque, pseudonymous requester id.
    public var requester: String?
    /// `azienda`, `lavoratore`, `intermediario`, `patronato`, `staff`, …
    public var requesterKind: String?
    /// The requester's territorial office.
    public var office: String?
    /// The requester's region.
    public var region: String?
    /// Priority given by the ticketing system.
    public var priority: Priority?
    /// Short subject line, in the requester's words.
    public var subject: String?
    /// The report in the requester's words.
    public var text: String?
    /// On `resolved`/`closed`: how it was solved.
    public var resolution: String?

    /// Creates an event; `id` defaults to `TicketEvent.defaultID(ticket:type:at:)`.
    public init(
        id: String? = nil, ticket: String, type: EventType, at: Timestamp, queue: String? = nil,
        channel: String? = nil, service: String? = nil, category: String? = nil, requester: String? = nil,
        requesterKind: String? = nil, office: String? = nil, region: String? = nil, priority: Priority? = nil,
        subject: String? = nil, text: String? = nil, resolution: String? = nil
    ) {
        self.id = id ?? TicketEvent.defaultID(ticket: ticket, type: type, at: at)
        self.ticket = ticket
        self.type = type
        self.at = at
        self.queue = queue
        self.channel = channel
        self.service = service
        self.category = category
        self.requester = requester
        self.requesterKind = requesterKind
        self.office = office
        self.region = region
        self.priority = priority
        self.subject = subject
        self.text = text
        self.resolution = resolution
    }

    /// The default id: a stable 64-bit FNV-1a hash of ticket, type and time, so that a resent event without an
    /// id still deduplicates.
    public static func defaultID(ticket: String, type: EventType, at: Timestamp) -> String {
        var hasher = FNV1a()
        hasher.combine(ticket)
        hasher.combine(type.rawValue)
        hasher.combine(String(at.milliseconds))
        return "h-" + hasher.hex
    }

    /// Subject and text joined: what the normaliser reads.
    public var reportText: String {
        switch (subject, text) {
        case let (s?, t?) where !s.isEmpty && !t.isEmpty: return s + ". " + t
        case let (s?, _) where !s.isEmpty: return s
        case let (_, t?): return t
        default: return ""
        }
    }
}

/// What happened to a ticket.
public enum EventType: String, Hashable, Sendable, Codable, CaseIterable {
    case opened, updated, escalated, reclassified, resolved, closed, reopened
}

/// Ticket priority.
public enum Priority: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    case low, normal, high, critical

    var rank: Int {
        switch self {
        case .low: 0
        case .normal: 1
        case .high: 2
        case .critical: 3
        }
    }

    public static func < (lhs: Priority, rhs: Priority) -> Bool { lhs.rank < rhs.rank }
}

/// 64-bit FNV-1a: a stable, platform-independent hash (Swift's `Hasher` is seeded per process, which would
/// break replays and idempotency keys).
public struct FNV1a: Sendable {
    /// Current hash state.
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    /// A fresh hasher.
    public init() {}

    /// Mixes the UTF-8 bytes of `text`, then a separator byte so that ("ab","c") and ("a","bc") differ.
    public mutating func combine(_ text: String) {
        for byte in text.utf8 { mix(byte) }
        mix(0x1F)
    }

    /// Mixes `bytes` as they are, with no separator after them (for one block of data, such as a checkpoint).
    public mutating func combine(bytes: UnsafeRawBufferPointer) {
        for byte in bytes { mix(byte) }
    }

    @inline(__always)
    private mutating func mix(_ byte: UInt8) {
        value ^= UInt64(byte)
        value = value &* 0x0000_0100_0000_01b3
    }

    /// The hash as 16 lowercase hex digits.
    public var hex: String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
