extension Timestamp.Duration {
    /// Parses the rules' duration syntax: one or more `<whole number><unit>` parts with units `s`, `m`, `h`,
    /// `d`, `w` (`15m`, `1h`, `2d`, `1h30m`). Returns nil for anything else, including a bare number, whose
    /// unit would be a guess.
    public init?(ruleText text: String) {
        var total: Int64 = 0
        var number: Int64? = nil
        var parts = 0
        for ch in text {
            if let digit = ch.wholeNumberValue, ch.isASCII {
                let n = (number ?? 0)
                guard n < 1_000_000_000 else { return nil }
                number = n * 10 + Int64(digit)
                continue
            }
            guard let n = number else { return nil }
            let unit: Int64
            switch ch {
            case "s": unit = 1000
            case "m": unit = 60_000
            case "h": unit = 3_600_000
            case "d": unit = 86_400_000
            case "w": unit = 604_800_000
            default: return nil
            }
            total += n * unit
            number = nil
            parts += 1
        }
        guard number == nil, parts > 0 else { return nil }
        self.init(milliseconds: total)
    }

    /// The shortest rules text for this duration, e.g. `1h30m`, `2d`, `0s`.
    public var ruleText: String {
        var ms = milliseconds
        guard ms > 0 else { return ms == 0 ? "0s" : "-" + Timestamp.Duration(milliseconds: -ms).ruleText }
        var text = ""
        for (unit, suffix) in [(Int64(86_400_000), "d"), (3_600_000, "h"), (60_000, "m"), (1000, "s")] where ms >= unit {
            text += String(ms / unit) + suffix
            ms %= unit
        }
        if ms > 0 { text += String(ms) + "ms" }
        return text
    }
}
