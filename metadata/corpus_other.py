"""Generated-corpus templates: documents of none of the other types ('muu').

Public notices, instructions, lists, statute-like rules, reviews, agendas, certificates and
reports; each builder renders one document in ``c.lang`` (fin or swe).
"""

from __future__ import annotations

from metadata.corpus_base import Ctx, TemplateSpec, join, lines, numbered
from metadata.corpus_meetings import group_name, meeting_time
from metadata.corpus_topics import DECISION_TOPICS, GRANT_TOPICS, PERMIT_TOPICS

_INESSIVE = {
    "Helsinki": "Helsingissä",
    "Turku": "Turussa",
    "Tampere": "Tampereella",
    "Seinäjoki": "Seinäjoella",
    "Oulu": "Oulussa",
    "Vaasa": "Vaasassa",
    "Jyväskylä": "Jyväskylässä",
}


def muu_notice(c: Ctx) -> str:
    """Public notice of a pending permit matter: documents on display, objections."""
    shown = f"{c.datestr(c.after(3, 7), 'num')}–{c.datestr(c.after(30, 40), 'num')}"
    return join(
        c.heading(c.t("Kuulutus", "Kungörelse"), "uuts"),
        lines(c.org(), f"{c.datestr()}\t{c.diary()}"),
        c.v["subject"],
        c.t(
            "{applicant} on pyytänyt {applied}. Asiakirjat ovat nähtävillä {shown} {place}n "
            "kunnan asiointipisteessä ja {agency_gen} verkkosivuilla.",
            "{applicant} har begärt {applied}. Handlingarna finns framlagda {shown} vid {place} "
            "kommuns servicepunkt och på {agency_gen} webbplats.",
            shown=shown,
        ),
        c.t(
            "Asianosaisilla on tilaisuus tehdä muistutuksia ja muilla esittää mielipiteensä. "
            "Ne on toimitettava kirjallisesti kirjaamoon viimeistään nähtävilläoloajan "
            "viimeisenä päivänä.",
            "Sakägarna har tillfälle att framföra anmärkningar och andra att framföra sina "
            "åsikter. De ska lämnas skriftligen till registratorskontoret senast den sista dagen "
            "av framläggningstiden.",
        ),
        c.contact(),
    )


def muu_instructions(c: Ctx) -> str:
    """Instructions for customers: numbered steps."""
    return join(
        lines(
            c.heading(c.t("Ohje", "Anvisning"), "uut"),
            c.t(
                "Näin haet {noun_par} – ohje asiakkaalle",
                "Så här ansöker du om {noun} – anvisning för kunder",
            ),
            c.t("Päivitetty ", "Uppdaterad ") + c.datestr(style="num"),
        ),
        numbered(
            [
                c.t(
                    "Tarkista ennen hakemista, että täytät tuen ehdot.",
                    "Kontrollera innan du ansöker att du uppfyller villkoren.",
                ),
                c.t(
                    "Täytä hakemus sähköisessä asiointipalvelussa.",
                    "Fyll i ansökan i e-tjänsten.",
                ),
                c.t(
                    "Liitä mukaan kustannusarvio ja tarvittavat selvitykset.",
                    "Bifoga kostnadsberäkningen och behövliga utredningar.",
                ),
                c.t(
                    "Saat päätöksen sähköisesti noin kuuden viikon kuluessa.",
                    "Du får beslutet elektroniskt inom cirka sex veckor.",
                ),
                c.t(
                    "Hae maksatusta toteutuneiden kustannusten mukaan.",
                    "Ansök om utbetalning enligt de faktiska kostnaderna.",
                ),
            ],
            c.pick("1.", "1)"),
        ),
        c.t("Lisätietoja: ", "Mer information: ") + c.v["short"] + ", " + c.v["phone"],
    )


def muu_list(c: Ctx) -> str:
    """A list: distribution list, participants or documents of a case, as rows."""
    kind = c.r.randrange(3)
    if kind == 0:
        title = c.t("Jakelulista", "Sändlista")
        rows = [f"{c.name()}\t{c.org(False)}" for _ in range(c.r.randint(4, 9))]
    elif kind == 1:
        title = c.t("Osallistujaluettelo", "Deltagarförteckning")
        rows = [f"{c.name()}\t{c.v['company']}\t040 {c.r.randint(10**6, 10**7)}" for _ in range(5)]
    else:
        title = c.t("Asiakirjaluettelo", "Förteckning över handlingar")
        docs = [
            c.t("Hakemus", "Ansökan"),
            c.t("Lisäselvitys", "Tilläggsutredning"),
            c.t("Lausuntopyyntö", "Begäran om utlåtande"),
            c.t("Päätös", "Beslut"),
            c.t("Maksatushakemus", "Ansökan om utbetalning"),
        ]
        rows = [
            f"{i}\t{doc}\t{c.datestr(c.before(5, 300), 'num')}" for i, doc in enumerate(docs, 1)
        ]
    return join(
        lines(c.heading(title, "tu"), c.diary() if kind == 2 else c.datestr()),
        lines(*rows),
        c.t("Yhteensä {n} riviä", "Sammanlagt {n} rader", n=str(len(rows)))
        if c.chance(0.5)
        else "",
    )


def muu_rules(c: Ctx) -> str:
    """Statute-like internal rules (työjärjestys, määräys) in § sections."""
    heading = c.pick(c.t("Työjärjestys", "Arbetsordning"), c.t("Määräys", "Föreskrift"))
    sections = [
        (
            c.t("Soveltamisala", "Tillämpningsområde"),
            c.t(
                "Tätä työjärjestystä sovelletaan {agency_gen} toimintaan.",
                "Denna arbetsordning tillämpas vid {short}.",
            ),
        ),
        (
            c.t("Organisaatio", "Organisation"),
            c.t(
                "Keskuksessa on kolme vastuualuetta ja hallintoyksikkö.",
                "Centralen har tre ansvarsområden och en förvaltningsenhet.",
            ),
        ),
        (
            c.t("Asioiden ratkaiseminen", "Avgörande av ärenden"),
            c.t(
                "Johtaja ratkaisee asiat, joita ei ole säädetty tai määrätty muun viranomaisen "
                "ratkaistavaksi.",
                "Direktören avgör de ärenden som inte enligt lag eller föreskrift ska avgöras "
                "av någon annan.",
            ),
        ),
        (
            c.t("Voimaantulo", "Ikraftträdande"),
            c.t(
                "Tämä työjärjestys tulee voimaan {start}.",
                "Denna arbetsordning träder i kraft den {start}.",
            ),
        ),
    ]
    body = [f"{i} §\n{label}\n{text}" for i, (label, text) in enumerate(sections, 1)]
    return join(
        lines(c.org(True), c.heading(heading, "tu"), c.diary()),
        c.t(
            "Annettu {city} ",
            "Given i {city} den ",
            city=_INESSIVE.get(c.ag.fin_city, "") if not c.sv else c.ag.swe_city,
        )
        + c.datestr(),
        *body,
        lines(c.v["chief"], c.v["chief_title"]),
    )


def muu_review(c: Ctx) -> str:
    """A press release or labour-market review with figures."""
    unemployed = c.r.randint(5000, 90000)
    change = c.r.randint(-15, 15)
    return join(
        lines(
            c.heading(
                c.pick(
                    c.t("Tiedote", "Pressmeddelande"),
                    c.t("Työllisyyskatsaus", "Sysselsättningsöversikt"),
                ),
                "tu",
            ),
            c.org(False),
            c.datestr(),
        ),
        c.t(
            "Työttömien työnhakijoiden määrä muuttui {change} prosenttia",
            "Antalet arbetslösa arbetssökande förändrades med {change} procent",
            change=f"{change:+d}",
        ),
        c.t(
            "Työttömiä työnhakijoita oli kuun lopussa {n}. Muutos edellisvuodesta on {change} "
            "prosenttia. Avoimia työpaikkoja ilmoitettiin {m}.",
            "Vid månadens slut fanns det {n} arbetslösa arbetssökande. Förändringen från året "
            "innan är {change} procent. Antalet anmälda lediga jobb var {m}.",
            n=str(unemployed),
            change=f"{change:+d}",
            m=str(c.r.randint(900, 20000)),
        ),
        lines(
            c.t("Kuukausi\tTyöttömät\tAvoimet", "Månad\tArbetslösa\tLediga"),
            *[
                f"{m}/{c.day.year}\t{unemployed + c.r.randint(-900, 900)}\t"
                f"{c.r.randint(900, 20000)}"
                for m in range(1, 4)
            ],
        ),
        c.contact(),
    )


def muu_agenda(c: Ctx) -> str:
    """A meeting agenda: items to be handled, no minutes and no decisions yet."""
    items = [
        c.t("Kokouksen avaus", "Mötets öppnande"),
        c.t("Esityslistan hyväksyminen", "Godkännande av föredragningslistan"),
        c.v["subject"],
        c.t("Talousarvion toteutuminen", "Budgetuppföljning"),
        c.t("Muut asiat", "Övriga ärenden"),
        c.t("Seuraava kokous", "Nästa möte"),
    ]
    return join(
        lines(c.org(), c.heading(c.t("Esityslista", "Föredragningslista"), "uut")),
        c.t("{group}n kokous", "{group}s möte", group=group_name(c)),
        lines(
            c.field(c.t("Aika", "Tid"), meeting_time(c)),
            c.field(c.t("Paikka", "Plats"), c.t("{short}, neuvotteluhuone", "{short}, mötesrum")),
        ),
        c.t("Käsiteltävät asiat", "Ärenden som behandlas"),
        numbered(items),
        c.t(
            "Kokousmateriaali lähetetään jäsenille viikkoa ennen kokousta.",
            "Mötesmaterialet skickas till medlemmarna en vecka före mötet.",
        ),
        lines(c.v["official"], c.t("sihteeri", "sekreterare")),
    )


def muu_invitation(c: Ctx) -> str:
    """An invitation to a seminar or an information event, with a programme and registration."""
    h = c.r.choice((9, 10, 13))
    programme = [
        f"{h}.00 " + c.t("Tervetuloa", "Välkommen"),
        f"{h}.15 " + c.t("Ajankohtaista: {noun}", "Aktuellt: {noun}"),
        f"{h + 1}.00 " + c.t("Kokemuksia yrityksistä", "Erfarenheter från företagen"),
        f"{h + 1}.45 " + c.t("Keskustelu ja kysymykset", "Diskussion och frågor"),
    ]
    return join(
        lines(
            c.org(False),
            c.heading(c.pick(c.t("Kutsu", "Inbjudan"), c.t("Kokouskutsu", "Kallelse")), "ut"),
        ),
        c.t(
            "{Agency} kutsuu teidät tiedotustilaisuuteen, jossa esitellään {noun_gen} muutoksia.",
            "{Agency} inbjuder er till ett informationsmöte där ändringarna i {noun} presenteras.",
        ),
        lines(
            c.field(
                c.t("Aika", "Tid"), f"{c.datestr(style='num')} {c.t('klo', 'kl.')} {h}–{h + 2}"
            ),
            c.field(
                c.t("Paikka", "Plats"),
                c.t("{short}, auditorio ja Teams", "{short}, auditoriet och Teams"),
            ),
        ),
        c.t("Ohjelma", "Program"),
        "\n".join(programme),
        c.t(
            "Ilmoittautumiset viimeistään {d} osoitteeseen {email}. Tilaisuus on maksuton.",
            "Anmälningar senast {d} till {email}. Evenemanget är avgiftsfritt.",
            d=c.datestr(c.before(3, 10), "num"),
        ),
        lines(c.closing(), c.v["official"]),
    )


def muu_certificate(c: Ctx) -> str:
    """A certificate (employment or participation), stating facts about a person."""
    return join(
        lines(c.org(True), c.datestr()),
        c.heading(c.pick(c.t("Työtodistus", "Arbetsintyg"), c.t("Todistus", "Intyg")), "uut"),
        c.t(
            "{person} on ollut {agency_gen} palveluksessa {period} ylitarkastajan tehtävissä.",
            "{person} har varit anställd vid {agency} {period} som överinspektör.",
        ),
        c.t(
            "Tehtäviin kuuluivat yritystukiasioiden valmistelu ja asiakasneuvonta.",
            "Till uppgifterna hörde beredning av företagsstödsärenden och kundrådgivning.",
        ),
        c.t(
            "Palvelussuhde päättyi määräajan päättymiseen.",
            "Anställningen upphörde när visstiden gick ut.",
        ),
        lines(c.v["chief"], c.v["chief_title"]),
    )


def muu_report(c: Ctx) -> str:
    """A report: introduction, results with figures, conclusions."""
    n = c.r.randint(40, 900)
    return join(
        lines(
            c.heading(c.pick(c.t("Selvitys", "Rapport"), c.t("Raportti", "Utredning")), "tu"),
            c.t("{noun_gen} vaikuttavuus {year}", "Effekterna av {noun} {year}"),
            c.org(False),
        ),
        c.field(
            c.t("1 Johdanto", "1 Inledning"),
            c.t(
                "Selvityksessä tarkasteltiin tuen vaikutuksia yritysten kasvuun.",
                "I rapporten granskades stödets inverkan på företagens tillväxt.",
            ),
        ),
        c.field(
            c.t("2 Tulokset", "2 Resultat"),
            c.t(
                "Tarkastelussa oli {n} yritystä. Liikevaihto kasvoi keskimäärin {p} prosenttia.",
                "Granskningen omfattade {n} företag. Omsättningen ökade i genomsnitt med {p} "
                "procent.",
                n=str(n),
                p=str(c.r.randint(2, 30)),
            ),
        ),
        c.field(
            c.t("3 Johtopäätökset", "3 Slutsatser"),
            c.t(
                "Tuki on vaikuttanut myönteisesti erityisesti pienimpiin yrityksiin.",
                "Stödet har haft en positiv inverkan särskilt på de minsta företagen.",
            ),
        ),
    )


SPECS: tuple[TemplateSpec, ...] = (
    TemplateSpec("muu", 1, PERMIT_TOPICS, muu_notice),
    TemplateSpec("muu", 2, GRANT_TOPICS, muu_instructions),
    TemplateSpec("muu", 3, DECISION_TOPICS, muu_list),
    TemplateSpec("muu", 4, ("henkilosto",), muu_rules),
    TemplateSpec("muu", 5, ("palkkatuki", "starttiraha"), muu_review),
    TemplateSpec("muu", 6, (*GRANT_TOPICS, *PERMIT_TOPICS), muu_agenda),
    TemplateSpec("muu", 7, ("henkilosto",), muu_certificate),
    TemplateSpec("muu", 8, GRANT_TOPICS, muu_report),
    TemplateSpec("muu", 9, (*GRANT_TOPICS, *PERMIT_TOPICS), muu_invitation),
)
