extension PlaceholderKind {
    /// The token term of this placeholder, e.g. `<number>`, `<date>`, `<codiceFiscale>`.
    public var term: String {
        switch self {
        case .number: "<number>"
        case .date: "<date>"
        case .time: "<time>"
        case .protocolNumber: "<protocolNumber>"
        case .ticket: "<ticket>"
        case .email: "<email>"
        case .url: "<url>"
        case .codiceFiscale: "<codiceFiscale>"
        case .partitaIVA: "<partitaIVA>"
        case .iban: "<iban>"
        case .phone: "<phone>"
        }
    }

    /// The marker that replaces personal data in quoted texts (`[CF]`, `[EMAIL]`…); `nil` for the kinds that
    /// are not personal data and stay readable (dates, numbers, protocol and ticket ids, URLs).
    public var redactionMarker: String? {
        switch self {
        case .codiceFiscale: "[CF]"
        case .iban: "[IBAN]"
        case .email: "[EMAIL]"
        case .phone: "[TEL]"
        case .partitaIVA: "[P.IVA]"
        case .number, .date, .time, .protocolNumber, .ticket, .url: nil
        }
    }
}
