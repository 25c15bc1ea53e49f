import VedettaCore

/// Clearly fake personal data for the texts, so that redaction is exercised: codice fiscale, IBAN, e-mail on
/// `example.it`, phone numbers, protocol, PAT and ticket numbers.
enum PersonalData {
    static let firstNames = ["Mario", "Giulia", "Luca", "Francesca", "Giuseppe", "Anna", "Marco", "Chiara", "Antonio",
                             "Sara", "Paolo", "Elena", "Salvatore", "Laura", "Davide", "Rosa", "Stefano", "Valentina"]
    static let surnames = ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino",
                           "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Costa", "Giordano", "Mancini", "Lombardi"]
    private static let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    private static let months = Array("ABCDEHLMPRST")

    static func digits(_ n: Int, _ rng: inout SeededGenerator) -> String {
        var s = ""
        for _ in 0..<n { s.append(Character(Unicode.Scalar(UInt8(48 + rng.index(10))))) }
        return s
    }

    static func letters(_ n: Int, _ rng: inout SeededGenerator) -> String {
        var s = ""
        for _ in 0..<n { s.append(letters[rng.index(letters.count)]) }
        return s
    }

    /// Shaped like a codice fiscale (16 characters); the check letter is random, so it never validates.
    static func codiceFiscale(_ rng: inout SeededGenerator) -> String {
        letters(6, &rng) + digits(2, &rng) + String(months[rng.index(months.count)]) + digits(2, &rng)
            + letters(1, &rng) + digits(3, &rng) + letters(1, &rng)
    }

    /// Shaped like an Italian IBAN (27 characters) with a fake bank code.
    static func iban(_ rng: inout SeededGenerator) -> String {
        let raw = "IT" + digits(2, &rng) + letters(1, &rng) + "99999" + digits(5, &rng) + digits(12, &rng)
        guard rng.chance(0.3) else { return raw }
        // Some people write it in groups of four.
        var grouped = ""
        for (i, c) in raw.enumerated() {
            if i > 0, i % 4 == 0 { grouped.append(" ") }
            grouped.append(c)
        }
        return grouped
    }

    static func email(_ rng: inout SeededGenerator) -> String {
        let first = rng.pick(firstNames).lowercased()
        let last = rng.pick(surnames).lowercased().replacingSpaces
        let domain = rng.pick(["example.it", "pec.example.it", "studio-example.it", "example.com"])
        return rng.chance(0.5) ? "\(first).\(last)@\(domain)" : "\(first.prefix(1))\(last)\(rng.int(1...99))@\(domain)"
    }

    static func phone(_ rng: inout SeededGenerator) -> String {
        switch rng.index(3) {
        case 0: "+39 3" + digits(2, &rng) + " 555 " + digits(4, &rng)
        case 1: "3" + digits(2, &rng) + "555" + digits(4, &rng)
        default: "0" + digits(1, &rng) + " 555" + digits(4, &rng)
        }
    }

    static func protocolNumber(_ rng: inout SeededGenerator, year: Int) -> String {
        switch rng.index(3) {
        case 0: "\(year)/" + digits(7, &rng)
        case 1: "PROT-\(year)-" + digits(6, &rng)
        default: digits(9, &rng)
        }
    }

    static func pat(_ rng: inout SeededGenerator) -> String { digits(8, &rng) + (rng.chance(0.3) ? "/" + digits(2, &rng) : "") }

    static func ticketReference(_ rng: inout SeededGenerator, year: Int) -> String {
        (rng.chance(0.8) ? "BO" : "HD") + "-\(year)-" + digits(6, &rng)
    }

    static func workstation(_ rng: inout SeededGenerator) -> String { "PC" + digits(5, &rng) }

    static func name(_ rng: inout SeededGenerator) -> String { rng.pick(firstNames) + " " + rng.pick(surnames) }

    static func date(_ rng: inout SeededGenerator, before day: Int) -> String {
        let d = CivilDate.civilFromDays(day - rng.int(1...40))
        return rng.chance(0.7)
            ? CivilDate.pad(d.day, 2) + "/" + CivilDate.pad(d.month, 2) + "/" + String(d.year)
            : "\(d.day)/\(d.month)"
    }
}

extension String {
    var replacingSpaces: String { String(unicodeScalars.filter { $0 != " " }.map(Character.init)) }
}
