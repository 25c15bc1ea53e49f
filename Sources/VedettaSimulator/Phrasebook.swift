/// Words shared by every service: greetings, closings, generic questions, follow-ups, sentences carrying
/// personal data, and the shorthand people type in a hurry.
enum Phrasebook {
    static let greetings = ["Buongiorno,", "Buongiorno", "Salve,", "Gentile assistenza,", "Buonasera,", "Spett.le ufficio,",
                            "Gentili signori,", "Ciao,", "Buon giorno,"].map(Template.init)
    static let closings = ["Grazie.", "Cordiali saluti.", "Resto in attesa di riscontro.", "Grazie mille, {name}",
                           "Saluti, {name}", "Urgente, grazie!!", "Grazie anticipatamente.", "Distinti saluti.",
                           "Attendo vostre notizie."].map(Template.init)
    static let greetingsEN = ["Hello,", "Good morning,", "Hi,", "Dear support,"].map(Template.init)
    static let closingsEN = ["Thanks.", "Kind regards, {name}", "Best regards.", "Thank you in advance."].map(Template.init)

    /// Sentences that carry personal data (to be redacted downstream).
    static let personal = [
        "Il mio codice fiscale è {cf}.", "[CF|C.F.|cod. fiscale] {cf}", "Potete [richiamarmi|contattarmi] al {phone}.",
        "Rispondetemi a {email} [per favore|].", "[Rif.|Riferimento] pratica {prot}.", "[Come da|Vedi] ticket {ticketref}.",
        "PAT {pat}, [codice ditta|cod. ditta] {pat}.", "Accredito su IBAN {iban}.", "[Tel.|Cell.] {phone} - {email}",
        "Lavoratore: {name}, CF {cf}.",
    ].map(Template.init)
    static let personalEN = ["My tax code is {cf}.", "Please call me on {phone}.", "Reply to {email} please.",
                             "Reference {prot}."].map(Template.init)

    /// Generic questions that fit any service, for variety beyond the service's own topics.
    static let genericTopics: [ServiceLexicon.Topic] = [
        ServiceLexicon.Topic(
            category: "richiesta informazioni",
            subjects: ["[Informazioni|Info|Domanda|Chiarimento] [su|per] {svc}", "Come {act}?", "{svc} - [richiesta info|domanda]"].map(Template.init),
            bodies: ["[Vorrei sapere|Vorrei capire|Non ho capito] come {act} [dal portale|online|].",
                     "Non [trovo|riesco a trovare] [dove|la funzione per] {act} [nel portale|sul sito|nel menu], [potete aiutarmi|mi indicate il percorso]?",
                     "È possibile {act} anche [da telefono|da tablet|per conto di un'altra azienda|senza SPID]?",
                     "[Mi serve|Ho bisogno di] {act} [entro fine mese|entro venerdì|con urgenza], [qual è la procedura|come devo procedere]?"].map(Template.init),
            resolutions: ["Inviate le istruzioni per {act} e il link alla guida.", "Spiegato il percorso nel portale per {act}.",
                          "Risposto al quesito con la procedura standard."].map(Template.init)),
        ServiceLexicon.Topic(
            category: "stato pratica",
            subjects: ["Sollecito [pratica|richiesta] {prot}", "[Stato|Esito] richiesta {svc}", "[Nessuna risposta|Ancora nessuna risposta] [su|per] {obj}"].map(Template.init),
            bodies: ["A che punto è [la mia richiesta|la pratica] {prot} [su|per] {svc}? [L'ho inviata|È stata inviata] il {date}.",
                     "[Sollecito|Sollecitiamo] [la richiesta|la pratica] del {date} [relativa a|su] {obj}, [non abbiamo ancora avuto risposta|è ancora aperta].",
                     "[Ho già scritto|Abbiamo già aperto il ticket {ticketref}] ma [nessuno ha risposto|non ho notizie] [su|riguardo a] {obj}."].map(Template.init),
            resolutions: ["Fornito aggiornamento sullo stato della pratica.", "Pratica verificata e sollecitata alla sede competente."].map(Template.init)),
    ]
    static let genericTopicsEN: [ServiceLexicon.Topic] = [
        ServiceLexicon.Topic(
            category: "richiesta informazioni",
            subjects: ["Question about {svcEN}", "How do I {actEN}?", "Help with {svcEN}"].map(Template.init),
            bodies: ["I would like to know how to {actEN}. I am a foreign [employer|worker|consultant] and the site is only in Italian.",
                     "Could you explain how I can {actEN}? I could not find it on the portal."].map(Template.init),
            resolutions: ["Answered in English with the steps to follow."].map(Template.init)),
        ServiceLexicon.Topic(
            category: "stato pratica",
            subjects: ["Status of my request {prot}", "No answer about {svcEN}"].map(Template.init),
            bodies: ["I sent my request on {date} (reference {prot}) and have had no answer yet about {svcEN}."].map(Template.init),
            resolutions: ["Status update sent in English."].map(Template.init)),
    ]

    static let followUps = ["Sollecito: [il problema persiste|nessuna novità].", "Aggiunti [allegati|screenshot] richiesti.",
                            "[L'utente|Il richiedente] [ha richiamato|ha scritto di nuovo] [per sollecitare|chiedendo tempi]."].map(Template.init)
    static let reopenings = ["[Il problema si ripresenta|Non è risolto|Di nuovo lo stesso problema].",
                             "Riapro: [la soluzione non ha funzionato|ancora non funziona]."].map(Template.init)
    static let repeatPrefixes = ["", "SOLLECITO - ", "Ancora: ", "RE: ", "[2° sollecito] ", "URGENTE - "]

    /// Shorthand of hurried writers: whole-word replacements.
    static let abbreviations: [String: String] = [
        "non": "nn", "per": "x", "che": "ke", "perché": "xké", "comunque": "cmq", "messaggio": "msg", "grazie": "grz",
        "buongiorno": "bgiorno", "questo": "qsto", "documento": "doc", "numero": "n.", "dipendente": "dip.",
        "azienda": "az.", "sono": "sn", "anche": "anke", "tutto": "tt",
    ]
}
