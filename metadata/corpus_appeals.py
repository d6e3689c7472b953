"""Generated-corpus templates: requests for rectification and appeals, and statements.

Each builder renders one document of its type in ``c.lang`` (fin or swe); the builders of a
type differ in structure (heading form, letter vs form vs e-mail layout, field order).
"""

from __future__ import annotations

from metadata.corpus_base import Ctx, TemplateSpec, join, lines, numbered
from metadata.corpus_topics import DECISION_TOPICS, GRANT_TOPICS, PERMIT_TOPICS

REFUSALS = (
    (
        "Hakemus hylätään, koska hakija ei ole osoittanut, että tuen myöntämisen edellytykset "
        "täyttyvät.",
        "Ansökan avslås, eftersom sökanden inte har visat att förutsättningarna för stöd uppfylls.",
    ),
    (
        "Tukea ei myönnetä kustannuksiin, jotka ovat syntyneet ennen hakemuksen vireilletuloa.",
        "Stöd beviljas inte för kostnader som har uppkommit innan ansökan blev anhängig.",
    ),
    (
        "Hakemus on hylätty, koska hanke on aloitettu ennen hakemuksen jättämistä.",
        "Ansökan har avslagits, eftersom projektet inleddes innan ansökan lämnades in.",
    ),
)


def _quoted_decision(c: Ctx) -> str:
    refusal = c.t(*c.r.choice(REFUSALS))
    return c.tp(
        (f'Päätöksessä todetaan: "{refusal}"', f'I beslutet konstateras: "{refusal}"'),
        (f"Päätöksen mukaan {refusal[0].lower()}{refusal[1:]}", f"Enligt beslutet: {refusal}"),
    )


def oikaisu_company(c: Ctx) -> str:
    """A company's request for rectification that quotes the decision it contests."""
    contested = c.other_dnro()
    return join(
        c.address(c.v["company"]),
        c.agency_address(),
        lines(
            c.heading(c.t("Oikaisuvaatimus", "Omprövningsbegäran"), "uuts"),
            f"{c.v['place']} {c.datestr()}",
        ),
        c.field(
            c.t("Päätös, johon vaaditaan oikaisua", "Beslut som omprövningen gäller"),
            f"{c.v['short']}, {c.t(*c.topic.decision).lower()} {c.datestr(c.before(10, 28))}, "
            f"{c.t('Dnro', 'Dnr')} {contested}",
        ),
        _quoted_decision(c),
        c.field(
            c.t("Vaatimukset", "Yrkanden"),
            c.t(
                "Vaadimme, että päätös oikaistaan ja {noun_par} myönnetään hakemuksen mukaisesti.",
                "Vi yrkar att beslutet rättas och att {noun} beviljas i enlighet med ansökan.",
            ),
        ),
        c.field(
            c.t("Perustelut", "Grunder"),
            c.t(
                "Päätöksessä ei ole otettu huomioon hakemuksen liitteenä toimitettua "
                "selvitystä. Hanke on aloitettu vasta hakemuksen jättämisen jälkeen.",
                "I beslutet har den utredning som bifogades ansökan inte beaktats. Projektet "
                "inleddes först efter att ansökan hade lämnats in.",
            ),
        ),
        c.field(c.t("Liitteet", "Bilagor"), c.t("Oikaistava päätös", "Beslutet som ska omprövas")),
        lines(
            c.name() + ", " + c.t("toimitusjohtaja", "verkställande direktör"),
            f"{c.v['company']}, {c.t('Y-tunnus', 'FO-nummer')} {c.v['company_id']}",
        ),
    )


def oikaisu_court(c: Ctx) -> str:
    """An appeal (valitus/besvär) to an administrative court, through counsel."""
    courts = (("Helsingin", "Helsingfors"), ("Turun", "Åbo"), ("Vaasan", "Vasa"))
    court = c.r.choice(courts)
    return join(
        c.heading(c.t("Valitus", "Besvär"), "uut"),
        c.t(f"{court[0]} hallinto-oikeudelle", f"Till {court[1]} förvaltningsdomstol"),
        c.field(c.t("Valittaja", "Ändringssökande"), f"{c.v['applicant']}, {c.v['postal']}"),
        c.field(
            c.t("Asiamies", "Ombud"),
            c.t("asianajaja ", "advokat ") + c.name() + c.t(", Asianajotoimisto", ", Advokatbyrå"),
        ),
        c.field(
            c.t("Valituksenalainen päätös", "Beslut som överklagas"),
            f"{c.v['short']} {c.datestr(c.before(10, 28))}, {c.other_dnro()}",
        ),
        c.field(
            c.t("Vaatimukset", "Yrkanden"),
            numbered(
                [
                    c.t("Päätös on kumottava.", "Beslutet ska upphävas."),
                    c.t(
                        "Asia on palautettava {agency_all} uudelleen käsiteltäväksi.",
                        "Ärendet ska återförvisas till {agency} för ny behandling.",
                    ),
                    c.t(
                        "Viranomainen on velvoitettava korvaamaan valittajan oikeudenkäyntikulut.",
                        "Myndigheten ska förpliktas ersätta ändringssökandens rättegångskostnader.",
                    ),
                ]
            ),
        ),
        c.field(
            c.t("Perustelut", "Grunder"),
            c.t(
                "Päätös on lainvastainen, koska valittajaa ei ole kuultu ennen asian "
                "ratkaisemista. Päätöksen perustelut ovat puutteelliset.",
                "Beslutet är lagstridigt, eftersom ändringssökanden inte har hörts innan ärendet "
                "avgjordes. Motiveringen till beslutet är bristfällig.",
            ),
        ),
        c.field(c.t("Todisteet", "Bevis"), c.t("Hakemusasiakirjat", "Ansökningshandlingarna")),
        c.field(
            c.t("Liitteet", "Bilagor"), c.t("Valituksenalainen päätös", "Det överklagade beslutet")
        ),
        c.dated(),
        c.name() + c.t(", asianajaja", ", advokat"),
    )


def oikaisu_personal(c: Ctx) -> str:
    """A private person's informal request, letter-like, sometimes with a salutation."""
    return join(
        f"{c.v['place']} {c.datestr()}",
        c.agency_address(),
        c.heading(c.t("Oikaisupyyntö", "Begäran om omprövning"), "tnn"),
        c.pick(c.t("Hyvä vastaanottaja,", "Bästa mottagare,"), ""),
        c.t(
            "sain {received} päätöksenne, jolla {noun_gen} hakemukseni hylättiin. Haen "
            "päätökseen oikaisua. Vaadin, että päätös oikaistaan ja {noun} myönnetään.",
            "jag fick ert beslut {received}, genom vilket min ansökan om {noun} avslogs. Jag "
            "begär omprövning av beslutet och yrkar att {noun} beviljas.",
        ),
        c.t(
            "Mielestäni päätös on virheellinen, koska toimitin kaikki pyydetyt liitteet "
            "määräajassa. Päätöksessä väitetään, että selvitykset puuttuivat.",
            "Jag anser att beslutet är felaktigt, eftersom jag lämnade in alla begärda bilagor "
            "inom utsatt tid. I beslutet påstås att utredningarna saknades.",
        ),
        c.closing(),
        lines(
            c.v["person"], c.v["street"], c.v["postal"], f"p. 040 {c.r.randint(1000000, 9999999)}"
        ),
    )


def oikaisu_form(c: Ctx) -> str:
    """A numbered request form for rectification of a support decision."""
    return join(
        c.t(
            "Oikaisuvaatimus {noun_gen} päätökseen", "Omprövningsbegäran gällande beslut om {noun}"
        ),
        c.t("1. Oikaisuvaatimuksen tekijä", "1. Den som begär omprövning"),
        lines(
            c.field(c.t("Nimi", "Namn"), c.v["applicant"]),
            c.field(
                c.t("Tila- tai Y-tunnus", "Lägenhetssignum eller FO-nummer"), c.v["company_id"]
            ),
            c.field(c.t("Osoite", "Adress"), f"{c.v['street']}, {c.v['postal']}"),
        ),
        c.t("2. Päätös, johon oikaisua vaaditaan", "2. Beslut som omprövningen gäller"),
        lines(
            c.field(c.t("Päätöksen antaja", "Beslutsfattare"), c.v["short"]),
            c.field(c.t("Päätöspäivä", "Beslutsdatum"), c.datestr(c.before(5, 25), "num")),
            c.field(c.t("Diaarinumero", "Diarienummer"), c.other_dnro()),
        ),
        c.field(
            c.t("3. Vaatimus", "3. Yrkande"),
            c.t(
                "Vaadin, että tukea ei leikata ja koko haettu määrä maksetaan.",
                "Jag yrkar att stödet inte sänks och att hela det ansökta beloppet betalas ut.",
            ),
        ),
        c.field(
            c.t("4. Perustelut", "4. Grunder"),
            c.t(
                "Pinta-alat on ilmoitettu oikein, ja tarkastuksessa havaittu ero johtuu "
                "mittausvirheestä.",
                "Arealerna har uppgetts korrekt och skillnaden vid kontrollen beror på ett mätfel.",
            ),
        ),
        c.field(c.t("5. Päiväys ja allekirjoitus", "5. Datum och underskrift"), c.datestr()),
    )


def oikaisu_email(c: Ctx) -> str:
    """A request for rectification sent by e-mail, printed for the file."""
    return join(
        c.email_header(
            f"{c.v['applicant']} <info@example.fi>",
            f"kirjaamo@{c.ag.code.lower()}.fi",
            c.t("Oikaisuvaatimus, päätös ", "Omprövningsbegäran, beslut ") + c.other_dnro(),
        ),
        c.pick(c.t("Hei,", "Hej,"), c.t("Hyvä vastaanottaja,", "Bästa mottagare,"), ""),
        c.t(
            "vaadin oikaisua {agency_gen} päätökseen, joka on annettu {received}. Päätöksellä "
            "{noun} myönnettiin haettua pienempänä.",
            "jag begär omprövning av {agency_gen} beslut som gavs {received}. Genom beslutet "
            "beviljades {noun} till ett lägre belopp än det sökta.",
        ),
        c.t(
            "Vaatimukseni on, että {noun} myönnetään täysimääräisenä. Perusteena on, että "
            "päätöksessä on laskettu kustannukset väärin.",
            "Jag yrkar att {noun} beviljas till fullt belopp. Som grund anför jag att kostnaderna "
            "har beräknats fel i beslutet.",
        ),
        lines(c.closing(), c.v["applicant"], f"p. 040 {c.r.randint(1000000, 9999999)}"),
    )


def _ministry(c: Ctx) -> tuple[str, str]:
    return c.r.choice(
        (
            ("Työ- ja elinkeinoministeriö", "Arbets- och näringsministeriet"),
            ("Ympäristöministeriö", "Miljöministeriet"),
            ("Maa- ja metsätalousministeriö", "Jord- och skogsbruksministeriet"),
        )
    )


def lausunto_ministry(c: Ctx) -> str:
    """Statement on a draft bill, to a ministry: reference, general and detailed remarks."""
    ministry = _ministry(c)
    return join(
        lines(c.org(), c.heading(c.t("Lausunto", "Utlåtande"), "uuts"), c.dated(), c.diary()),
        c.t(*ministry),
        c.field(
            c.t("Viite", "Hänvisning"),
            c.t("Lausuntopyyntö ", "Begäran om utlåtande ")
            + f"{c.datestr(c.before(20, 50))}, VN/{c.r.randint(100, 9999)}/{c.day.year}",
        ),
        c.field(
            c.t("Asia", "Ärende"),
            c.t(
                "Luonnos hallituksen esitykseksi laiksi {law_short} muuttamisesta",
                "Utkast till regeringens proposition med förslag till lag om ändring av "
                "{law_short}",
            ),
        ),
        c.t(
            "{Agency} kiittää mahdollisuudesta lausua asiassa ja esittää lausuntonaan seuraavaa.",
            "{Agency} tackar för möjligheten att yttra sig och framför följande.",
        ),
        c.heading(c.t("Yleiset huomiot", "Allmänna synpunkter"), "ut"),
        c.t(
            "{Agency} pitää esitystä kannatettavana. Ehdotetut muutokset selkeyttävät "
            "viranomaisten työnjakoa ja vähentävät hallinnollista taakkaa.",
            "{Agency} anser att propositionen är värd att understöda. De föreslagna ändringarna "
            "förtydligar myndigheternas arbetsfördelning och minskar den administrativa bördan.",
        ),
        c.heading(c.t("Yksityiskohtaiset huomiot", "Detaljerade synpunkter"), "ut"),
        numbered(
            [
                c.t(
                    "Siirtymäaika on liian lyhyt tietojärjestelmien muuttamiseksi.",
                    "Övergångstiden är för kort för att ändra informationssystemen.",
                ),
                c.t(
                    "Pykälän 5 perusteluja tulisi täydentää.",
                    "Motiveringen till 5 § bör kompletteras.",
                ),
                c.t(
                    "Esityksen vaikutukset henkilöstöön tulisi arvioida.",
                    "Propositionens konsekvenser för personalen bör bedömas.",
                ),
            ]
        ),
        c.signature(True),
    )


def lausunto_plan(c: Ctx) -> str:
    """Statement to a municipality on a local detailed plan, by subject headings."""
    return join(
        f"{c.org(False)}\t{c.heading(c.t('Lausunto', 'Utlåtande'), 'tu')}\t{c.datestr()}\t"
        + c.diary(False),
        c.t("{place}n kaupunki, kaavoitus", "{place} stad, planläggningen"),
        c.field(
            c.t("Asia", "Ärende"),
            c.t(
                "Lausunto asemakaavaehdotuksesta, {place}, Satama-alue",
                "Utlåtande om förslaget till detaljplan, {place}, hamnområdet",
            ),
        ),
        c.t(
            "{Agency} on tutustunut kaava-aineistoon ja toteaa lausuntonaan seuraavaa.",
            "{Agency} har tagit del av planmaterialet och framför i sitt utlåtande följande.",
        ),
        c.field(
            c.t("Liikenne", "Trafik"),
            c.t(
                "Maantien {road} liittymäjärjestelyt on esitettävä kaavakartalla.",
                "Anslutningsarrangemangen till landsväg {road} ska visas på plankartan.",
            ),
        ),
        c.field(
            c.t("Vesistöt ja tulvat", "Vattendrag och översvämningar"),
            c.t(
                "Alin suositeltava rakentamiskorkeus on otettava huomioon kaavamääräyksissä.",
                "Den lägsta rekommenderade byggnadshöjden ska beaktas i planbestämmelserna.",
            ),
        ),
        c.field(
            c.t("Luonnonsuojelu", "Naturskydd"),
            c.t(
                "Alueella ei ole tiedossa suojeltavia luontotyyppejä.",
                "Det finns inga kända skyddade naturtyper på området.",
            ),
        ),
        c.t(
            "{Agency} ei vastusta kaavan hyväksymistä, kun edellä esitetyt huomiot otetaan "
            "huomioon.",
            "{Agency} motsätter sig inte att planen godkänns, om ovanstående synpunkter beaktas.",
        ),
        c.signature(True),
    )


def lausunto_support(c: Ctx) -> str:
    """Expert statement on an application (puoltolausunto); the type is in the subject line."""
    verdict = c.tp(
        ("{Agency} puoltaa hakemusta.", "{Agency} tillstyrker ansökan."),
        ("{Agency} ei puolla hakemusta.", "{Agency} tillstyrker inte ansökan."),
    )
    return join(
        lines(c.org(True), c.dated(), c.diary()),
        c.t(
            "Lausunto {noun_gen} hakemuksesta, hakija {applicant}",
            "Utlåtande om ansökan om {noun} av {applicant}",
        ),
        c.t(
            "{short} on pyytänyt {date_req} lausuntoa yritystoiminnan edellytyksistä.",
            "{short} har {date_req} begärt ett utlåtande om förutsättningarna för "
            "företagsverksamheten.",
            date_req=c.datestr(c.before(10, 30)),
        ),
        c.t(
            "Liiketoimintasuunnitelma on realistinen ja rahoitus on järjestetty. Hakijalla on "
            "alan koulutus ja kokemusta.",
            "Affärsplanen är realistisk och finansieringen är ordnad. Sökanden har utbildning "
            "och erfarenhet inom branschen.",
        ),
        verdict,
        c.field(c.t("Lausunnon antaja", "Utlåtandet har getts av"), c.v["official"]),
        c.contact(),
    )


def lausunto_court(c: Ctx) -> str:
    """Statement requested by an administrative court on an appeal against the agency."""
    return join(
        lines(c.org(), c.heading(c.t("Lausunto", "Utlåtande"), "uutn"), c.dated()),
        c.t("Vaasan hallinto-oikeudelle", "Till Vasa förvaltningsdomstol"),
        c.field(
            c.t("Viite", "Hänvisning"),
            c.t("Hallinto-oikeuden lausuntopyyntö ", "Förvaltningsdomstolens begäran om utlåtande ")
            + f"{c.datestr(c.before(15, 40))}, "
            + f"{c.r.randint(100, 9999):05d}/{c.day.year % 100}/5103",
        ),
        c.field(
            c.t("Asia", "Ärende"),
            c.t(
                "Valitus {agency_gen} päätöksestä {n}, valittaja {applicant}",
                "Besvär över {agency_gen} beslut {n}, ändringssökande {applicant}",
                n=c.other_dnro(),
            ),
        ),
        c.t(
            "{Agency} esittää lausuntonaan valituksen johdosta seuraavaa.",
            "{Agency} anför i sitt utlåtande följande med anledning av besväret.",
        ),
        c.t(
            "Valittaja on vaatinut päätöksen kumoamista. Päätös on tehty sovellettavien "
            "säännösten mukaisesti ja se on perusteltu asianmukaisesti.",
            "Ändringssökanden har yrkat att beslutet upphävs. Beslutet har fattats i enlighet "
            "med tillämpliga bestämmelser och det är vederbörligen motiverat.",
        ),
        c.t(
            "{Agency} katsoo, että valitus on hylättävä perusteettomana.",
            "{Agency} anser att besväret ska avslås som ogrundat.",
        ),
        c.signature(True),
    )


def lausunto_service(c: Ctx) -> str:
    """A statement printed from the public consultation service: questions and answers."""
    return join(
        c.heading(c.t("Lausunto", "Utlåtande"), "tt"),
        c.field(
            c.t("Lausuntopyyntö", "Begäran om utlåtande"),
            c.t(
                "Lausuntopyyntö luonnoksesta laiksi {law_short} muuttamisesta",
                "Begäran om utlåtande om utkastet till lag om ändring av {law_short}",
            ),
        ),
        c.field(c.t("Lausunnonantaja", "Remissinstans"), c.v["short"]),
        c.t(
            "1. Onko teillä yleisiä huomioita esityksestä?",
            "1. Har ni allmänna synpunkter på förslaget?",
        ),
        c.tp(
            (
                "Kannatamme esitystä. Muutokset selkeyttävät tehtävien hoitamista.",
                "Vi understöder förslaget. Ändringarna förtydligar skötseln av uppgifterna.",
            ),
            (
                "Esitys on pääosin kannatettava, mutta vaikutusarviota on täydennettävä.",
                "Förslaget är i huvudsak värt att understöda, men konsekvensbedömningen bör "
                "kompletteras.",
            ),
        ),
        c.t(
            "2. Muut huomiot ehdotetuista säännöksistä",
            "2. Övriga synpunkter på de föreslagna bestämmelserna",
        ),
        c.t("Ei lausuttavaa.", "Inget att yttra."),
        lines(
            c.v["chief"],
            c.v["chief_title"],
            c.v["short"] + c.t(" - Lausuntopalvelu.fi", " - Utlåtandetjänsten.fi"),
        ),
    )


SPECS: tuple[TemplateSpec, ...] = (
    TemplateSpec("oikaisuvaatimus", 1, GRANT_TOPICS, oikaisu_company),
    TemplateSpec("oikaisuvaatimus", 2, (*PERMIT_TOPICS, *GRANT_TOPICS), oikaisu_court),
    TemplateSpec("oikaisuvaatimus", 3, ("starttiraha", "palkkatuki"), oikaisu_personal),
    TemplateSpec("oikaisuvaatimus", 4, ("maatalous", "kehittamisavustus"), oikaisu_form),
    TemplateSpec("oikaisuvaatimus", 5, GRANT_TOPICS, oikaisu_email),
    TemplateSpec("lausunto", 1, DECISION_TOPICS, lausunto_ministry),
    TemplateSpec("lausunto", 2, PERMIT_TOPICS, lausunto_plan),
    TemplateSpec("lausunto", 3, ("starttiraha", "kehittamisavustus"), lausunto_support),
    TemplateSpec("lausunto", 4, (*PERMIT_TOPICS, *GRANT_TOPICS), lausunto_court),
    TemplateSpec("lausunto", 5, DECISION_TOPICS, lausunto_service),
)
