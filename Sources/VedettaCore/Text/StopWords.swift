/// Italian and English stop words: function words removed before stemming.
///
/// Negations ("non", "not", "no", "nor", "senza", "mai") and words that describe problems ("errore", "down",
/// "out", "impossibile", "ancora") are deliberately absent: "non funziona" and "funziona" are different reports.
enum StopWords {
    /// The Italian list. Based on the Snowball Italian stop list (snowball/italian/stop.txt, Copyright (c) 2001
    /// Dr Martin Porter, BSD 3-clause licence), minus "non", plus elision leftovers and a few common fillers.
    static let italian: [String] = [
        "ad", "al", "allo", "ai", "agli", "all", "agl", "alla", "alle", "con", "col", "coi", "da", "dal", "dallo",
        "dai", "dagli", "dall", "dagl", "dalla", "dalle", "di", "del", "dello", "dei", "degli", "dell", "degl",
        "della", "delle", "in", "nel", "nello", "nei", "negli", "nell", "negl", "nella", "nelle", "su", "sul",
        "sullo", "sui", "sugli", "sull", "sugl", "sulla", "sulle", "per", "tra", "contro", "io", "tu", "lui",
        "lei", "noi", "voi", "loro", "mio", "mia", "miei", "mie", "tuo", "tua", "tuoi", "tue", "suo", "sua",
        "suoi", "sue", "nostro", "nostra", "nostri", "nostre", "vostro", "vostra", "vostri", "vostre", "mi",
        "ti", "ci", "vi", "lo", "la", "li", "le", "gli", "ne", "il", "un", "uno", "una", "ma", "ed", "se",
        "perché", "anche", "come", "dov", "dove", "che", "chi", "cui", "più", "quale", "quanto", "quanti",
        "quanta", "quante", "quello", "quelli", "quella", "quelle", "questo", "questi", "questa", "queste",
        "si", "tutto", "tutti", "a", "c", "e", "i", "l", "o",
        "ho", "hai", "ha", "abbiamo", "avete", "hanno", "abbia", "abbiate", "abbiano", "avrò", "avrai", "avrà",
        "avremo", "avrete", "avranno", "avrei", "avresti", "avrebbe", "avremmo", "avreste", "avrebbero", "avevo",
        "avevi", "aveva", "avevamo", "avevate", "avevano", "ebbi", "avesti", "ebbe", "avemmo", "aveste",
        "ebbero", "avessi", "avesse", "avessimo", "avessero", "avendo", "avuto", "avuta", "avuti", "avute",
        "sono", "sei", "è", "siamo", "siete", "sia", "siate", "siano", "sarò", "sarai", "sarà", "saremo",
        "sarete", "saranno", "sarei", "saresti", "sarebbe", "saremmo", "sareste", "sarebbero", "ero", "eri",
        "era", "eravamo", "eravate", "erano", "fui", "fosti", "fu", "fummo", "foste", "furono", "fossi", "fosse",
        "fossimo", "fossero", "essendo",
        "faccio", "fai", "facciamo", "fanno", "faccia", "facciate", "facciano", "farò", "farai", "farà",
        "faremo", "farete", "faranno", "farei", "faresti", "farebbe", "faremmo", "fareste", "farebbero",
        "facevo", "facevi", "faceva", "facevamo", "facevate", "facevano", "feci", "facesti", "fece", "facemmo",
        "faceste", "fecero", "facessi", "facesse", "facessimo", "facessero", "facendo",
        "sto", "stai", "sta", "stiamo", "stanno", "stia", "stiate", "stiano", "starò", "starai", "starà",
        "staremo", "starete", "staranno", "starei", "staresti", "starebbe", "staremmo", "stareste",
        "starebbero", "stavo", "stavi", "stava", "stavamo", "stavate", "stavano", "stetti", "stesti", "stette",
        "stemmo", "steste", "stettero", "stessi", "stesse", "stessimo", "stessero", "stando",
        // Not in the Snowball list: elision leftovers, courtesy formulas and fillers of help-desk mail.
        "d", "m", "s", "t", "v", "n", "po", "quest", "quell", "nessun", "buongiorno", "buonasera", "salve",
        "grazie", "cordiali", "saluti", "gentile", "gentili", "egregio", "spett", "cortesemente", "prego",
        "pure", "poi", "già", "cioè", "ovvero", "oppure", "quindi", "però", "dopo", "prima", "mentre",
        "ogni", "altro", "altra", "altri", "altre", "molto", "tanto", "sempre", "ora", "oggi", "qui", "qua",
        "così", "ecc",
    ]

    /// The English list: the usual function words, without negations and without the particles that carry
    /// meaning in problem reports ("down", "out", "off", "again").
    static let english: [String] = [
        "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "your", "yours", "yourself",
        "yourselves", "he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its", "itself",
        "they", "them", "their", "theirs", "themselves", "what", "which", "who", "whom", "this", "that", "these",
        "those", "am", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had", "having", "do",
        "does", "did", "doing", "would", "should", "could", "ought", "will", "shall", "may", "might", "must",
        "can", "ca", "wo", "a", "an", "the", "and", "but", "if", "or", "because", "as", "until", "while", "of",
        "at", "by", "for", "with", "about", "between", "into", "through", "during", "before", "after", "above",
        "below", "to", "from", "up", "in", "on", "over", "under", "further", "then", "once", "here", "there",
        "when", "where", "why", "how", "all", "any", "both", "each", "few", "more", "most", "other", "some",
        "such", "only", "own", "same", "so", "than", "too", "very", "just", "also", "please", "thanks", "thank",
        "hello", "hi", "dear", "regards", "s", "t", "d", "ll", "m", "re", "ve", "etc",
    ]
}
