"""The interface's words in Finnish (default), Swedish and English.

The language is, in order: ``?lang=`` (remembered in the session), the user's own setting,
the browser's Accept-Language, Finnish. ``translate(lang, key)`` falls back to Finnish and
then to the key itself, so a missing entry shows up as its key, never as an error.
"""

from __future__ import annotations

LANGS = ("fi", "sv", "en")
DEFAULT = "fi"

MESSAGES: dict[str, tuple[str, str, str]] = {
    "app": ("arkki – arkistointi", "arkki – arkivering", "arkki – archiving"),
    "skip": ("Siirry sisältöön", "Hoppa till innehållet", "Skip to content"),
    "nav": ("Päävalikko", "Huvudmeny", "Main menu"),
    "queue": ("Työjono", "Arbetskö", "Work queue"),
    "batches": ("Erät", "Partier", "Batches"),
    "users": ("Käyttäjät", "Användare", "Users"),
    "logout": ("Kirjaudu ulos", "Logga ut", "Log out"),
    "login": ("Kirjaudu", "Logga in", "Log in"),
    "username": ("Käyttäjätunnus", "Användarnamn", "User name"),
    "password": ("Salasana", "Lösenord", "Password"),
    "bad_login": (
        "Väärä käyttäjätunnus tai salasana.",
        "Fel användarnamn eller lösenord.",
        "Wrong user name or password.",
    ),
    "language": ("Kieli", "Språk", "Language"),
    "signed_in_as": ("Kirjautunut", "Inloggad", "Signed in as"),
    "agency": ("Virasto", "Myndighet", "Agency"),
    "all": ("Kaikki", "Alla", "All"),
    "reason": ("Syy", "Orsak", "Reason"),
    "doc_type": ("Asiakirjatyyppi", "Dokumenttyp", "Document type"),
    "filter": ("Suodata", "Filtrera", "Filter"),
    "open_tasks": ("Avoimet tehtävät", "Öppna uppgifter", "Open tasks"),
    "oldest": ("Vanhin", "Äldsta", "Oldest"),
    "age": ("Ikä", "Ålder", "Age"),
    "priority": ("Kiireellisyys", "Prioritet", "Priority"),
    "claimed_by": ("Varannut", "Reserverad av", "Claimed by"),
    "claim_next": ("Ota seuraava tehtävä", "Ta nästa uppgift", "Claim next task"),
    "claim": ("Ota", "Ta", "Claim"),
    "no_tasks": ("Ei avoimia tehtäviä.", "Inga öppna uppgifter.", "No open tasks."),
    "per_agency": ("Virastoittain", "Per myndighet", "Per agency"),
    "tasks": ("Tehtävät", "Uppgifter", "Tasks"),
    "record": ("Tallenne", "Post", "Record"),
    "page": ("Sivu", "Sida", "Page"),
    "page_image": ("Sivun kuva", "Sidans bild", "Page image"),
    "zoom": ("Suurenna", "Förstora", "Zoom"),
    "ocr_text": ("Tunnistettu teksti", "Igenkänd text", "Recognised text"),
    "metadata": ("Kuvailutiedot", "Beskrivning", "Description"),
    "unsure": ("arkki ei ollut varma", "arkki var osäker", "arkki was unsure"),
    "records_class": ("Tehtäväluokka", "Uppgiftsklass", "Records-plan class"),
    "publicity_class": ("Julkisuusluokka", "Offentlighetsklass", "Publicity class"),
    "security_period": ("Salassapitoaika (v)", "Sekretesstid (år)", "Secrecy period (years)"),
    "security_reason": ("Salassapitoperuste", "Sekretessgrund", "Secrecy reason"),
    "personal_data": ("Henkilötietoja", "Personuppgifter", "Personal data"),
    "retention_period": (
        "Säilytysaika (v, -1 pysyvä)",
        "Förvaringstid (år, -1 varaktig)",
        "Retention (years, -1 permanent)",
    ),
    "retention_reason": ("Säilytysajan peruste", "Grund för förvaringstid", "Retention reason"),
    "retention_trigger": ("Laskentaperuste", "Beräkningsgrund", "Retention trigger"),
    "diary_numbers": ("Diaarinumerot", "Diarienummer", "Diary numbers"),
    "document_date": ("Päivämäärä", "Datum", "Document date"),
    "title": ("Otsikko", "Rubrik", "Title"),
    "record_language": ("Asiakirjan kieli", "Dokumentets språk", "Document language"),
    "why": ("Perustelu (lokiin)", "Motivering (till loggen)", "Why (for the audit log)"),
    "approve": ("Hyväksy", "Godkänn", "Approve"),
    "correct_approve": ("Korjaa ja hyväksy", "Rätta och godkänn", "Correct and approve"),
    "return": ("Palauta kirjaamoon", "Returnera till registratorskontoret", "Return to registry"),
    "note": ("Viesti kirjaamolle", "Meddelande till registratorskontoret", "Note to registry"),
    "release": ("Vapauta tehtävä", "Släpp uppgiften", "Release task"),
    "sahke2": ("SÄHKE2-tarkistus", "SÄHKE2-kontroll", "SÄHKE2 check"),
    "stages": ("Vaiheet", "Steg", "Stages"),
    "stage": ("Vaihe", "Steg", "Stage"),
    "done_of": ("Valmiina / kaikkiaan", "Klara / totalt", "Done / total"),
    "progress": ("Edistyminen", "Förlopp", "Progress"),
    "stage_store": ("Alkuperäisten tallennus", "Lagring av original", "Storing originals"),
    "stage_inspect": ("Tarkistus", "Kontroll", "Checking"),
    "stage_ocr": ("Tekstintunnistus (sivut)", "Textigenkänning (sidor)", "OCR (pages)"),
    "stage_describe": ("Kuvailu", "Beskrivning", "Describing"),
    "stage_index": ("Indeksointi", "Indexering", "Indexing"),
    "sahke2_xml": (
        "SÄHKE2-XML hyväksymisen jälkeen (esikatselu)",
        "SÄHKE2-XML efter godkännande (förhandsgranskning)",
        "SÄHKE2 XML once approved (preview)",
    ),
    "lowconf_note": (
        "Korostetut sanat tunnistettiin epävarmasti.",
        "Markerade ord lästes osäkert.",
        "Highlighted words were read with low confidence.",
    ),
    "sahke2_ok": (
        "Tallenne kelpaa SÄHKE2-siirtoon.",
        "Posten duger för SÄHKE2-överföring.",
        "The record is valid for a SÄHKE2 transfer.",
    ),
    "sahke2_after": (
        "Tila muuttuu hyväksyttäessä; muut puutteet:",
        "Statusen ändras vid godkännande; övriga brister:",
        "The status changes on approval; other problems:",
    ),
    "audit": ("Muutoshistoria", "Ändringshistorik", "Audit trail"),
    "when": ("Milloin", "När", "When"),
    "who": ("Kuka", "Vem", "Who"),
    "what": ("Mitä", "Vad", "What"),
    "old": ("Vanha", "Gammal", "Old"),
    "new": ("Uusi", "Ny", "New"),
    "export": ("Vie", "Exportera", "Export"),
    "no_audit": ("Ei muutoksia.", "Inga ändringar.", "No changes."),
    "status": ("Tila", "Status", "Status"),
    "upload": ("Lähetä erä", "Skicka parti", "Upload a batch"),
    "files": ("Tiedostot (tai zip)", "Filer (eller zip)", "Files (or a zip)"),
    "send": ("Lähetä", "Skicka", "Send"),
    "uploaded": ("Lähetetty", "Skickat", "Uploaded"),
    "documents": ("Asiakirjat", "Dokument", "Documents"),
    "done_docs": ("Valmiit", "Klara", "Done"),
    "quarantined": ("Karanteenissa", "I karantän", "Quarantined"),
    "returned": (
        "Palautetut tallenteet",
        "Returnerade poster",
        "Records returned to you",
    ),
    "no_batches": ("Ei eriä.", "Inga partier.", "No batches."),
    "create_user": ("Lisää käyttäjä", "Lägg till användare", "Add user"),
    "role": ("Rooli", "Roll", "Role"),
    "agencies": ("Virastot (* = kaikki)", "Myndigheter (* = alla)", "Agencies (* = all)"),
    "display_name": ("Nimi", "Namn", "Name"),
    "saved": ("Tallennettu.", "Sparat.", "Saved."),
    "not_yours": (
        "Tehtävä ei ole sinulla (vanhentunut tai toisen varaama).",
        "Uppgiften är inte din (utgången eller reserverad av någon annan).",
        "The task is not yours (expired or claimed by someone else).",
    ),
    "case_handler_home": (
        "Haku tulee myöhemmin.",
        "Sökningen kommer senare.",
        "Search comes later.",
    ),
    "shortcuts": (
        "Pikanäppäimet: Alt+Shift+A hyväksy, Alt+Shift+N seuraava.",
        "Kortkommandon: Alt+Shift+A godkänn, Alt+Shift+N nästa.",
        "Shortcuts: Alt+Shift+A approve, Alt+Shift+N next.",
    ),
    "role_registry": ("kirjaamo", "registratorskontor", "registry"),
    "role_archivist": ("arkistonhoitaja", "arkivarie", "archivist"),
    "role_case_handler": ("asiankäsittelijä", "handläggare", "case handler"),
    "role_admin": ("pääkäyttäjä", "administratör", "administrator"),
    "kind_quarantine": ("tiedosto karanteenissa", "fil i karantän", "file quarantined"),
    "kind_no_text": ("ei tekstiä", "ingen text", "no text"),
    "kind_ocr_quality": ("heikko tunnistus", "svag igenkänning", "poor OCR"),
    "kind_doc_type": ("tyyppi epävarma", "typ osäker", "type uncertain"),
    "kind_records_class": ("luokka epävarma", "klass osäker", "class uncertain"),
    "kind_missing_field": ("tieto puuttuu", "uppgift saknas", "field missing"),
    "kind_pdf": ("PDF/A-ongelma", "PDF/A-problem", "PDF/A problem"),
    "kind_other": ("muu", "annat", "other"),
    # search and case view (issue 8)
    "search": ("Haku", "Sök", "Search"),
    "search_words": ("Hakusanat", "Sökord", "Search words"),
    "search_help": (
        'Sanat missä muodossa tahansa, "tarkka fraasi", diaarinumero tai Y-tunnus.',
        'Ord i vilken form som helst, "exakt fras", diarienummer eller FO-nummer.',
        'Words in any form, "exact phrase", diary number or business ID.',
    ),
    "sort": ("Järjestys", "Sortering", "Sort by"),
    "sort_relevance": ("Osuvuus", "Relevans", "Relevance"),
    "sort_date": ("Päiväys, uusin ensin", "Datum, nyaste först", "Date, newest first"),
    "filters": ("Rajaa", "Avgränsa", "Narrow down"),
    "results": ("Tuloksia", "Träffar", "Results"),
    "no_results": ("Ei tuloksia.", "Inga träffar.", "No results."),
    "next_page": ("Seuraava sivu", "Nästa sida", "Next page"),
    "facet_agency": ("Virasto", "Myndighet", "Agency"),
    "facet_doc_type": ("Asiakirjatyyppi", "Dokumenttyp", "Document type"),
    "facet_records_class": ("Tehtäväluokka", "Uppgiftsklass", "Records-plan class"),
    "facet_year": ("Vuosi", "År", "Year"),
    "facet_language": ("Asiakirjan kieli", "Dokumentets språk", "Document language"),
    "facet_publicity": ("Julkisuusluokka", "Offentlighetsklass", "Publicity class"),
    "case": ("Asia", "Ärende", "Case"),
    "records_in_case": ("Asiakirjoja", "Handlingar", "Records"),
    "related_cases": ("Liittyvät asiat", "Relaterade ärenden", "Related cases"),
    "related_via": ("liittyy asiaan", "via ärendet", "via"),
    "timeline": ("Aikajana", "Tidslinje", "Timeline"),
    "date": ("Päiväys", "Datum", "Date"),
    "downloads": ("Lataukset", "Nedladdningar", "Downloads"),
    "download_original": ("Lataa alkuperäinen", "Ladda ned originalet", "Download original"),
    "download_pdf": ("Lataa PDF/A", "Ladda ned PDF/A", "Download PDF/A"),
    "show_unmasked": (
        "Näytä henkilötunnukset",
        "Visa personbeteckningarna",
        "Show personal identity codes",
    ),
    "unmasked_audited": (
        "katselu kirjataan lokiin",
        "visningen loggas",
        "the view is written to the audit log",
    ),
}


def translate(lang: str, key: str) -> str:
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    return entry[LANGS.index(lang)] if lang in LANGS else entry[0]


def from_accept_language(header: str) -> str | None:
    """The first of fi/sv/en the browser asks for, by q-value (``sv-FI;q=0.8`` counts as sv)."""
    choices: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        base = tag.strip().lower().split("-")[0]
        if base in LANGS and q > 0:
            choices.append((-q, position, base))
    return min(choices)[2] if choices else None


# records lifecycle (web/lifecycle_html.py)
MESSAGES.update(
    {
        "dashboard": ("Tilannekuva", "Lägesbild", "Dashboard"),
        "dashboard_note": (
            "Luvut lasketaan luettelosta ja lokista.",
            "Siffrorna räknas ur katalogen och loggen.",
            "Figures computed from the catalog and audit log at",
        ),
        "see_table": (
            "Samat luvut taulukkona alla.",
            "Samma siffror i tabellen nedan.",
            "The same figures as a table below.",
        ),
        "ingested": (
            "Vastaanotetut asiakirjat ja sivut",
            "Mottagna handlingar och sidor",
            "Records and pages ingested",
        ),
        "month": ("Kuukausi", "Månad", "Month"),
        "records": ("Asiakirjat", "Handlingar", "Records"),
        "pages": ("Sivut", "Sidor", "Pages"),
        "approval_time": (
            "Aika skannauksesta hyväksyntään",
            "Tid från skanning till godkännande",
            "Time from scan to approval",
        ),
        "approved": ("Hyväksytty", "Godkänd", "Approved"),
        "auto_approved": ("Automaattisesti hyväksytty", "Automatiskt godkänd", "Auto-approved"),
        "approved_unchanged": (
            "Hyväksytty sellaisenaan",
            "Godkänd oförändrad",
            "Approved unchanged",
        ),
        "corrected": ("Korjattu", "Korrigerad", "Corrected"),
        "median_h": ("Mediaani (h)", "Median (h)", "Median (h)"),
        "p90_h": ("90. persentiili (h)", "90:e percentil (h)", "90th percentile (h)"),
        "review_queue": ("Tarkastusjono", "Granskningskö", "Review queue"),
        "median_age": ("Mediaani-ikä (pv)", "Medianålder (d)", "Median age (days)"),
        "ocr_quality": (
            "Tekstintunnistuksen laatu erittäin",
            "OCR-kvalitet per parti",
            "OCR quality per batch",
        ),
        "batch": ("Erä", "Parti", "Batch"),
        "mean": ("Keskiarvo", "Medelvärde", "Mean"),
        "outcome_by_type": (
            "Automaattisesti hyväksytyt tyypeittäin",
            "Automatiskt godkända per typ",
            "Auto-approved vs corrected by type",
        ),
        "disposition": (
            "Hävittäminen ja siirto",
            "Gallring och överföring",
            "Disposition and transfer",
        ),
        "due": ("erääntynyt", "förfallen", "due"),
        "held": ("pidossa", "spärrad", "held"),
        "holds": ("Pidot", "Spärrar", "Holds"),
        "transfer": (
            "Siirto Kansallisarkistoon",
            "Överföring till Riksarkivet",
            "Transfer to the National Archives",
        ),
        "as_of": ("Päivänä", "Per dag", "As of"),
        "pending_approvals": (
            "Toista hyväksyjää odottavat",
            "Väntar på en andra godkännare",
            "Awaiting a second approver",
        ),
        "second_approve": ("Hyväksy toisena", "Godkänn som andra", "Approve as second approver"),
        "approve_destruction": ("Hyväksy hävittäminen", "Godkänn gallring", "Approve destruction"),
        "retention_ended": ("Säilytysaika päättyi", "Bevarandetiden slutade", "Retention ended"),
        "publicity": ("Julkisuus", "Offentlighet", "Publicity"),
        "case": ("Asia", "Ärende", "Case"),
        "title": ("Nimeke", "Titel", "Title"),
        "state": ("Tila", "Status", "State"),
        "blocked_by_lock": (
            "lukitus esti hävittämisen",
            "låsning hindrade gallring",
            "destruction blocked by lock",
        ),
        "in_review": ("tarkastuksessa", "under granskning", "in review"),
        "nothing_due": (
            "Ei erääntyneitä asiakirjoja.",
            "Inga förfallna handlingar.",
            "Nothing is due.",
        ),
    }
)
