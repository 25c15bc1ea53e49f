import VedettaCore

/// Writes subjects, texts and resolutions the way people do: templates × synonyms × sentence order, error codes
/// in several spellings, personal data, typos, missing accents, shorthand and odd capitalisation.
struct TextWriter: Sendable {
    let typoRate: Double
    let year: Int

    /// What a text is about.
    struct Context {
        var lexicon: ServiceLexicon
        var dependent: ServiceLexicon?
        var code: String = ""
        var english = false
        var day: Int
    }

    /// A written report.
    struct Report {
        var subject: String
        var text: String
        var category: String
        var resolution: String
    }

    // MARK: Reports

    func question(_ ctx: Context, _ rng: inout SeededGenerator) -> Report {
        let topics = ctx.english ? Phrasebook.genericTopicsEN
            : (rng.chance(0.65) ? ctx.lexicon.topics : Phrasebook.genericTopics)
        let topic = rng.pick(topics)
        return compose(subjects: topic.subjects, bodies: topic.bodies, resolutions: topic.resolutions,
                       category: topic.category, ctx, &rng)
    }

    func failure(_ family: SymptomFamily, _ ctx: Context, _ rng: inout SeededGenerator) -> Report {
        let en = ctx.english && !family.subjectsEN.isEmpty
        return compose(subjects: en ? family.subjectsEN : family.subjects, bodies: en ? family.bodiesEN : family.bodies,
                       resolutions: family.resolutions, category: "segnalazione malfunzionamento", ctx, &rng)
    }

    private func compose(subjects: [Template], bodies: [Template], resolutions: [Template], category: String,
                         _ ctx: Context, _ rng: inout SeededGenerator) -> Report {
        let fill = { (slot: String, r: inout SeededGenerator) -> String in self.slot(slot, ctx, &r) }
        var subject = rng.pick(subjects).expand(&rng, fill)
        var parts: [String] = []
        if rng.chance(0.5) { parts.append(rng.pick(ctx.english ? Phrasebook.greetingsEN : Phrasebook.greetings).expand(&rng, fill)) }
        var first = rng.index(bodies.count)
        var sentences = [bodies[first].expand(&rng, fill)]
        if bodies.count > 1, rng.chance(0.35) {
            first = (first + 1 + rng.index(bodies.count - 1)) % bodies.count
            sentences.append(bodies[first].expand(&rng, fill))
        }
        let personal = ctx.english ? Phrasebook.personalEN : Phrasebook.personal
        if rng.chance(0.4) { sentences.append(rng.pick(personal).expand(&rng, fill)) }
        rng.shuffle(&sentences)  // the order people tell things in varies
        parts += sentences
        if rng.chance(0.45) { parts.append(rng.pick(ctx.english ? Phrasebook.closingsEN : Phrasebook.closings).expand(&rng, fill)) }
        var text = parts.joined(separator: " ")
        if !ctx.english {
            subject = TextWriter.tidyItalian(subject)
            text = TextWriter.tidyItalian(text)
            // One writer, one habit: the case style holds for subject and text alike.
            let caseMode = rng.unit()
            subject = roughen(subject, &rng, headline: true, caseMode: caseMode)
            text = roughen(text, &rng, headline: false, caseMode: caseMode)
        }
        let resolution = TextWriter.tidyItalian(rng.pick(resolutions).expand(&rng, fill))
        return Report(subject: subject, text: text, category: category, resolution: resolution)
    }

    func resolution(_ family: SymptomFamily, _ ctx: Context, _ rng: inout SeededGenerator) -> String {
        rng.pick(family.resolutions).expand(&rng) { s, r in slot(s, ctx, &r) }
    }

    func line(_ templates: [Template], _ rng: inout SeededGenerator) -> String {
        rng.pick(templates).expand(&rng) { _, _ in "" }
    }

    // MARK: Slots

    func slot(_ name: String, _ ctx: Context, _ rng: inout SeededGenerator) -> String {
        let lex = ctx.lexicon
        switch name {
        case "svc": return rng.pick(lex.names)
        case "obj": return rng.pick(lex.objects)
        case "act": return rng.pick(lex.actions)
        case "svcEN": return rng.pick(lex.namesEN)
        case "actEN": return rng.pick(lex.actionsEN)
        case "dep": return rng.pick((ctx.dependent ?? lex).names)
        case "depact": return rng.pick((ctx.dependent ?? lex).actions)
        case "depEN": return rng.pick((ctx.dependent ?? lex).namesEN)
        case "code": return codeVariant(ctx.code, &rng)
        case "prot": return PersonalData.protocolNumber(&rng, year: year)
        case "date": return PersonalData.date(&rng, before: ctx.day)
        case "pat": return PersonalData.pat(&rng)
        case "iban": return PersonalData.iban(&rng)
        case "cf": return PersonalData.codiceFiscale(&rng)
        case "email": return PersonalData.email(&rng)
        case "phone": return PersonalData.phone(&rng)
        case "ticketref": return PersonalData.ticketReference(&rng, year: year)
        case "pc": return PersonalData.workstation(&rng)
        case "name": return PersonalData.name(&rng)
        default: return ""
        }
    }

    /// The same error code as different people write it.
    func codeVariant(_ code: String, _ rng: inout SeededGenerator) -> String {
        guard !code.isEmpty else { return "" }
        let lower = code.lowercased()
        for prefix in ["errore ", "codice ", "error "] where lower.hasPrefix(prefix) {
            let n = String(code.dropFirst(prefix.count))
            return rng.pick([code, code, "errore " + n, "err. " + n, "codice errore " + n, "errore n. " + n, "(" + n + ")"])
        }
        return rng.pick([code, code, "errore " + code, "cod. " + code, "codice " + code, lower, "(" + code + ")"])
    }

    // MARK: Grammar

    /// Preposition + article contractions that slot filling breaks ("a il premio" → "al premio"), and the
    /// doubled word when a code spelt "errore 503" follows the word "errore". Works on words, in one pass.
    private static let stems: [Substring: String] = ["a": "a", "di": "de", "da": "da", "in": "ne", "su": "su",
                                                     "A": "A", "Di": "De", "Da": "Da", "In": "Ne", "Su": "Su"]
    private static let articleSuffix: [Substring: String] = ["il": "l", "lo": "llo", "la": "lla", "i": "i", "gli": "gli",
                                                             "le": "lle"]

    static func tidyItalian(_ text: String) -> String {
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        var out: [Substring] = []
        out.reserveCapacity(words.count)
        var i = 0
        while i < words.count {
            let w = words[i]
            if i + 1 < words.count, let stem = stems[w] {
                let next = words[i + 1]
                if let suffix = articleSuffix[next] {
                    out.append(Substring(stem + suffix))
                    i += 2
                    continue
                }
                if next.hasPrefix("l'") {
                    out.append(Substring(stem + "ll'" + next.dropFirst(2)))
                    i += 2
                    continue
                }
            }
            if i + 1 < words.count, w.lowercased().hasSuffix("errore") {
                let next = words[i + 1]
                if next == "errore" || next == "err." {
                    out.append(w)
                    i += 2
                    continue
                }
                if next == "codice", i + 2 < words.count, words[i + 2] == "errore" {
                    out.append("codice")
                    out.append(w)
                    i += 3
                    continue
                }
            }
            out.append(w)
            i += 1
        }
        return out.joined(separator: " ")
    }

    // MARK: Noise

    private static let accentPlain: [Character: String] = ["à": "a", "è": "e", "é": "e", "ì": "i", "ò": "o", "ù": "u"]
    private static let accentApostrophe: [Character: String] = ["à": "a'", "è": "e'", "é": "e'", "ì": "i'", "ò": "o'", "ù": "u'"]

    func roughen(_ input: String, _ rng: inout SeededGenerator, headline: Bool, caseMode: Double) -> String {
        let accents = rng.unit()
        let shorthand = rng.chance(0.12)
        var words: [String] = []
        for word in input.split(separator: " ", omittingEmptySubsequences: true) {
            var w = String(word)
            if shorthand, let short = Phrasebook.abbreviations[w.lowercased()] { w = short }
            if typoRate > 0, w.count >= 5, w.allSatisfy(\.isLetter), rng.chance(typoRate) { w = typo(w, &rng) }
            words.append(w)
        }
        var text = words.joined(separator: " ")
        if accents < 0.2 {
            text = replace(text, TextWriter.accentPlain)
        } else if accents < 0.3 {
            text = replace(text, TextWriter.accentApostrophe)
        }
        if caseMode < (headline ? 0.07 : 0.02) {
            text = text.uppercased()
        } else if caseMode >= 0.07, caseMode < 0.17 {
            text = text.lowercased()
        }
        return text
    }

    private func replace(_ text: String, _ map: [Character: String]) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            if let r = map[c] { out += r } else { out.append(c) }
        }
        return out
    }

    private func typo(_ word: String, _ rng: inout SeededGenerator) -> String {
        var chars = Array(word)
        let i = 1 + rng.index(chars.count - 2)
        switch rng.index(3) {
        case 0: chars.remove(at: i)
        case 1: chars.swapAt(i, i + 1 < chars.count ? i + 1 : i - 1)
        default: chars.insert(chars[i], at: i)
        }
        return String(chars)
    }
}
