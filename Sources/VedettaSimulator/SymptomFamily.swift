/// A way a service fails, in the words of the people who hit it: Italian and English subjects and bodies,
/// and the fix that closes the tickets. Each injected failure gets one family and its own error code, so that
/// two failures of one service read differently.
struct SymptomFamily: Sendable {
    let name: String
    let subjects: [Template]
    let bodies: [Template]
    let subjectsEN: [Template]
    let bodiesEN: [Template]
    let resolutions: [Template]

    init(_ name: String, subjects: [String], bodies: [String], en: [String], enBodies: [String], fixes: [String]) {
        self.name = name
        self.subjects = subjects.map(Template.init)
        self.bodies = bodies.map(Template.init)
        self.subjectsEN = en.map(Template.init)
        self.bodiesEN = enBodies.map(Template.init)
        self.resolutions = fixes.map(Template.init)
    }

    /// Families for ordinary failures (`sudden`, `slow`, `during-rush`), in the order defaults are assigned.
    static let ordinary = ["submit-error", "blank-page", "timeout", "wrong-data", "download-failed",
                           "missing-receipt", "upload-rejected"]
    /// Families whose words appear nowhere else (`small-new`).
    static let novel = ["new-timestamp", "new-xml-schema", "new-otp", "new-ateco", "new-iban-check"]
    /// Families of an authentication outage seen from dependent services (`dependency`).
    static let login = ["login-error", "login-loop"]
    /// Every family name, for scenario validation.
    static let names = ordinary + novel + login

    static func named(_ name: String) -> SymptomFamily { all.first { $0.name == name } ?? all[0] }

    static let all: [SymptomFamily] = [
        SymptomFamily(
            "submit-error",
            subjects: ["[Errore|ERRORE|Errore bloccante] {code} [all'invio|in fase di invio|durante l'invio]",
                       "Impossibile {act} - {code}", "{svc}: [errore|errore bloccante] {code}",
                       "[Non riesco a|Non si riesce a] {act} [errore {code}|]", "[URGENTE|Urgente]: {svc} [in errore|da errore] {code}"],
            bodies: ["[Quando|Appena|Ogni volta che] [provo a|cerco di] {act} [compare|esce|viene fuori] [l'errore|il messaggio di errore|il messaggio] {code} [e la pratica non parte|e non si va avanti|e non viene inviata niente].",
                     "Da [stamattina|un'ora|poco fa|mezzogiorno] non riesco a {act}: dopo [la firma|aver cliccato su Invia|la conferma] esce {code}.",
                     "[Ho riprovato|Riprovato] [più volte|3 volte|anche con un altro browser|svuotando la cache] ma [ottengo sempre|esce sempre|ricevo ogni volta] {code}.",
                     "[Il sistema|Il portale|La procedura] [restituisce|mi dà|risponde con] {code} [quando invio|all'invio di] {obj}, [è un problema vostro|è un problema generale?|potete verificare?]"],
            en: ["Error {code} when submitting", "Cannot {actEN}: {code}"],
            enBodies: ["When I try to {actEN} I get {code} and the submission does not go through.",
                       "Since this morning every attempt to {actEN} ends with {code}. I tried another browser too."],
            fixes: ["Risolto il malfunzionamento del servizio che restituiva {code} all'invio: riprovare, l'invio ora va a buon fine.",
                    "Anomalia tecnica ({code}) corretta dal fornitore; le pratiche possono essere reinviate."]),
        SymptomFamily(
            "blank-page",
            subjects: ["Pagina bianca [dopo la firma|dopo la conferma|su {svc}]", "{svc} [pagina bianca|schermata bianca|si blocca]",
                       "Schermata [vuota|bianca] [quando confermo|su Avanti]"],
            bodies: ["[Cliccando su|Dopo aver premuto] [Conferma|Invia|Avanti] la pagina di {svc} [resta bianca|diventa bianca|si blocca] [e non succede nulla|senza nessun messaggio] [({code})|].",
                     "[Arrivo|Arrivato] all'ultimo passaggio per {act} ma [lo schermo diventa bianco|resta tutto bianco] e [la rotellina gira all'infinito|non compare niente].",
                     "Schermata bianca su {svc} [da stamattina|da un'ora|da ieri pomeriggio] [con tutti i browser|sia con Chrome che con Edge] [, in console {code}|]."],
            en: ["Blank page after confirming on {svcEN}"],
            enBodies: ["After I click Confirm the {svcEN} page goes blank and nothing happens ({code})."],
            fixes: ["Corretto l'errore di pagina bianca in fase di conferma ({code}); servizio di nuovo regolare."]),
        SymptomFamily(
            "timeout",
            subjects: ["{svc} [lentissimo|non risponde|va in timeout]", "Timeout [su|per] {svc} {code}",
                       "[Tempo scaduto|Tempi di risposta lunghissimi] [per|su] {svc}"],
            bodies: ["[Il servizio|La procedura] {svc} [è lentissimo|non risponde] e dopo [qualche minuto|due minuti|cinque minuti] [va in timeout|esce 'tempo scaduto'|si interrompe] [{code}|].",
                     "[Per|Provando a] {act} [aspetto|attendo] [minuti|un'eternità] e poi [timeout|la connessione si interrompe] {code}.",
                     "[Oggi|Da stamani] {svc} [è inutilizzabile|non carica], [ogni pagina|ogni passaggio] [ci mette minuti|va in timeout]."],
            en: ["{svcEN} timing out", "Timeout {code}"],
            enBodies: ["{svcEN} is extremely slow and then times out with {code}."],
            fixes: ["Risolto il problema di prestazioni che causava timeout ({code}); tempi di risposta tornati normali."]),
        SymptomFamily(
            "wrong-data",
            subjects: ["Dati [errati|sbagliati] [in|su] {obj}", "{svc}: [importi errati|dati di un'altra azienda]",
                       "[Anomalia|Errore] dati {svc} {code}"],
            bodies: ["In {obj} [compaiono|vedo|risultano] [dati di un'altra azienda|importi sbagliati|date errate|nominativi che non conosco], [non sono i miei|non corrispondono] [({code})|].",
                     "[Aprendo|Consultando] {obj} [gli importi|i dati] sono [completamente diversi|raddoppiati|a zero] rispetto a [ieri|quanto inviato].",
                     "[Attenzione:|Segnalo che] {svc} mostra [dati non miei|dati anagrafici sbagliati|una ragione sociale diversa] [, codice {code}|]."],
            en: ["Wrong data in {svcEN}"],
            enBodies: ["The {svcEN} page shows data that is not mine, amounts are wrong ({code})."],
            fixes: ["Corretta l'anomalia che mostrava dati errati ({code}); i dati visualizzati sono di nuovo corretti."]),
        SymptomFamily(
            "download-failed",
            subjects: ["Non si scarica {obj}", "[Download|Scarico] {obj} [fallito|non funziona] {code}",
                       "PDF [non si apre|vuoto|danneggiato] [su|da] {svc}"],
            bodies: ["[Il PDF|Il file|Il documento] di {obj} [non si apre|risulta danneggiato|è vuoto|pesa 0 KB], [errore|messaggio] {code} [durante il download|al download].",
                     "Non riesco a [scaricare|salvare|stampare] {obj}: [il download parte e si interrompe|il link non funziona] {code}.",
                     "[Cliccando su Scarica|Dal pulsante Stampa] [esce|compare] {code} e [nessun file|nessun PDF] viene scaricato."],
            en: ["Cannot download {svcEN} document"],
            enBodies: ["The PDF from {svcEN} is empty or corrupted, download fails with {code}."],
            fixes: ["Ripristinata la generazione dei PDF ({code}); i documenti si scaricano regolarmente."]),
        SymptomFamily(
            "missing-receipt",
            subjects: ["[Manca|Nessuna] ricevuta [dopo l'invio|di protocollo]", "Ricevuta [non generata|non arriva] {svc}",
                       "Inviato ma [senza protocollo|nessun numero di protocollo]"],
            bodies: ["Ho [provato a|appena finito di] {act}, il sistema [dice|segnala] che è andato a buon fine ma [non arriva|non ricevo|non compare] [la ricevuta|il numero di protocollo] [({code})|].",
                     "[Dopo|Alla fine del]l'invio [non viene generata|manca] la ricevuta e nelle pratiche inviate {obj} [risulta 'in elaborazione'|non c'è] {code}.",
                     "[Non so|Non capisco] se {obj} è stata [acquisita|inviata]: nessuna ricevuta [da ore|da ieri], stato {code}."],
            en: ["No receipt after submission"],
            enBodies: ["I submitted but never got a receipt or protocol number, status {code}."],
            fixes: ["Rigenerate le ricevute mancanti ({code}): le pratiche risultano protocollate con la data dell'invio originale."]),
        SymptomFamily(
            "upload-rejected",
            subjects: ["Allegato rifiutato [{code}|]", "[Non riesco a caricare|Errore caricamento] [allegati|il PDF firmato]",
                       "{svc}: file [p7m|firmato] [non accettato|rifiutato]"],
            bodies: ["[Non riesco a caricare|Viene rifiutato] [l'allegato|il PDF firmato|il file p7m] [per|su] {svc}: [formato non valido|dimensione eccessiva|firma non riconosciuta] {code}.",
                     "[Il caricamento|L'upload] degli allegati [si ferma al 99%|fallisce sempre] con {code}, [anche con file piccoli|anche un PDF di 100 KB]."],
            en: ["Attachment rejected {code}"],
            enBodies: ["Uploading the signed PDF to {svcEN} fails with {code}, even small files."],
            fixes: ["Corretta la validazione degli allegati ({code}); il caricamento funziona di nuovo."]),
        SymptomFamily(
            "new-timestamp",
            subjects: ["Marca temporale [non verificabile|scaduta] {code}", "[Errore|Problema] TSA [su|con] {svc}"],
            bodies: ["[Il sistema rifiuta|Viene rifiutato] il documento con il messaggio 'marca temporale non verificabile dal server TSA' {code}.",
                     "[La marcatura temporale|Il timestamp] [risulta|viene segnalato] [scaduto|revocato] anche se [appena apposto|apposto oggi], {code}."],
            en: ["Timestamp (TSA) rejected {code}"],
            enBodies: ["The document is rejected: 'time stamp token could not be verified by the TSA' {code}."],
            fixes: ["Aggiornato il certificato della TSA ({code}); le marche temporali sono di nuovo accettate."]),
        SymptomFamily(
            "new-xml-schema",
            subjects: ["Tracciato XML [rifiutato|scartato] {code}", "Schema XSD [non valido|errato] [per|su] {svc}"],
            bodies: ["Il tracciato XML [generato dal gestionale|dal nostro software paghe] viene scartato: 'elemento obbligatorio mancante nel nodo' {code}.",
                     "[Validazione XSD|La validazione dello schema] [fallisce|non passa] [sul campo|nel nodo] [DataEvento|CodiceSede|Qualifica] {code}."],
            en: ["XML file rejected by schema {code}"],
            enBodies: ["Our payroll software's XML file is rejected: schema validation fails on a mandatory node {code}."],
            fixes: ["Ripristinata la versione corretta dello schema XSD ({code}); i tracciati vengono accettati."]),
        SymptomFamily(
            "new-otp",
            subjects: ["Codice OTP [desincronizzato|non accettato] {code}", "Token [OTP|hardware] [fuori sequenza|rifiutato]"],
            bodies: ["Il codice OTP del token [hardware|] [viene rifiutato|risulta fuori sequenza] [anche se appena generato|ad ogni tentativo] {code}.",
                     "[Dopo|Con] la sincronizzazione del token il sistema dice 'sequenza OTP non valida' {code}."],
            en: ["OTP code rejected {code}"],
            enBodies: ["The one-time password from my token is always rejected as out of sequence {code}."],
            fixes: ["Risincronizzato il server OTP ({code}); i codici vengono di nuovo accettati."]),
        SymptomFamily(
            "new-ateco",
            subjects: ["Codice ATECO [non riconosciuto|non valido] {code}", "Classificazione ATECO 2025 [errore|scarto]"],
            bodies: ["Il nuovo codice ATECO 2025 [dell'impresa|della ditta] [non viene riconosciuto|risulta incompatibile con la voce di tariffa] {code}.",
                     "[Inserendo|Con] la classificazione ATECO aggiornata [compare|esce] 'voce di tariffa incompatibile' {code}."],
            en: ["ATECO code not recognised {code}"],
            enBodies: ["The new 2025 ATECO activity code is rejected as incompatible with the tariff item {code}."],
            fixes: ["Aggiornata la tabella di raccordo ATECO 2025 ({code}); i codici sono riconosciuti."]),
        SymptomFamily(
            "new-iban-check",
            subjects: ["Controllo CIN [fallito|errato] sull'IBAN {code}", "BIC [non coerente|incongruente] {code}"],
            bodies: ["[Inserendo|Comunicando] l'IBAN {iban} il sistema dice 'CIN non coerente con ABI e CAB' {code}, ma [la banca conferma che è giusto|è corretto].",
                     "[Il controllo|La verifica] dell'IBAN [estero|] [fallisce|si blocca] con 'BIC non coerente' {code}."],
            en: ["IBAN check digit rejected {code}"],
            enBodies: ["Entering my IBAN gives 'check digit not consistent with bank code' {code}; the bank says it is right."],
            fixes: ["Corretto il controllo di coerenza CIN/BIC ({code}); gli IBAN validi sono accettati."]),
        SymptomFamily(
            "login-error",
            subjects: ["Errore [SPID|di accesso|login] [su|per] {dep}", "Non riesco ad entrare in {dep} [con SPID|con la CIE] {code}",
                       "[SPID|Login] non funziona [{code}|]", "Accesso negato {dep} {code}"],
            bodies: ["[Da stamattina|Da un'ora|Oggi] non riesco ad [accedere a|entrare in] {dep}: [dopo il login SPID|dopo l'autenticazione con CIE] [compare|esce] {code}.",
                     "[Provo a|Cerco di] {depact} ma [il login con SPID|l'autenticazione] [fallisce|dà errore] {code}, [con tutti i provider|sia con Poste che con Aruba|anche con la CIE].",
                     "[Errore di autenticazione|Accesso negato] [quando entro|entrando] [in|su] {dep} ({code}), [non posso lavorare|ho una scadenza oggi]."],
            en: ["SPID login error on {depEN}", "Login fails {code}"],
            enBodies: ["I cannot log in to {depEN}: after SPID authentication I get {code}.",
                       "Sign-in with SPID or CIE fails with {code}, so I cannot reach {depEN}."],
            fixes: ["Risolto il malfunzionamento del sistema di autenticazione SPID/CIE ({code}); l'accesso ai servizi è di nuovo regolare."]),
        SymptomFamily(
            "login-loop",
            subjects: ["Login [SPID|CIE] [torna alla pagina iniziale|in loop]", "{dep}: rimando continuo al login",
                       "[Sessione scaduta|Sessione scade] subito dopo l'accesso {code}"],
            bodies: ["Dopo [l'autenticazione|il login] con [SPID|CIE] [vengo rimandato|torno] alla pagina di accesso [in loop|all'infinito] e non entro in {dep} {code}.",
                     "[Appena entrato|Subito dopo l'accesso] in {dep} [mi dice|compare] 'sessione scaduta' [e devo rifare il login|e mi butta fuori] {code}."],
            en: ["Login loop on {depEN}"],
            enBodies: ["After SPID sign-in I am sent back to the login page again and again, cannot open {depEN} ({code})."],
            fixes: ["Corretto il problema di sessione dopo il login SPID/CIE ({code}); l'accesso funziona."]),
        SymptomFamily(
            "maintenance",
            subjects: ["{svc} non disponibile", "[Servizio|Sito] in manutenzione?", "{svc} [fuori servizio|non funziona] [stasera|oggi]"],
            bodies: ["[Provando a|Cerco di] {act} [ma|e] [compare|esce] il messaggio 'servizio temporaneamente non disponibile per manutenzione'.",
                     "{svc} [non è raggiungibile|è giù|non si apre], [quando torna disponibile|fino a quando dura la manutenzione]?",
                     "[È prevista|C'è] una manutenzione [su|di] {svc}? [Ho una scadenza|Devo {act}] [oggi|entro domani]."],
            en: ["{svcEN} unavailable"],
            enBodies: ["{svcEN} says 'temporarily unavailable for maintenance'. When will it be back?"],
            fixes: ["Manutenzione programmata conclusa: il servizio è di nuovo disponibile."]),
    ]
}
