/// The simulated institution: service ids, queues, requester kinds, channels, regions and territorial offices.
///
/// These ids are shared with `rules/` (services.yaml, offices.yaml): change them there and here together.
public enum Institution {
    /// Services used by external requesters (companies, workers, intermediaries, patronati).
    public static let externalServices = [
        "autenticazione", "denuncia-infortunio", "denuncia-malattia-professionale", "autoliquidazione",
        "durc-online", "certificati-medici", "pagamenti-pagopa", "fascicolo-aziendale", "prestazioni-indennizzi",
        "comunicazioni-pec",
    ]
    /// Help-desk services used by internal staff.
    public static let staffServices = ["posta-elettronica", "vpn", "protocollo", "postazione-lavoro"]
    /// Every service id.
    public static let services = externalServices + staffServices
    /// Services whose login goes through `autenticazione` (SPID/CIE/CNS): every external service but itself.
    public static let dependsOnAuthentication = externalServices.filter { $0 != "autenticazione" }

    /// Queues and their requester kinds.
    public static let queues = ["backoffice", "helpdesk"]
    /// Requester kinds of the back office.
    public static let backofficeKinds = ["azienda", "lavoratore", "intermediario", "patronato"]
    /// Share of each back-office requester kind.
    static let backofficeKindWeights = [0.38, 0.30, 0.24, 0.08]
    /// Channels.
    public static let channels = ["contact-center", "web", "email", "pec", "phone", "chat"]
    static let backofficeChannelWeights = [0.40, 0.24, 0.15, 0.08, 0.08, 0.05]
    static let helpdeskChannelWeights = [0.0, 0.36, 0.26, 0.0, 0.24, 0.14]

    /// The twenty regions with their territorial office, in a fixed order.
    public static let regions: [(region: String, office: String)] = [
        ("piemonte", "sede-torino"), ("valle-d-aosta", "sede-aosta"), ("lombardia", "sede-milano"),
        ("trentino-alto-adige", "sede-trento"), ("veneto", "sede-venezia"),
        ("friuli-venezia-giulia", "sede-trieste"), ("liguria", "sede-genova"), ("emilia-romagna", "sede-bologna"),
        ("toscana", "sede-firenze"), ("umbria", "sede-perugia"), ("marche", "sede-ancona"), ("lazio", "sede-roma"),
        ("abruzzo", "sede-pescara"), ("molise", "sede-campobasso"), ("campania", "sede-napoli"),
        ("puglia", "sede-bari"), ("basilicata", "sede-potenza"), ("calabria", "sede-catanzaro"),
        ("sicilia", "sede-palermo"), ("sardegna", "sede-cagliari"),
    ]
    /// Rough share of requesters per region (population-like).
    static let regionWeights: [Double] = [
        7.3, 0.2, 16.8, 1.8, 8.2, 2.0, 2.6, 7.5, 6.3, 1.5, 2.5, 9.7, 2.2, 0.5, 9.6, 6.6, 0.9, 3.1, 8.2, 2.7,
    ]
    /// Population sizes per requester kind: how many distinct pseudonymous ids exist.
    static func population(of kind: String) -> Int {
        switch kind {
        case "azienda": 180_000
        case "lavoratore": 600_000
        case "intermediario": 20_000
        case "patronato": 4_000
        default: 9_000
        }
    }
    static func prefix(of kind: String) -> String {
        switch kind {
        case "azienda": "AZ"
        case "lavoratore": "LV"
        case "intermediario": "IM"
        case "patronato": "PT"
        default: "ST"
        }
    }

    /// The region and office of a requester: a fixed function of its id, so the same person always writes
    /// from the same place.
    static func place(of requester: String) -> (region: String, office: String) {
        var h = FNV1aLite()
        h.combine(requester)
        var x = Double(h.value >> 11) * 0x1.0p-53 * regionWeightTotal
        for (i, w) in regionWeights.enumerated() {
            x -= w
            if x < 0 { return regions[i] }
        }
        return regions[regions.count - 1]
    }
    private static let regionWeightTotal = regionWeights.reduce(0, +)
}

/// FNV-1a without the separator byte: only for mapping ids to places.
struct FNV1aLite {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325
    mutating func combine(_ text: String) {
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
        // Final avalanche so that neighbouring ids spread over regions.
        value ^= value >> 33
        value = value &* 0xff51_afd7_ed55_8ccd
        value ^= value >> 33
    }
}
