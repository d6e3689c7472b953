"""Generated-corpus templates: invoices and agreements.

Each builder renders one document of its type in ``c.lang`` (fin or swe); the four builders of
a type differ in structure (heading form, table vs letter vs prose layout, field order).
"""

from __future__ import annotations

from metadata.corpus_base import Ctx, TemplateSpec, join, lines, money
from metadata.corpus_topics import PAYMENT_TOPICS, PERMIT_TOPICS


def _invoice_rows(c: Ctx, n: int) -> tuple[list[str], float]:
    items = [
        c.t("Tulkkaus, tunti", "Tolkning, timme"),
        c.t("Konsultointi", "Konsultation"),
        c.t("Koulutuspäivä", "Utbildningsdag"),
        c.t("Matkakulut", "Resekostnader"),
        c.t("Kopiointi ja postitus", "Kopiering och postning"),
        c.t("Kokoustarjoilu", "Mötesservering"),
    ]
    rows, total = [], 0.0
    for item in c.r.sample(items, n):
        qty, price = c.r.randint(1, 12), c.r.randrange(20, 900) + 0.5 * c.r.randint(0, 1)
        total += qty * price
        rows.append(f"{item}\t{qty}\t{money(price)}\t24 %\t{money(qty * price)}")
    return rows, total


def _ref(c: Ctx) -> str:
    return f"{c.r.randint(1000, 99999)} {c.r.randint(10000, 99999)}"


def lasku_supplier(c: Ctx) -> str:
    """A supplier's invoice to an agency: invoice fields, item rows, VAT, bank details."""
    rows, net = _invoice_rows(c, c.r.randint(2, 4))
    return join(
        lines(c.v["company"], c.v["street"], c.v["postal"]),
        c.heading(c.t("Lasku", "Faktura"), "uuts"),
        lines(
            c.field(c.t("Laskun numero", "Fakturanummer"), str(c.r.randint(1000, 99999))),
            c.field(c.t("Laskun päivämäärä", "Fakturadatum"), c.datestr(style="num")),
            c.field(c.t("Eräpäivä", "Förfallodag"), c.datestr(c.after(14, 30), "num")),
            c.field(c.t("Viitenumero", "Referensnummer"), _ref(c)),
            c.field(c.t("Maksuehto", "Betalningsvillkor"), c.t("14 pv netto", "14 dagar netto")),
        ),
        lines(c.t("Laskutusosoite", "Faktureringsadress"), c.org(True), c.diary(False)),
        lines(
            c.t("Kuvaus\tMäärä\tà-hinta\tALV\tYhteensä", "Beskrivning\tAntal\tà-pris\tMoms\tSumma"),
            *rows,
        ),
        lines(
            c.field(c.t("Veroton yhteensä", "Summa exkl. moms"), money(net)),
            c.field(c.t("ALV 24 %", "Moms 24 %"), money(net * 0.24)),
            c.field(c.t("Maksettava yhteensä EUR", "Att betala EUR"), money(net * 1.24)),
        ),
        c.t("Viivästyskorko 8 %. Huomautukset 7 päivän kuluessa.", "Dröjsmålsränta 8 %."),
        f"IBAN FI{c.r.randint(10, 99)} {c.r.randint(1000, 9999)} {c.r.randint(1000, 9999)} "
        f"{c.r.randint(1000, 9999)} {c.r.randint(10, 99)}  BIC NDEAFIHH  "
        + c.t("Y-tunnus ", "FO-nummer ")
        + c.v["company_id"],
    )


def lasku_fee(c: Ctx) -> str:
    """The agency's own invoice for a processing fee, in letter form."""
    fee = money(c.r.choice((510, 1040, 2870, 5600, 180)))
    return join(
        lines(c.org(), c.unit()),
        lines(c.heading(c.t("Lasku", "Faktura"), "tu"), c.datestr(), c.diary()),
        c.address(c.v["applicant"]),
        c.field(
            c.t("Asia", "Ärende"),
            c.t("Käsittelymaksu, ", "Behandlingsavgift, ") + c.v["subject"].lower(),
        ),
        c.t(
            "{Agency} perii asian käsittelystä maksun valtion maksuperustelain (150/1992) ja "
            "sen nojalla annetun asetuksen mukaisesti.",
            "{Agency} tar ut en avgift för behandlingen av ärendet enligt lagen om grunderna "
            "för avgifter till staten (150/1992) och förordningen som utfärdats med stöd av den.",
        ),
        lines(
            c.field(c.t("Maksun määrä", "Avgiftens belopp"), f"{fee} €"),
            c.field(c.t("Eräpäivä", "Förfallodag"), c.datestr(c.after(14, 30), "num")),
            c.field(c.t("Viitenumero", "Referensnummer"), _ref(c)),
            c.field(c.t("Tilinumero", "Kontonummer"), "FI12 5000 0120 2534 47"),
        ),
        c.t(
            "Eräpäivän jälkeen maksulle peritään korkolain mukainen viivästyskorko.",
            "Efter förfallodagen tas dröjsmålsränta ut enligt räntelagen.",
        ),
        c.contact(),
    )


def lasku_einvoice(c: Ctx) -> str:
    """An e-invoice printout: seller and buyer blocks, order reference, rows, total."""
    rows, net = _invoice_rows(c, c.r.randint(1, 3))
    return join(
        c.t("Verkkolasku", "E-faktura") + f"  {c.r.randint(10**8, 10**9)}",
        lines(
            c.t("Myyjä", "Säljare"),
            c.v["company"],
            c.t("Y-tunnus ", "FO-nummer ") + c.v["company_id"],
        ),
        lines(
            c.t("Ostaja", "Köpare"),
            c.org(True),
            c.t("Tilausviite ", "Beställarens referens ") + c.v["official"],
        ),
        lines(
            c.field(c.t("Päivämäärä", "Datum"), c.datestr(style="zero")),
            c.field(c.t("Eräpäivä", "Förfallodag"), c.datestr(c.after(14, 30), "zero")),
            c.field(c.t("Viite", "Referens"), _ref(c)),
        ),
        lines(*rows),
        c.field(c.t("Yhteensä (sis. alv)", "Totalt (inkl. moms)"), money(net * 1.24) + " EUR"),
        c.t(
            "Maksathan laskun eräpäivään mennessä.",
            "Vänligen betala fakturan senast på förfallodagen.",
        ),
    )


def lasku_recovery(c: Ctx) -> str:
    """Invoice for recovering support paid without grounds; it cites the recovery decision."""
    principal = c.r.randrange(800, 24000)
    interest = round(principal * c.r.uniform(0.02, 0.08), 2)
    return join(
        lines(
            c.org(),
            c.heading(
                c.pick(c.t("Lasku", "Faktura"), c.t("Takaisinperintälasku", "Återkravsfaktura")),
                "ut",
            ),
        ),
        lines(
            c.field(c.t("Laskun numero", "Fakturanummer"), str(c.r.randint(10**5, 10**6))),
            c.field(c.t("Päiväys", "Datum"), c.datestr(style="num")),
            c.field(c.t("Eräpäivä", "Förfallodag"), c.datestr(c.after(20, 30), "num")),
        ),
        c.address(c.v["applicant"]),
        c.t(
            "Perusteettomasti maksetun tuen takaisinperintä",
            "Återkrav av stöd som betalats ut utan grund",
        ),
        c.t(
            "Lasku perustuu {agency_gen} takaisinperintäpäätökseen {d} ({n}).",
            "Fakturan grundar sig på {agency_gen} beslut om återkrav {d} ({n}).",
            d=c.datestr(c.before(20, 60)),
            n=c.other_dnro(),
        ),
        lines(
            c.field(c.t("Takaisinperittävä määrä", "Belopp som återkrävs"), money(principal)),
            c.field(c.t("Korko", "Ränta"), money(interest)),
            c.field(c.t("Yhteensä", "Sammanlagt"), money(principal + interest) + " €"),
            c.field(c.t("Viitenumero", "Referensnummer"), _ref(c)),
        ),
        c.t(
            "Maksamaton lasku siirretään ulosottoon.",
            "En obetald faktura överförs till utsökning.",
        ),
    )


def sopimus_procurement(c: Ctx) -> str:
    """Procurement contract in numbered sections, signatures of both parties."""
    heading = c.pick(
        c.heading(c.t("Hankintasopimus", "Upphandlingsavtal"), "uut"),
        c.t("Sopimus tulkkauspalvelujen hankinnasta", "Avtal om upphandling av tolktjänster"),
    )
    sections = [
        (
            c.t("Sopijapuolet", "Avtalsparter"),
            lines(
                c.t("Tilaaja: ", "Beställare: ") + c.org(True),
                c.t("Toimittaja: ", "Leverantör: ") + f"{c.v['company']} ({c.v['company_id']})",
            ),
        ),
        (
            c.t("Sopimuksen tarkoitus", "Avtalets syfte"),
            c.t(
                "Toimittaja tuottaa tilaajalle tulkkauspalveluja tarjouksensa mukaisesti.",
                "Leverantören tillhandahåller tolktjänster enligt sitt anbud.",
            ),
        ),
        (c.t("Sopimuskausi", "Avtalsperiod"), c.v["period"]),
        (
            c.t("Hinnat ja maksuehdot", "Priser och betalningsvillkor"),
            c.t(
                "Hinnat ovat kiinteät sopimuskauden ajan. Maksuehto on 21 päivää netto.",
                "Priserna är fasta under avtalsperioden. Betalningsvillkoret är 21 dagar netto.",
            ),
        ),
        (
            c.t("Erimielisyydet", "Tvister"),
            c.t(
                "Erimielisyydet ratkaistaan Helsingin käräjäoikeudessa.",
                "Tvister avgörs vid Helsingfors tingsrätt.",
            ),
        ),
        (
            c.t("Sopimuskappaleet", "Avtalsexemplar"),
            c.t(
                "Sopimusta on tehty kaksi samasanaista kappaletta, yksi kummallekin "
                "sopijapuolelle.",
                "Avtalet har upprättats i två likalydande exemplar, ett för vardera parten.",
            ),
        ),
    ]
    body = [f"{i}. {label}\n{text}" for i, (label, text) in enumerate(sections, 1)]
    return join(
        lines(heading, c.diary()),
        *body,
        c.dated(),
        lines(c.v["short"], c.v["chief"], c.v["chief_title"]),
        lines(c.v["company"], c.name()),
    )


def sopimus_employment(c: Ctx) -> str:
    """Employment contract form (subsidised hire): label:value fields, two signatures."""
    return join(
        c.heading(c.t("Työsopimus", "Arbetsavtal"), "uuts"),
        lines(
            c.field(c.t("Työnantaja", "Arbetsgivare"), c.v["company"]),
            c.field(c.t("Y-tunnus", "FO-nummer"), c.v["company_id"]),
            c.field(c.t("Työntekijä", "Arbetstagare"), c.v["person"]),
            c.field(c.t("Työsuhteen alkamispäivä", "Anställningen börjar"), c.v["start"]),
            c.field(
                c.t("Määräaikaisuuden peruste", "Grund för visstid"),
                c.t("palkkatuki", "lönesubvention"),
            ),
            c.field(c.t("Koeaika", "Prövotid"), c.t("4 kuukautta", "4 månader")),
            c.field(c.t("Työtehtävät", "Arbetsuppgifter"), c.v["job"]),
            c.field(
                c.t("Työaika", "Arbetstid"), c.t("37,5 tuntia viikossa", "37,5 timmar i veckan")
            ),
            c.field(c.t("Palkka", "Lön"), money(c.r.randrange(1900, 3400, 25)) + " €/kk"),
            c.field(
                c.t("Sovellettava työehtosopimus", "Tillämpligt kollektivavtal"),
                c.t("alan TES", "branschens kollektivavtal"),
            ),
        ),
        c.t(
            "Vuosiloma määräytyy vuosilomalain mukaan. Muilta osin noudatetaan työsopimuslakia.",
            "Semester bestäms enligt semesterlagen. I övrigt iakttas arbetsavtalslagen.",
        ),
        lines(
            f"{c.v['place']} {c.datestr()}",
            c.t("Työnantaja", "Arbetsgivare") + "\t" + c.t("Työntekijä", "Arbetstagare"),
            f"{c.name()}\t{c.v['person']}",
        ),
    )


def sopimus_cooperation(c: Ctx) -> str:
    """Cooperation agreement between authorities in § sections."""
    partner = c.tp(
        ("{place}n kaupunki", "{place} stad"),
        ("Uudenmaan liitto", "Nylands förbund"),
    )
    sections = [
        (c.t("Sopimuksen osapuolet", "Avtalsparter"), f"{c.org(True)}\n{partner}"),
        (
            c.t("Sopimuksen tarkoitus", "Avtalets syfte"),
            c.t(
                "Osapuolet sopivat yhteistyöstä yrityspalvelujen järjestämisessä alueella.",
                "Parterna avtalar om samarbete vid ordnandet av företagstjänster i regionen.",
            ),
        ),
        (
            c.t("Osapuolten velvollisuudet", "Parternas skyldigheter"),
            c.t(
                "Kumpikin osapuoli nimeää yhteyshenkilön ja vastaa omista kustannuksistaan.",
                "Vardera parten utser en kontaktperson och svarar för sina egna kostnader.",
            ),
        ),
        (
            c.t("Voimassaolo", "Giltighet"),
            c.t(
                "Sopimus on voimassa {period}. Irtisanomisaika on kolme kuukautta.",
                "Avtalet gäller {period}. Uppsägningstiden är tre månader.",
            ),
        ),
    ]
    body = [f"{i} §\t{label}\n{text}" for i, (label, text) in enumerate(sections, 1)]
    return join(
        c.heading(c.t("Yhteistyösopimus", "Samarbetsavtal"), "tuu"),
        c.diary(),
        *body,
        c.dated(),
        lines(c.v["chief"], c.v["chief_title"], c.name()),
    )


def sopimus_lease(c: Ctx) -> str:
    """A lease in prose with no heading: 'the parties have today agreed as follows'."""
    rent = money(c.r.randrange(900, 9000, 10))
    return join(
        c.t(
            "{company} (vuokranantaja) ja {org} (vuokralainen) ovat tänään sopineet seuraavasta.",
            "Mellan {company} (hyresvärd) och {org} (hyresgäst) har i dag träffats följande avtal.",
            org=c.org(True),
        ),
        c.t(
            "Vuokranantaja vuokraa vuokralaiselle toimitilan osoitteessa {street}, {place}. "
            "Huoneiston pinta-ala on {m} m².",
            "Hyresvärden hyr ut en lokal på adressen {street}, {place} till hyresgästen. "
            "Lokalens yta är {m} m².",
            m=str(c.r.randint(40, 600)),
        ),
        c.t(
            f"Vuokra on {rent} euroa kuukaudessa, ja se maksetaan kuukauden viidenteen päivään "
            "mennessä. Vuokra sidotaan elinkustannusindeksiin.",
            f"Hyran är {rent} euro i månaden och den betalas senast den femte dagen i månaden. "
            "Hyran är bunden till levnadskostnadsindex.",
        ),
        c.t(
            "Vuokrasuhde alkaa {start} ja on voimassa toistaiseksi. Irtisanomisaika on kuusi "
            "kuukautta.",
            "Hyresförhållandet börjar {start} och gäller tills vidare. Uppsägningstiden är sex "
            "månader.",
        ),
        c.t(
            "Tätä sopimusta on laadittu kaksi kappaletta, yksi kummallekin osapuolelle.",
            "Detta avtal har upprättats i två exemplar, ett för vardera parten.",
        ),
        c.dated(),
        c.t("Vuokranantaja\t\tVuokralainen", "Hyresvärd\t\tHyresgäst"),
        f"{c.name()}\t\t{c.v['chief']}",
    )


SPECS: tuple[TemplateSpec, ...] = (
    TemplateSpec("lasku", 1, ("hankinta",), lasku_supplier),
    TemplateSpec("lasku", 2, PERMIT_TOPICS, lasku_fee),
    TemplateSpec("lasku", 3, ("hankinta",), lasku_einvoice),
    TemplateSpec("lasku", 4, PAYMENT_TOPICS, lasku_recovery),
    TemplateSpec("sopimus", 1, ("hankinta",), sopimus_procurement),
    TemplateSpec("sopimus", 2, ("palkkatuki",), sopimus_employment),
    TemplateSpec("sopimus", 3, ("kehittamisavustus", "henkilosto"), sopimus_cooperation),
    TemplateSpec("sopimus", 4, ("hankinta", "henkilosto"), sopimus_lease),
)
