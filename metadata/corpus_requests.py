"""Generated-corpus templates: applications and letters.

Each builder renders one document of its type in ``c.lang`` (fin or swe); the four builders of
a type differ in structure (heading form, letter vs form vs e-mail layout, field order).
"""

from __future__ import annotations

from metadata.corpus_base import (
    Ctx,
    TemplateSpec,
    join,
    lines,
    money,
    numbered,
)
from metadata.corpus_topics import DECISION_TOPICS, GRANT_TOPICS, PAYMENT_TOPICS, PERMIT_TOPICS


def _signer(c: Ctx) -> str:
    if c.topic.person:
        return c.v["person"]
    return c.name() + ", " + c.t("toimitusjohtaja", "verkställande direktör")


def _sender(c: Ctx) -> str:
    return c.address(c.v["applicant"])


def hakemus_form(c: Ctx) -> str:
    """Application form: numbered sections of label:value fields, declaration, signature."""
    cost = c.v["cost"]
    return join(
        lines(
            c.heading(c.t("Hakemus", "Ansökan"), "uuts"),
            c.t(*c.topic.application),
            c.t("Lomake TEM{n}", "Blankett TEM{n}", n=str(c.r.randint(100, 999))),
        ),
        c.t("Vastaanottaja: ", "Mottagare: ") + c.org(),
        c.t("1. Hakijan tiedot", "1. Uppgifter om sökanden"),
        lines(
            c.field(c.t("Nimi", "Namn"), c.v["applicant"]),
            c.field(c.t("Y-tunnus", "FO-nummer"), c.v["company_id"]),
            c.field(c.t("Osoite", "Adress"), f"{c.v['street']}, {c.v['postal']}"),
            c.field(c.t("Yhteyshenkilö", "Kontaktperson"), c.name()),
            c.field(c.t("Puhelin", "Telefon"), f"040 {c.r.randint(1000000, 9999999)}"),
        ),
        c.field(c.t("2. Haettava tuki", "2. Stöd som söks"), c.v["applied"]),
        c.t("3. Kustannukset", "3. Kostnader"),
        lines(
            c.field(c.t("Kokonaiskustannukset", "Totala kostnader"), f"{cost} €"),
            c.field(c.t("Haettava tuki", "Stöd som söks"), f"{c.v['amount']} €"),
        ),
        c.field(
            c.t("4. Liitteet", "4. Bilagor"),
            numbered(
                c.r.sample(
                    [
                        c.t("Kaupparekisteriote", "Handelsregisterutdrag"),
                        c.t("Tilinpäätös", "Bokslut"),
                        c.t("Hankesuunnitelma", "Projektplan"),
                        c.t("Työsopimus", "Arbetsavtal"),
                    ],
                    2,
                )
            ),
        ),
        c.t("5. Vakuutus ja allekirjoitus", "5. Försäkran och underskrift"),
        c.t(
            "Vakuutan antamani tiedot oikeiksi ja sitoudun ilmoittamaan niissä tapahtuvista "
            "muutoksista.",
            "Jag försäkrar att uppgifterna är riktiga och förbinder mig att meddela ändringar.",
        ),
        lines(f"{c.v['place']} {c.datestr()}", _signer(c)),
    )


def hakemus_letter(c: Ctx) -> str:
    """Application as a letter from the applicant to the agency's registry."""
    heading = c.pick(
        c.heading(c.t(*c.topic.application), "tu"),
        c.field(c.t("Asia", "Ärende"), c.t("Hakemus, ", "Ansökan, ") + c.v["subject"].lower()),
    )
    return join(
        _sender(c),
        f"{c.v['place']} {c.datestr()}",
        c.agency_address(),
        heading,
        c.t(
            "Haemme {applied}. Hankkeen kokonaiskustannukset ovat {cost} euroa.",
            "Vi ansöker om {applied}. Projektets totala kostnader uppgår till {cost} euro.",
        ),
        c.tp(
            (
                "Yrityksen liikevaihto on kasvanut, ja tarvitsemme lisää osaamista.",
                "Företagets omsättning har ökat och vi behöver mer kompetens.",
            ),
            (
                "Toimenpide on välttämätön toiminnan jatkumisen kannalta.",
                "Åtgärden är nödvändig för att verksamheten ska kunna fortsätta.",
            ),
        ),
        c.t(
            "Pyydämme hakemukseen myönteistä päätöstä. Lisätietoja antaa allekirjoittanut.",
            "Vi ber om ett positivt beslut. Närmare upplysningar ger undertecknad.",
        ),
        c.closing(),
        _signer(c),
        c.field(
            c.t("Liitteet", "Bilagor"),
            c.t("Hankesuunnitelma, kustannusarvio", "Projektplan, kostnadsberäkning"),
        ),
    )


def hakemus_change(c: Ctx) -> str:
    """Application for an extension or change that quotes the earlier decisions."""
    first, second = c.other_dnro(), c.other_dnro()
    granted = c.datestr(c.before(120, 400))
    return join(
        _sender(c),
        lines(
            c.heading(
                c.pick(
                    c.t("Muutoshakemus", "Ändringsansökan"),
                    c.t("Jatkohakemus", "Ansökan om förlängning"),
                ),
                "uts",
            ),
            c.datestr(),
        ),
        c.t("Vastaanottaja: {short}", "Mottagare: {short}"),
        c.field(
            c.t("Aiempi päätös", "Tidigare beslut"),
            c.t("{short} päätös ", "{short}, beslut ") + f"{granted}, {first}",
        ),
        c.t(
            "{agency_gen} päätöksellä {granted} ({first}) on myönnetty {noun_par} ajalle "
            "{period}. Päätöksen mukaan tuki päättyy {end}.",
            "Genom {agency_gen} beslut {granted} ({first}) beviljades {noun} för tiden "
            "{period}. Enligt beslutet upphör stödet {end}.",
            granted=granted,
            first=first,
        ),
        c.t(
            "Haemme tukiajan jatkamista kuudella kuukaudella, koska hankkeen toteutus on "
            "viivästynyt toimittajasta johtuvista syistä. Lisäksi viittaamme päätökseen {second}, "
            "jolla hankkeen kustannusarviota muutettiin.",
            "Vi ansöker om förlängning av stödtiden med sex månader, eftersom genomförandet har "
            "försenats av orsaker som beror på leverantören. Vi hänvisar även till beslut "
            "{second}, genom vilket kostnadsberäkningen ändrades.",
            second=second,
        ),
        c.t(
            "Pyydämme, että muutos hyväksytään hakemuksen mukaisesti.",
            "Vi ber att ändringen godkänns i enlighet med ansökan.",
        ),
        lines(f"{c.v['place']} {c.datestr()}", _signer(c)),
    )


def hakemus_permit(c: Ctx) -> str:
    """Permit application as a field list (property, neighbours, attachments)."""
    title = c.pick(
        c.heading(c.t(*c.topic.application), "tun"),
        c.t("Hakemuslomake", "Ansökningsblankett"),
    )
    neighbours = ", ".join(c.name() for _ in range(c.r.randint(1, 3)))
    return join(
        lines(title, c.t("Vastaanottaja: {short}", "Till: {short}")),
        lines(
            c.field(c.t("Hakijan nimi", "Sökandens namn"), c.v["applicant"]),
            c.field(c.t("Osoite", "Adress"), f"{c.v['street']}, {c.v['postal']}"),
            c.field(c.t("Kiinteistötunnus", "Fastighetsbeteckning"), c.v["estate"]),
            c.field(c.t("Kunta", "Kommun"), c.v["place"]),
        ),
        c.field(c.t("Haettava lupa", "Tillstånd som söks"), c.v["applied"]),
        c.field(
            c.t("Hankkeen kuvaus", "Beskrivning av projektet"),
            c.t(
                "Työt tehdään talvella jään päältä. Arvioitu aloitusajankohta on {start}.",
                "Arbetena utförs vintertid från isen. Beräknad start är {start}.",
            ),
        ),
        c.field(c.t("Naapurit, joita asia koskee", "Grannar som berörs"), neighbours),
        c.field(
            c.t("Hakemuksen liitteet", "Bilagor till ansökan"),
            c.t("karttaote, asemapiirros, valtakirja", "kartutdrag, situationsplan, fullmakt"),
        ),
        lines(
            c.field(c.t("Päiväys", "Datum"), c.datestr()),
            c.field(c.t("Hakijan allekirjoitus", "Sökandens underskrift"), _signer(c)),
        ),
    )


def _mailbox(name: str) -> str:
    return name.lower().replace(" ", ".").translate(str.maketrans("äåö", "aao"))


def hakemus_email(c: Ctx) -> str:
    """A private person's application sent by e-mail, printed for the file."""
    return join(
        c.email_header(
            f"{c.v['person']} <{_mailbox(c.v['person'])}@example.fi>",
            c.t("Kirjaamo", "Registratur") + f" <kirjaamo@{c.ag.code.lower()}.fi>",
            c.t("Hakemus: {subject}", "Ansökan: {subject}"),
        ),
        c.pick(c.t("Hei,", "Hej,"), c.t("Hyvä vastaanottaja,", "Bästa mottagare,")),
        c.t(
            "haen {applied}. Liitteenä ovat tarvittavat selvitykset.",
            "jag ansöker om {applied}. De utredningar som behövs finns som bilagor.",
        ),
        lines(
            c.t("Hakijan tiedot:", "Uppgifter om sökanden:"),
            c.field(c.t("Nimi", "Namn"), c.v["person"]),
            c.field(c.t("Osoite", "Adress"), f"{c.v['street']}, {c.v['postal']}"),
            c.field(c.t("Puhelin", "Telefon"), f"040 {c.r.randint(1000000, 9999999)}"),
            c.field(c.t("Toivottu alkamispäivä", "Önskad startdag"), c.v["start"]),
        ),
        c.tp(
            (
                "Hakemukseni perusteena on, että toiminta alkaa {start} ja kustannusarvio on "
                "{cost} euroa.",
                "Som grund för min ansökan anför jag att verksamheten börjar {start} och att "
                "kostnadsberäkningen är {cost} euro.",
            ),
            (
                "Olen suunnitellut hanketta pitkään, ja sen rahoitus on muilta osin järjestetty.",
                "Jag har planerat projektet länge och finansieringen är i övrigt ordnad.",
            ),
        ),
        c.t(
            "Olen valmis toimittamaan lisätietoja tarvittaessa. Pyydän, että päätös lähetetään "
            "minulle sähköpostitse.",
            "Jag kan lämna ytterligare uppgifter vid behov. Jag ber att beslutet skickas till mig "
            "per e-post.",
        ),
        lines(c.closing(), c.v["person"]),
        c.field(c.t("Liitteet", "Bilagor"), c.t("liiketoimintasuunnitelma.pdf", "affarsplan.pdf")),
    )


def kirje_email(c: Ctx) -> str:
    """The agency's e-mail to a customer about the schedule of a matter, printed."""
    return join(
        c.email_header(
            f"{c.v['official']} ({c.v['short']})",
            c.v["applicant"],
            c.t("Asianne {dnro} käsittely", "Behandlingen av ert ärende {dnro}"),
        ),
        c.pick(c.t("Hei,", "Hej,"), c.t("Hyvä asiakas,", "Bästa kund,")),
        c.t(
            "kiitos viestistänne. Asianne on edelleen käsittelyssä, ja arvioimme sen valmistuvan "
            "{end} mennessä. Ilmoitamme, jos tarvitsemme teiltä lisätietoja.",
            "tack för ert meddelande. Ert ärende är fortfarande under behandling och vi beräknar "
            "att det blir klart före {end}. Vi meddelar om vi behöver ytterligare uppgifter av "
            "er.",
        ),
        lines(c.closing(), c.v["official"], c.v["official_title"], c.v["short"], c.v["phone"]),
    )


def hakemus_payment(c: Ctx) -> str:
    """Application for payment of granted support: cites the grant decision, costs table."""
    rows = [
        (c.t("Palkkakustannukset", "Lönekostnader"), c.r.randrange(2000, 30000)),
        (c.t("Ostopalvelut", "Köpta tjänster"), c.r.randrange(500, 12000)),
        (c.t("Matkakustannukset", "Resekostnader"), c.r.randrange(100, 2000)),
    ]
    total = sum(x for _, x in rows)
    return join(
        lines(
            c.heading(c.t("Maksatushakemus", "Ansökan om utbetalning"), "uut"),
            c.t("{noun_gen} maksaminen", "Utbetalning av {noun}"),
        ),
        lines(
            c.field(c.t("Hakija", "Sökande"), c.v["company"]),
            c.field(c.t("Y-tunnus", "FO-nummer"), c.v["company_id"]),
            c.field(c.t("Tukipäätöksen numero", "Stödbeslutets nummer"), c.other_dnro()),
            c.field(c.t("Maksatuskausi", "Utbetalningsperiod"), c.v["period"]),
            c.field(c.t("Maksuerä", "Utbetalningspost"), f"{c.r.randint(1, 3)}"),
        ),
        lines(
            c.t("Toteutuneet kustannukset", "Faktiska kostnader"),
            *[f"{label}\t{money(x)} €" for label, x in rows],
            c.t("Yhteensä", "Sammanlagt") + f"\t{money(total)} €",
        ),
        c.field(
            c.t("Haettava määrä", "Belopp som söks"),
            money(total * int(c.v["pct"]) / 100) + " €",
        ),
        c.t(
            "Vakuutan, että kustannukset ovat syntyneet tukipäätöksen mukaisen hankkeen "
            "toteuttamisesta.",
            "Jag försäkrar att kostnaderna har uppkommit vid genomförandet av projektet enligt "
            "stödbeslutet.",
        ),
        lines(f"{c.v['place']} {c.datestr()}", _signer(c)),
    )


def kirje_reminder(c: Ctx) -> str:
    """A reminder letter to a support recipient about an overdue report."""
    return join(
        lines(c.org(), c.dated()),
        c.address(c.v["applicant"]),
        c.t("Muistutus loppuraportin toimittamisesta", "Påminnelse om slutrapport"),
        c.pick(c.t("Hyvä tuensaaja,", "Bästa stödmottagare,"), ""),
        c.t(
            "{Agency} on myöntänyt teille {noun_par}. Tuen ehtojen mukaan loppuraportti olisi "
            "pitänyt toimittaa viimeistään {received}. Emme ole vielä saaneet raporttia.",
            "{Agency} har beviljat er {noun}. Enligt villkoren för stödet skulle slutrapporten "
            "ha lämnats in senast {received}. Vi har ännu inte fått rapporten.",
        ),
        c.t(
            "Pyydämme toimittamaan raportin kahden viikon kuluessa tämän kirjeen päiväyksestä.",
            "Vi ber er lämna in rapporten inom två veckor från dagen för detta brev.",
        ),
        lines(c.closing(), c.v["official"], c.v["official_title"]),
    )


def kirje_request(c: Ctx) -> str:
    """Request for further information on a pending application; may open with a greeting."""
    due = c.datestr(c.after(14, 21))
    items = c.r.sample(
        [
            c.t(
                "tilinpäätös viimeiseltä tilikaudelta", "bokslut för den senaste räkenskapsperioden"
            ),
            c.t("allekirjoitettu työsopimus", "ett undertecknat arbetsavtal"),
            c.t("kustannusarvio eriteltynä", "en specificerad kostnadsberäkning"),
            c.t("selvitys hankkeen rahoituksesta", "en utredning om projektets finansiering"),
            c.t("kaupparekisteriote", "handelsregisterutdrag"),
        ],
        3,
    )
    return join(
        lines(c.org(), c.heading(c.t("Kirje", "Brev"), "uun"), c.dated(), c.diary()),
        c.address(c.v["applicant"]),
        c.field(c.t("Asia", "Ärende"), c.t("Lisäselvityspyyntö", "Begäran om tilläggsutredning")),
        c.pick(c.t("Hyvä vastaanottaja,", "Bästa mottagare,"), ""),
        c.t(
            "{short} on vastaanottanut {received} hakemuksenne, joka koskee {noun_par}. "
            "Hakemuksen käsittelyä varten pyydämme toimittamaan seuraavat selvitykset "
            "viimeistään {due}:",
            "{short} har {received} tagit emot er ansökan om {noun}. För behandlingen ber vi er "
            "lämna in följande utredningar senast {due}:",
            due=due,
        ),
        numbered(items, c.pick("1.", "-")),
        c.t(
            "Jos selvityksiä ei toimiteta määräaikaan mennessä, hakemus ratkaistaan "
            "käytettävissä olevien tietojen perusteella.",
            "Om utredningarna inte lämnas in inom utsatt tid avgörs ansökan på basis av de "
            "uppgifter som finns tillgängliga.",
        ),
        c.contact(),
        lines(c.closing(), c.v["official"], c.v["official_title"]),
    )


def kirje_cover(c: Ctx) -> str:
    """Covering letter that sends a decision: the body talks about the decision a lot."""
    decision = c.other_dnro()
    return join(
        lines(c.org(), c.heading(c.t("Saate", "Följebrev"), "utn"), c.datestr()),
        c.address(c.v["applicant"]),
        c.pick(c.t("Hyvä vastaanottaja", "Bästa mottagare"), c.t("Hyvä asiakas,", "Bästa kund,")),
        c.t(
            "Lähetämme oheisena {agency_gen} päätöksen {decision}, joka koskee hakemustanne. "
            "Päätöksessä {noun} on käsitelty hakemuksen mukaisesti.",
            "Vi sänder härmed {agency_gen} beslut {decision} som gäller er ansökan. I beslutet "
            "har {noun} behandlats i enlighet med ansökan.",
            decision=decision,
        ),
        c.t(
            "Päätöksen liitteenä on oikaisuvaatimusohje. Pyydämme tutustumaan päätöksen "
            "ehtoihin huolellisesti.",
            "Till beslutet har fogats en anvisning om omprövning. Vi ber er noggrant ta del av "
            "villkoren i beslutet.",
        ),
        c.contact(),
        lines(c.closing(), c.v["official"]),
        c.field(c.t("Liite", "Bilaga"), c.t("Päätös", "Beslut") + f" {decision}"),
    )


def kirje_reply(c: Ctx) -> str:
    """Reply to a citizen's enquiry, addressed by name; no heading."""
    person = c.v["person"]
    return join(
        f"{c.org(False)}\t{c.datestr()}",
        lines(person, c.v["street"], c.v["postal"]),
        c.t("Vastaus kysymykseenne", "Svar på er förfrågan"),
        c.t("Arvoisa {person},", "Bästa {person},"),
        c.t(
            "kiitos {received} saapuneesta viestistänne, jossa kysyitte {noun_gen} hakemisesta.",
            "tack för ert meddelande som kom in {received}, där ni frågade hur man ansöker om "
            "{noun}.",
        ),
        c.t(
            "Hakemukset käsitellään saapumisjärjestyksessä, ja käsittelyaika on tällä hetkellä "
            "noin kuusi viikkoa. Hakemuksen voi jättää sähköisessä asiointipalvelussa.",
            "Ansökningarna behandlas i den ordning de kommer in, och behandlingstiden är för "
            "närvarande cirka sex veckor. Ansökan kan lämnas in i e-tjänsten.",
        ),
        c.t(
            "Toivomme, että tästä on teille apua. Vastaamme mielellämme myös muihin kysymyksiin.",
            "Vi hoppas att detta är till hjälp. Vi svarar gärna även på andra frågor.",
        ),
        lines(c.closing(), c.v["official"], c.v["official_title"], c.v["short"]),
    )


def kirje_hearing(c: Ctx) -> str:
    """Formal letter giving a party an opportunity to be heard before a matter is decided."""
    due = c.datestr(c.after(14, 30))
    return join(
        lines(c.org(True), c.unit()),
        lines(
            c.heading(c.pick(c.t("Kirje", "Brev"), c.t("Kuuleminen", "Hörande")), "uut"),
            f"{c.datestr()}\t{c.diary()}",
        ),
        c.address(c.v["applicant"]),
        c.field(c.t("Asia", "Ärende"), c.t("Selvityspyyntö ja kuuleminen", "Begäran om bemötande")),
        c.t(
            "Ennen asian ratkaisemista {agency} varaa teille hallintolain 34 §:n mukaisesti "
            "tilaisuuden esittää mielipiteenne asiasta ja antaa selityksenne vaatimuksista ja "
            "selvityksistä, jotka saattavat vaikuttaa asian ratkaisuun.",
            "Innan ärendet avgörs ger {agency} er i enlighet med 34 § i förvaltningslagen "
            "tillfälle att framföra er åsikt och ge en förklaring till de yrkanden och "
            "utredningar som kan inverka på avgörandet.",
        ),
        c.t(
            "Vastaus pyydetään toimittamaan viimeistään {due} kirjaamoon. Vastaamatta "
            "jättäminen ei estä asian ratkaisemista.",
            "Svaret ska lämnas till registratorskontoret senast {due}. Om ni inte svarar "
            "hindrar det inte att ärendet avgörs.",
            due=due,
        ),
        c.contact(),
        lines(c.v["official"], c.v["official_title"]),
    )


SPECS: tuple[TemplateSpec, ...] = (
    TemplateSpec("hakemus", 1, GRANT_TOPICS, hakemus_form),
    TemplateSpec("hakemus", 2, (*GRANT_TOPICS, *PERMIT_TOPICS), hakemus_letter),
    TemplateSpec("hakemus", 3, PAYMENT_TOPICS, hakemus_change),
    TemplateSpec("hakemus", 4, PERMIT_TOPICS, hakemus_permit),
    TemplateSpec("hakemus", 5, ("starttiraha", "vesiasia", "liittyma"), hakemus_email),
    TemplateSpec("hakemus", 6, PAYMENT_TOPICS, hakemus_payment),
    TemplateSpec("kirje", 1, GRANT_TOPICS, kirje_request),
    TemplateSpec("kirje", 2, DECISION_TOPICS, kirje_cover),
    TemplateSpec("kirje", 3, (*GRANT_TOPICS, *PERMIT_TOPICS), kirje_reply),
    TemplateSpec("kirje", 4, (*PERMIT_TOPICS, *PAYMENT_TOPICS), kirje_hearing),
    TemplateSpec("kirje", 5, DECISION_TOPICS, kirje_email),
    TemplateSpec("kirje", 6, GRANT_TOPICS, kirje_reminder),
)
