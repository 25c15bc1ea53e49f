/// The words people use for one service (its names, the documents it handles, what they try to do with it)
/// and its own ordinary topics. The names double as the aliases that `rules/services.yaml` should list.
struct ServiceLexicon: Sendable {
    /// One ordinary topic: a how-to question or a status request, with the answer that closes it.
    struct Topic: Sendable {
        let category: String
        let subjects: [Template]
        let bodies: [Template]
        let resolutions: [Template]
    }

    let service: String
    let names: [String]
    let objects: [String]
    let actions: [String]
    let namesEN: [String]
    let actionsEN: [String]
    let topics: [Topic]

    init(_ service: String, names: [String], objects: [String], actions: [String], en: [String],
         enActions: [String], topics: [(String, [String], [String], [String])]) {
        self.service = service
        self.names = names
        self.objects = objects
        self.actions = actions
        self.namesEN = en
        self.actionsEN = enActions
        self.topics = topics.map { t in
            Topic(category: t.0, subjects: t.1.map(Template.init), bodies: t.2.map(Template.init),
                  resolutions: t.3.map(Template.init))
        }
    }

    /// Lexicons of every service, in `Institution.services` order.
    static let all: [ServiceLexicon] = [
        ServiceLexicon(
            "autenticazione",
            names: ["SPID", "accesso con SPID", "login", "CIE", "accesso ai servizi online", "credenziali SPID/CIE",
                    "autenticazione", "CNS"],
            objects: ["le credenziali", "l'identità digitale", "il profilo utente", "la delega di accesso"],
            actions: ["accedere al portale", "entrare nell'area riservata", "fare il login con SPID",
                      "autenticarmi con la CIE", "accedere con la CNS"],
            en: ["SPID login", "the login", "sign-in with CIE"],
            enActions: ["log in to the portal", "sign in with SPID", "access my account"],
            topics: [
                ("richiesta informazioni",
                 ["[Come|Come si fa ad] accedere con SPID", "Accesso per delegato", "[Info|Informazioni] accesso CIE"],
                 ["[Vorrei sapere|Non ho capito] come [si accede|accedere] al portale con [SPID|la CIE|la CNS] per conto dell'azienda.",
                  "Sono [un consulente|un intermediario|il legale rappresentante] e devo [abilitare|aggiungere] un delegato: [quale è la procedura|come devo fare]?",
                  "Ho [appena|da poco] ottenuto lo SPID, [come faccio|cosa devo fare] per vedere le mie pratiche?"],
                 ["Indicata la procedura di accesso con SPID/CIE e il percorso per la gestione delle deleghe.",
                  "Inviata la guida all'accesso: profilo, ruolo e delega si scelgono dopo il login."]),
                ("profilo utente",
                 ["Cambio profilo [dopo il login|azienda]", "Non vedo [le mie aziende|il profilo intermediario]"],
                 ["Dopo l'accesso con SPID non trovo [il profilo|il ruolo] di [intermediario|legale rappresentante], [come lo attivo|chi lo deve abilitare]?",
                  "Ho più aziende [associate|collegate] ma dopo il login ne vedo [solo una|nessuna]."],
                 ["Spiegato come scegliere il profilo dopo il login; abilitazione verificata dall'operatore."]),
            ]),
        ServiceLexicon(
            "denuncia-infortunio",
            names: ["denuncia di infortunio", "denuncia infortunio", "comunicazione di infortunio", "denuncia on line infortunio"],
            objects: ["la denuncia", "la denuncia di infortunio", "la comunicazione di infortunio", "la ricevuta della denuncia"],
            actions: ["inviare la denuncia di infortunio", "trasmettere la denuncia", "compilare la denuncia di infortunio",
                      "firmare e inviare la denuncia"],
            en: ["accident report", "workplace accident report"],
            enActions: ["submit the accident report", "send the workplace accident report"],
            topics: [
                ("richiesta informazioni",
                 ["Termini [per la|di invio] denuncia infortunio", "Denuncia infortunio [entro quanto|scadenza]",
                  "Infortunio in itinere: [va denunciato?|come fare]"],
                 ["Un [dipendente|nostro operaio|lavoratore] si è infortunato [ieri|venerdì|stamattina], entro quanti giorni [devo|dobbiamo] inviare la denuncia?",
                  "[Come si compila|Come compilare] la denuncia di infortunio per un infortunio in itinere?",
                  "Il certificato medico [del lavoratore|del dipendente] ha prognosi di [3|4|5] giorni: va fatta la denuncia di infortunio?"],
                 ["Indicati i termini di invio della denuncia (2 giorni dalla ricezione del certificato) e la guida alla compilazione.",
                  "Spiegato che con prognosi oltre 3 giorni la denuncia è obbligatoria; inviato il link alla guida."]),
                ("stato pratica",
                 ["Stato denuncia [prot.|n.] {prot}", "[Esito|Stato] della denuncia di infortunio"],
                 ["Ho inviato la denuncia di infortunio [il|in data] {date} (protocollo {prot}) e vorrei sapere [lo stato|a che punto è].",
                  "[Non ho ricevuto|Manca] l'esito della denuncia {prot}, [potete verificare|mi date notizie]?"],
                 ["Verificato lo stato: la denuncia risulta protocollata e in istruttoria presso la sede competente."]),
                ("rettifica",
                 ["Rettifica denuncia infortunio", "Errore nei dati della denuncia"],
                 ["Ho sbagliato [la data dell'evento|l'orario|il codice fiscale del lavoratore] nella denuncia già inviata, come [posso correggere|faccio la rettifica]?"],
                 ["Indicata la funzione di rettifica della denuncia dal menu pratiche inviate."]),
            ]),
        ServiceLexicon(
            "denuncia-malattia-professionale",
            names: ["denuncia di malattia professionale", "malattia professionale", "denuncia MP"],
            objects: ["la denuncia di malattia professionale", "la pratica di malattia professionale", "la denuncia MP"],
            actions: ["inviare la denuncia di malattia professionale", "trasmettere la denuncia MP",
                      "allegare la documentazione sanitaria alla denuncia di malattia professionale"],
            en: ["occupational disease report"],
            enActions: ["submit the occupational disease report"],
            topics: [
                ("richiesta informazioni",
                 ["Malattia professionale: [documenti|cosa serve]", "Denuncia malattia professionale [tempi|termini]"],
                 ["Quali documenti [servono|devo allegare] per la denuncia di malattia professionale [di un ex dipendente|di un lavoratore]?",
                  "[Il medico ha|È stato] [rilasciato|emesso] il certificato di malattia professionale: [chi deve|entro quando si deve] fare la denuncia?"],
                 ["Inviato l'elenco dei documenti e i termini (5 giorni dalla conoscenza) per la denuncia di malattia professionale."]),
                ("stato pratica",
                 ["[Esito|Stato] pratica malattia professionale {prot}"],
                 ["[Sono un patronato e|Come patronato] chiediamo lo stato della pratica di malattia professionale {prot} [dell'assistito|del nostro assistito]."],
                 ["Comunicato lo stato della pratica: in valutazione medico-legale."]),
            ]),
        ServiceLexicon(
            "autoliquidazione",
            names: ["autoliquidazione", "autoliquidazione premi", "dichiarazione delle retribuzioni", "basi di calcolo",
                    "premio annuale"],
            objects: ["la dichiarazione delle retribuzioni", "le basi di calcolo", "il premio di autoliquidazione",
                      "il modello F24 del premio", "la rata del premio"],
            actions: ["inviare la dichiarazione delle retribuzioni", "calcolare il premio", "scaricare le basi di calcolo",
                      "fare l'autoliquidazione", "rateizzare il premio"],
            en: ["premium self-assessment", "annual premium"],
            enActions: ["file the annual premium self-assessment", "download the premium calculation basis"],
            topics: [
                ("richiesta informazioni",
                 ["Scadenza autoliquidazione [16 febbraio|2026]", "Rateizzazione premio [autoliquidazione|annuale]",
                  "[Dubbio|Domanda] su autoliquidazione"],
                 ["[Qual è|Mi confermate] la scadenza per il pagamento del premio di autoliquidazione e per l'invio della dichiarazione delle retribuzioni?",
                  "[Vorrei|Vorremmo] rateizzare il premio in quattro rate: [come si indica|dove va indicato] nella dichiarazione?",
                  "Non trovo le basi di calcolo [per la PAT|della posizione] {pat}, [dove le scarico|in quale sezione sono]?",
                  "Come si calcola la riduzione del premio [per la nuova azienda|per le aziende virtuose] in autoliquidazione?"],
                 ["Confermata la scadenza del 16 febbraio per pagamento e dichiarazione; spiegata la rateizzazione in 4 rate.",
                  "Indicato il percorso per scaricare le basi di calcolo dalla sezione autoliquidazione."]),
                ("riduzioni e calcolo",
                 ["Calcolo premio [per|della] PAT {pat}", "Basi di calcolo non aggiornate?", "Retribuzioni [presunte|effettive] autoliquidazione"],
                 ["Nelle basi di calcolo della PAT {pat} [il tasso|la voce di tariffa] [non mi torna|sembra diverso dall'anno scorso], potete verificare?",
                  "Per le retribuzioni presunte [del nuovo anno|2026] [posso|devo] indicare [un importo inferiore|zero] se l'attività è sospesa?"],
                 ["Verificate le basi di calcolo: tasso corretto per la voce di tariffa; inviata nota esplicativa."]),
            ]),
        ServiceLexicon(
            "durc-online",
            names: ["DURC", "DURC online", "durc on line", "regolarità contributiva", "documento unico di regolarità contributiva"],
            objects: ["il DURC", "la richiesta di DURC", "il documento di regolarità", "l'esito del DURC"],
            actions: ["richiedere il DURC", "scaricare il DURC", "consultare la regolarità contributiva",
                      "verificare il DURC di un fornitore"],
            en: ["DURC", "contribution compliance certificate"],
            enActions: ["request the DURC", "download the DURC certificate"],
            topics: [
                ("richiesta informazioni",
                 ["DURC [in verifica|in lavorazione] da [giorni|una settimana]", "Richiesta DURC [urgente|per gara]",
                  "Validità DURC"],
                 ["Il DURC risulta in verifica da [10|12|15] giorni e ci serve [per una gara|per il SAL|per il pagamento della fattura], [quando sarà disponibile|potete sollecitare]?",
                  "[Quanto dura|Qual è la validità di] un DURC regolare? Ci serve [per un appalto|per l'ente committente].",
                  "Come [verifico|controllo] il DURC di un [fornitore|subappaltatore] senza delega?"],
                 ["Spiegato che il DURC vale 120 giorni; l'istruttoria si chiude entro 30 giorni dalla richiesta.",
                  "Indicata la consultazione con codice fiscale dell'impresa: non serve delega."]),
                ("irregolarità",
                 ["Invito a regolarizzare DURC", "DURC irregolare [ma ho pagato|non capisco perché]"],
                 ["Ho ricevuto l'invito a regolarizzare per il DURC ma [ho già pagato|il pagamento risulta fatto] il {date} con F24, cosa devo fare?",
                  "Il DURC [esce|risulta] irregolare per un importo di [12|48|230] euro che [non riconosco|non mi risulta]."],
                 ["Verificato il pagamento: la regolarizzazione è registrata, il DURC sarà emesso come regolare."]),
            ]),
        ServiceLexicon(
            "certificati-medici",
            names: ["certificato medico", "certificati medici", "certificato di infortunio", "certificato medico telematico"],
            objects: ["il certificato medico", "il certificato di infortunio", "il certificato di continuazione",
                      "l'elenco dei certificati"],
            actions: ["consultare il certificato medico", "scaricare il certificato medico",
                      "trovare il certificato del lavoratore", "vedere i certificati di continuazione"],
            en: ["medical certificate", "injury certificate"],
            enActions: ["download the medical certificate", "view the injury certificate"],
            topics: [
                ("richiesta informazioni",
                 ["Certificato medico [non visibile|da consultare]", "[Ricerca|Consultazione] certificati medici"],
                 ["Come [datore di lavoro|azienda] [dove trovo|come consulto] il certificato medico del [dipendente|lavoratore] infortunato?",
                  "Il medico dice di aver inviato il certificato [ieri|il {date}] ma [non lo vedo|non compare] nell'elenco: [è normale|quanto tempo ci vuole]?"],
                 ["Spiegato che il certificato è consultabile con il numero identificativo e il codice fiscale del lavoratore.",
                  "Il certificato compare entro 24 ore dall'invio del medico; indicato il percorso di ricerca."]),
                ("stato pratica",
                 ["Certificato di continuazione [n.|numero] {prot}"],
                 ["[Mi serve|Cerco] il certificato di continuazione {prot} per [il lavoratore|mio marito|il mio dipendente], [come lo ottengo|dove lo trovo]?"],
                 ["Indicato come ottenere il certificato dal medico o dalla sede."]),
            ]),
        ServiceLexicon(
            "pagamenti-pagopa",
            names: ["pagoPA", "pagamento pagoPA", "avviso pagoPA", "pagamenti online", "portale dei pagamenti"],
            objects: ["l'avviso di pagamento", "la ricevuta di pagamento", "il pagamento pagoPA", "il codice avviso IUV"],
            actions: ["pagare l'avviso pagoPA", "scaricare la ricevuta di pagamento", "generare l'avviso di pagamento",
                      "pagare con carta su pagoPA"],
            en: ["pagoPA payment", "payment notice"],
            enActions: ["pay the pagoPA notice", "download the payment receipt"],
            topics: [
                ("richiesta informazioni",
                 ["[Come|Dove] pago [l'avviso|con pagoPA]", "Ricevuta pagamento [pagoPA|avviso]", "Pagamento [doppio|duplicato]?"],
                 ["Come posso pagare l'avviso pagoPA [in banca|con l'home banking|dal tabaccaio] e dove [trovo|scarico] la ricevuta?",
                  "[Ho pagato|Abbiamo pagato] lo stesso avviso [due volte|2 volte] per errore, come [chiedo il rimborso|ottengo la restituzione] sull'IBAN {iban}?",
                  "Il codice avviso [IUV|dell'avviso] {prot} [risulta|è] [già pagato|scaduto]: [cosa devo fare|come rigenero l'avviso]?"],
                 ["Indicati i canali di pagamento pagoPA e il percorso per scaricare la ricevuta.",
                  "Aperta la richiesta di rimborso per pagamento duplicato; tempi di lavorazione comunicati."]),
            ]),
        ServiceLexicon(
            "fascicolo-aziendale",
            names: ["fascicolo aziendale", "fascicolo dell'azienda", "posizione assicurativa", "PAT", "anagrafica aziendale"],
            objects: ["il fascicolo aziendale", "la posizione assicurativa territoriale", "l'anagrafica della ditta",
                      "la visura della posizione"],
            actions: ["aggiornare l'anagrafica aziendale", "consultare il fascicolo aziendale",
                      "variare i dati della PAT", "cessare la posizione assicurativa"],
            en: ["company file", "company record"],
            enActions: ["update the company record", "view the company file"],
            topics: [
                ("variazione dati",
                 ["Variazione [sede legale|legale rappresentante|PEC] [azienda|ditta]", "Cessazione PAT {pat}",
                  "[Aggiornamento|Modifica] anagrafica aziendale"],
                 ["Dobbiamo comunicare [il cambio di sede legale|il nuovo legale rappresentante|la nuova PEC] della ditta, [quale modulo|come si fa] dal fascicolo aziendale?",
                  "L'attività è cessata il {date}: come chiudo la posizione assicurativa PAT {pat}?",
                  "Nel fascicolo aziendale [l'indirizzo|il codice ATECO|la ragione sociale] non è aggiornato, come [lo correggo|lo modifico]?"],
                 ["Indicata la denuncia di variazione dal fascicolo aziendale e i termini di 30 giorni.",
                  "Spiegata la procedura di cessazione della PAT con la denuncia di cessazione."]),
                ("stato pratica",
                 ["Variazione {prot} [ancora|non] lavorata"],
                 ["La variazione inviata il {date} (prot. {prot}) non risulta [ancora|] nel fascicolo aziendale, [potete verificare|a che punto è]?"],
                 ["Verificato: la variazione è stata lavorata dalla sede, aggiornamento visibile dal giorno dopo."]),
            ]),
        ServiceLexicon(
            "prestazioni-indennizzi",
            names: ["indennità", "indennizzo", "prestazioni economiche", "rendita", "indennità di temporanea"],
            objects: ["l'indennità di temporanea", "il pagamento dell'indennizzo", "la rendita", "il prospetto di liquidazione"],
            actions: ["sapere quando arriva l'indennizzo", "vedere il prospetto di liquidazione",
                      "comunicare l'IBAN per l'indennizzo", "chiedere il ricalcolo della rendita"],
            en: ["compensation", "disability benefit", "benefit payment"],
            enActions: ["check my compensation payment", "update my bank details for the benefit"],
            topics: [
                ("stato pratica",
                 ["[Quando|Quando mi] pagate l'indennità?", "Pagamento indennizzo [in ritardo|non arrivato]",
                  "Stato liquidazione [pratica|infortunio] {prot}"],
                 ["Sono stato in infortunio dal {date} e [non ho ancora ricevuto|non mi è arrivata] l'indennità di temporanea, [quando viene pagata|a che punto è la pratica]?",
                  "[Ho comunicato|Vorrei comunicare] il nuovo IBAN {iban} per il pagamento della rendita, è [sufficiente|corretto] così?",
                  "Nel prospetto di liquidazione [l'importo|la retribuzione] [è più basso|non corrisponde], potete [spiegarmi il calcolo|verificare]?"],
                 ["Verificata la pratica: indennità liquidata, accredito sul conto entro 5 giorni lavorativi.",
                  "Registrato il nuovo IBAN; i prossimi pagamenti andranno sul nuovo conto."]),
                ("richiesta informazioni",
                 ["Rendita: [revisione|aggravamento]", "Indennizzo danno biologico [tempi|info]"],
                 ["[Vorrei|Come posso] chiedere la revisione della rendita per aggravamento, [che documenti servono|come si fa]?"],
                 ["Indicata la domanda di revisione per aggravamento con certificato medico e i termini."]),
            ]),
        ServiceLexicon(
            "comunicazioni-pec",
            names: ["PEC", "posta certificata", "comunicazioni via PEC", "casella PEC"],
            objects: ["la PEC", "la comunicazione via PEC", "la ricevuta di consegna PEC", "l'indirizzo PEC"],
            actions: ["inviare una PEC alla sede", "ricevere le comunicazioni via PEC", "aggiornare l'indirizzo PEC",
                      "trovare l'indirizzo PEC della sede"],
            en: ["certified e-mail (PEC)", "PEC mailbox"],
            enActions: ["send a certified e-mail to the office", "receive notices by PEC"],
            topics: [
                ("richiesta informazioni",
                 ["Indirizzo PEC [della sede|per le comunicazioni]", "[Comunicazione|Risposta] via PEC [non ricevuta|mai arrivata]"],
                 ["A quale indirizzo PEC [devo inviare|mando] [la documentazione|il ricorso|la diffida] per la sede di [competenza|Milano|Napoli|Bari]?",
                  "Abbiamo inviato una PEC il {date} ma [non abbiamo avuto risposta|nessuno ci ha risposto], [è arrivata|potete verificare]?"],
                 ["Comunicato l'indirizzo PEC della sede competente.",
                  "Verificata la ricezione della PEC: protocollata e assegnata all'ufficio."]),
            ]),
        ServiceLexicon(
            "posta-elettronica",
            names: ["posta elettronica", "Outlook", "casella di posta", "mail", "webmail"],
            objects: ["la casella di posta", "le mail", "la cartella condivisa", "il calendario di Outlook"],
            actions: ["aprire Outlook", "inviare mail", "accedere alla casella condivisa", "sincronizzare la posta sul telefono"],
            en: ["e-mail", "Outlook mailbox"],
            enActions: ["open Outlook", "send e-mails"],
            topics: [
                ("richiesta assistenza",
                 ["Casella [piena|quasi piena]", "Accesso casella condivisa [ufficio|di sede]", "Firma [mail|Outlook]"],
                 ["Outlook [mi dice che|segnala che] la casella è [piena|quasi piena], [come faccio ad archiviare|potete aumentare lo spazio]?",
                  "[Mi serve|Chiedo] l'accesso alla casella condivisa [dell'ufficio|della sede|del gruppo] [per sostituire un collega|da lunedì].",
                  "Come [imposto|configuro] la firma [istituzionale|] in Outlook?"],
                 ["Abilitato l'accesso alla casella condivisa; visibile dopo il riavvio di Outlook.",
                  "Spiegata l'archiviazione automatica; quota della casella aumentata."]),
            ]),
        ServiceLexicon(
            "vpn",
            names: ["VPN", "accesso remoto", "VPN aziendale", "lavoro agile"],
            objects: ["la VPN", "il client VPN", "il certificato VPN", "la connessione remota"],
            actions: ["collegarmi in VPN", "lavorare da remoto", "installare il client VPN", "accedere alle applicazioni da casa"],
            en: ["VPN", "remote access"],
            enActions: ["connect to the VPN", "work from home"],
            topics: [
                ("richiesta assistenza",
                 ["Abilitazione VPN [lavoro agile|smart working]", "Installazione client VPN [nuovo PC|portatile]"],
                 ["[Ho firmato|Mi è stato approvato] l'accordo di lavoro agile, come [richiedo|ottengo] l'abilitazione alla VPN?",
                  "Devo [installare|reinstallare] il client VPN sul [nuovo portatile|PC di casa], [dove lo trovo|qual è la procedura]?"],
                 ["Abilitazione VPN concessa; inviata la guida di installazione del client.",
                  "Indicato il pacchetto del client VPN nel portale software."]),
            ]),
        ServiceLexicon(
            "protocollo",
            names: ["protocollo", "protocollo informatico", "registro di protocollo", "segnatura"],
            objects: ["la registrazione di protocollo", "il documento protocollato", "la segnatura", "il fascicolo documentale"],
            actions: ["protocollare un documento", "assegnare il protocollo all'ufficio", "annullare una registrazione di protocollo",
                      "fascicolare i documenti"],
            en: ["document registry", "records system"],
            enActions: ["register a document", "assign a record"],
            topics: [
                ("richiesta assistenza",
                 ["Annullamento protocollo {prot}", "Abilitazione protocollo [nuovo collega|ufficio]", "Assegnazione [errata|sbagliata] protocollo"],
                 ["Ho protocollato per errore [due volte|] il documento {prot}, come [chiedo l'annullamento|si annulla la registrazione]?",
                  "[Un nuovo collega|La collega trasferita] deve essere abilitato al protocollo [della sede|dell'ufficio], [a chi va chiesto|come si fa]?",
                  "Il documento {prot} è stato assegnato all'ufficio sbagliato, [posso riassegnarlo|come lo riassegno]?"],
                 ["Annullata la registrazione su richiesta motivata del responsabile.",
                  "Abilitazione al protocollo concessa per l'unità organizzativa indicata."]),
            ]),
        ServiceLexicon(
            "postazione-lavoro",
            names: ["postazione di lavoro", "PC", "computer", "stampante", "portatile"],
            objects: ["il PC", "la stampante", "il monitor", "il portatile", "la postazione"],
            actions: ["accendere il PC", "stampare", "collegare il secondo monitor", "installare un programma"],
            en: ["workstation", "laptop", "printer"],
            enActions: ["use my laptop", "print documents"],
            topics: [
                ("richiesta assistenza",
                 ["[Stampante|Stampante di piano] non stampa", "PC [lento|molto lento]", "Richiesta [installazione|software]",
                  "[Sostituzione|Cambio] [mouse|tastiera|monitor]"],
                 ["La stampante [di piano|dell'ufficio|al secondo piano] [non stampa|dà inceppamento carta|è offline] da [stamattina|ieri].",
                  "Il PC [è lentissimo|ci mette 10 minuti ad accendersi|si blocca spesso], [potete intervenire|chiedo assistenza].",
                  "[Mi serve|Chiedo l'installazione di] [un lettore PDF|Excel|un programma per la firma digitale] sulla postazione {pc}.",
                  "[Il mouse|La tastiera|Il monitor] della postazione {pc} è [rotto|guasto], chiedo la sostituzione."],
                 ["Intervento del tecnico in sede: problema risolto.",
                  "Software installato da remoto sulla postazione."]),
            ]),
    ]

    /// The lexicon of `service` (services are validated before generation).
    static func of(_ service: String) -> ServiceLexicon {
        all.first { $0.service == service } ?? all[0]
    }
}
