"""Generated-corpus templates: decisions and payment decisions.

Each builder renders one document of its type in ``c.lang`` (fin or swe); the four builders of
a type differ in structure (heading form, letter vs form vs numbered layout, field order).
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

REASONS = (
    (
        "Hakemus täyttää {noun_gen} myöntämisen edellytykset.",
        "Ansökan uppfyller förutsättningarna för att bevilja {noun}.",
    ),
    (
        "Hakija on toimittanut asian ratkaisemiseksi tarvittavat selvitykset.",
        "Sökanden har lämnat in de utredningar som behövs för att avgöra ärendet.",
    ),
    (
        "Asiassa saadun selvityksen perusteella {agency} katsoo, että toiminta on "
        "lainsäädännön mukaista.",
        "På basis av den utredning som erhållits anser {agency} att verksamheten är förenlig "
        "med lagstiftningen.",
    ),
    (
        "Päätöstä tehtäessä on otettu huomioon hakijan esittämät selvitykset ja lausunnot.",
        "Vid prövningen har sökandens utredningar och de inhämtade utlåtandena beaktats.",
    ),
    (
        "Myönteinen ratkaisu edistää alueen elinkeinotoimintaa ja työllisyyttä.",
        "Ett positivt avgörande främjar näringslivet och sysselsättningen i regionen.",
    ),
)
APPEAL = (
    (
        "Tähän päätökseen tyytymätön voi hakea siihen oikaisua {agency_abl} kirjallisella "
        "oikaisuvaatimuksella 30 päivän kuluessa päätöksen tiedoksisaannista. "
        "Oikaisuvaatimusohje on liitteenä.",
        "Den som är missnöjd med beslutet får begära omprövning hos {short} inom 30 dagar från "
        "delfåendet av beslutet. Anvisning om omprövning bifogas.",
    ),
    (
        "Päätökseen saa hakea muutosta valittamalla hallinto-oikeuteen. Valitusosoitus on "
        "liitteenä.",
        "Ändring i beslutet får sökas genom besvär hos förvaltningsdomstolen. "
        "Besvärsanvisning bifogas.",
    ),
)


def _reasons(c: Ctx, n: int = 2) -> str:
    return " ".join(c.t(*p) for p in c.r.sample(REASONS, n))


def _appeal(c: Ctx) -> str:
    return c.tp(*APPEAL)


def paatos_classic(c: Ctx) -> str:
    """Letterhead form: heading, address, labelled sections Asia-Hakija-Hakemus-Päätös."""
    return join(
        lines(c.org(), c.unit(), c.heading(c.t("Päätös", "Beslut"), "uuts"), c.diary()),
        c.dated(),
        c.address(c.v["applicant"]),
        c.field(c.t("Asia", "Ärende"), c.v["subject"]),
        c.field(c.t("Hakija", "Sökande"), c.t("{applicant}", "{applicant}")),
        c.field(
            c.t("Hakemus", "Ansökan"),
            c.t(
                "Hakija on {received} saapuneella hakemuksella hakenut {applied}.",
                "Sökanden har i en ansökan som inkom {received} ansökt om {applied}.",
            ),
        ),
        c.field(c.t("Päätös", "Beslut"), c.v["decided"] + "."),
        c.field(c.t("Perustelut", "Motivering"), _reasons(c)),
        c.field(c.t("Sovelletut säännökset", "Tillämpade bestämmelser"), c.v["law"]),
        c.field(c.t("Muutoksenhaku", "Ändringssökande"), _appeal(c)),
        c.signature(),
        c.field(c.t("Liitteet", "Bilagor"), c.t("Oikaisuvaatimusohje", "Anvisning om omprövning")),
        c.field(c.t("Tiedoksi", "För kännedom"), c.t("Kirjaamo", "Registratorskontoret")),
        c.footer() if c.chance(0.5) else "",
    )


def paatos_compound(c: Ctx) -> str:
    """Compound heading ('Avustuspäätös'), decision stated first, reasons and validity after."""
    heading = c.heading(c.t(*c.topic.decision), "tu")
    top = c.pick(
        f"{c.org(False)}\t{heading}\t{c.datestr()}\n{c.diary()}",
        f"{heading}\n{c.org(False)}\n{c.datestr()} {c.diary(False)}",
    )
    return join(
        top,
        c.v["subject"],
        c.heading(c.t("Ratkaisu", "Avgörande"), "ut"),
        c.v["decided"] + ".",
        c.t(
            "Päätös on voimassa toistaiseksi, ellei sitä muuteta tai peruuteta.",
            "Beslutet gäller tills vidare, om det inte ändras eller återkallas.",
        ),
        c.field(c.t("Päätöksen perustelut", "Motivering till beslutet"), _reasons(c, 3)),
        c.field(
            c.t("Asian vireilletulo", "Ärendets anhängighet"),
            c.t(
                "{applicant} on {received} jättänyt hakemuksen, jossa haetaan {applied}.",
                "{applicant} lämnade {received} in en ansökan om {applied}.",
            ),
        ),
        c.field(c.t("Sovelletut oikeusohjeet", "Tillämpade rättsregler"), c.v["law"]),
        c.heading(c.t("Oikaisuvaatimusohje", "Anvisning om omprövning"), "ut"),
        c.t(*APPEAL[0]),
        c.signature(True),
    )


def paatos_prose(c: Ctx) -> str:
    """No type heading: a letter-like decision in prose ('on päättänyt seuraavaa')."""
    return join(
        lines(c.org(True), c.dated() + "\t" + c.diary()),
        c.address(c.v["applicant"]),
        c.v["subject"],
        c.t(
            "{Agency} on käsitellyt {received} vireille tulleen asian ja päättänyt seuraavaa.",
            "{Agency} har behandlat ärendet som blev anhängigt {received} och har beslutat "
            "följande.",
        ),
        c.v["decided"] + ".",
        c.t("Asian ratkaisemisen perusteet", "Grunderna för avgörandet") + "\n" + _reasons(c, 2),
        c.field(c.t("Sovelletut oikeusohjeet", "Tillämpade rättsregler"), c.v["law"]),
        c.t(*APPEAL[1]),
        c.signature(False),
        c.field(
            c.t("Tiedoksi", "För kännedom"), c.t("Henkilöstöhallinto", "Personalförvaltningen")
        ),
    )


def paatos_numbered(c: Ctx) -> str:
    """Numbered permit decision with conditions and a processing fee (ympäristö, vesi, tie)."""
    heading = c.pick(
        c.heading(c.t("Päätös", "Beslut"), "us"),
        c.heading(c.t(*c.topic.decision), "ut"),
        c.t("Päätös lupa-asiassa", "Beslut i tillståndsärende"),
    )
    number = f"{c.t('Nro', 'Nr')} {c.r.randint(1, 140)}/{c.day.year}"
    conditions = c.r.sample(
        [
            c.t("Työt on tehtävä {end} mennessä.", "Arbetena ska utföras före {end}."),
            c.t(
                "Töistä on ilmoitettava {agency_all} viimeistään viikkoa ennen aloittamista.",
                "Arbetena ska anmälas till {agency} senast en vecka innan de inleds.",
            ),
            c.t(
                "Luvan saajan on huolehdittava, ettei toiminnasta aiheudu vahinkoa naapureille.",
                "Tillståndshavaren ska se till att verksamheten inte orsakar grannarna skada.",
            ),
            c.t(
                "Rakenteet on pidettävä hyvässä kunnossa.",
                "Konstruktionerna ska hållas i gott skick.",
            ),
        ],
        3,
    )
    fee = money(c.r.choice((510, 1040, 2870, 5600)))
    sections = [
        (c.t("Asia", "Ärende"), c.v["subject"]),
        (c.t("Hakija", "Sökande"), f"{c.v['applicant']}, {c.v['postal']}"),
        (
            c.t("Asian vireilletulo", "Ärendets anhängighet"),
            c.t("Hakemus on tullut vireille {received}.", "Ansökan blev anhängig {received}."),
        ),
        (
            c.t("Kuulutus ja muistutukset", "Kungörelse och anmärkningar"),
            c.t(
                "Hakemuksesta on kuulutettu. Asiassa ei ole tehty muistutuksia.",
                "Ansökan har kungjorts. Inga anmärkningar har framförts i ärendet.",
            ),
        ),
        (c.t("Ratkaisu", "Avgörande"), c.v["decided"] + "."),
        (c.t("Lupamääräykset", "Tillståndsbestämmelser"), numbered(conditions, "1)")),
        (c.t("Perustelut", "Motivering"), _reasons(c)),
        (c.t("Sovelletut säännökset", "Tillämpade bestämmelser"), c.v["law"]),
        (
            c.t("Käsittelymaksu", "Behandlingsavgift"),
            c.t(f"{fee} euroa", f"{fee} euro"),
        ),
        (c.t("Muutoksenhaku", "Ändringssökande"), c.t(*APPEAL[1])),
    ]
    body = [f"{i}. {label.upper()}\n{text}" for i, (label, text) in enumerate(sections, 1)]
    return join(
        lines(c.org(), heading, number), lines(c.dated(), c.diary()), *body, c.signature(True)
    )


def _payment(c: Ctx) -> tuple[str, str, str, str]:
    applied = c.r.randrange(2400, 38000) + c.r.randrange(0, 100) / 100
    deduct = c.r.choice((0.0, 0.0, round(applied * c.r.uniform(0.03, 0.12), 2)))
    return money(applied), money(applied - deduct), money(deduct), c.other_dnro()


def _iban(c: Ctx) -> str:
    digits = f"{c.r.randint(10, 99)}{c.r.randint(10**13, 10**14 - 1)}"
    code = "FI" + digits
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def maksatus_form(c: Ctx) -> str:
    """KEHA-style payment decision: amounts table, account, appeal."""
    applied, paid, deduct, grant = _payment(c)
    eur = c.pick(" €", " euroa" if not c.sv else " euro", " EUR")
    return join(
        lines(c.org(), c.unit()),
        lines(
            c.heading(c.t("Maksatuspäätös", "Utbetalningsbeslut"), "uuts"), c.diary(), c.datestr()
        ),
        lines(
            c.field(c.t("Tuen saaja", "Stödmottagare"), "{company}, {company_id}".format(**c.v)),
            c.field(c.t("Tukipäätös", "Stödbeslut"), f"{grant}, {c.datestr(c.before(100, 300))}"),
            c.field(c.t("Maksatuskausi", "Utbetalningsperiod"), c.v["period"]),
        ),
        lines(
            c.field(c.t("Haettu määrä", "Ansökt belopp"), applied + eur),
            c.field(c.t("Hyväksytty määrä", "Godkänt belopp"), paid + eur),
            c.field(c.t("Vähennykset", "Avdrag"), deduct + eur),
            c.field(c.t("Maksettava määrä", "Belopp som betalas ut"), paid + eur),
        ),
        c.t("Maksu suoritetaan tilille ", "Beloppet betalas in på kontot ") + _iban(c) + ".",
        c.field(
            c.t("Perustelut", "Motivering"),
            c.t(
                "Maksatushakemus on tarkastettu ja hyväksytyt kustannukset ovat tukipäätöksen "
                "mukaisia.",
                "Ansökan om utbetalning har granskats och de godkända kostnaderna följer "
                "stödbeslutet.",
            ),
        ),
        c.field(c.t("Muutoksenhaku", "Ändringssökande"), c.t(*APPEAL[0])),
        c.signature(False),
    )


def maksatus_letter(c: Ctx) -> str:
    """Compound heading ('Palkkatuen maksatuspäätös'), amounts inside letter prose."""
    applied, paid, deduct, grant = _payment(c)
    heading = c.tp(
        ("{noun_gen} maksatuspäätös", "Utbetalningsbeslut, {noun}"),
        ("Maksatuspäätös, {noun}", "Beslut om utbetalning av {noun}"),
    )
    return join(
        lines(c.org(False), c.heading(heading[:1].upper() + heading[1:], "tt"), c.dated()),
        c.diary(),
        c.address(),
        c.t(
            "{Agency} on tarkastanut {received} saapuneen maksatushakemuksenne, joka koskee "
            "ajanjaksoa {period}. Tuki perustuu päätökseen " + grant + ".",
            "{Agency} har granskat er ansökan om utbetalning som inkom {received} och som gäller "
            "perioden {period}. Stödet grundar sig på beslut " + grant + ".",
        ),
        c.t(
            f"Hakemuksen perusteella tukea maksetaan {paid} euroa. Haettu määrä oli {applied} "
            f"euroa, josta on hylätty {deduct} euroa, koska kustannukset eivät ole olleet "
            "tukikelpoisia.",
            f"På basis av ansökan betalas {paid} euro ut. Det ansökta beloppet var {applied} "
            f"euro, varav {deduct} euro har avslagits eftersom kostnaderna inte var "
            "stödberättigande.",
        ),
        c.t(
            "Maksu on tilillänne noin viikon kuluessa. Perusteettomasti maksettu tuki peritään "
            "takaisin.",
            "Betalningen finns på ert konto inom ungefär en vecka. Stöd som betalats ut utan "
            "grund återkrävs.",
        ),
        c.t("Oikaisuvaatimusohje on liitteenä.", "Anvisning om omprövning bifogas."),
        c.signature(False),
    )


def maksatus_installment(c: Ctx) -> str:
    """'Päätös tuen maksamisesta': a decision heading, installment table, recovery note."""
    _, paid, _, grant = _payment(c)
    n = c.r.randint(2, 4)
    total = money(c.r.randrange(40000, 200000, 500))
    return join(
        lines(
            c.org(True),
            c.heading(c.t("Päätös tuen maksamisesta", "Beslut om utbetalning av stöd"), "uut"),
            f"{c.datestr()}\t{c.diary()}",
        ),
        lines(
            c.field(c.t("Hakija", "Sökande"), c.v["company"]),
            c.field(c.t("Tukipäätös", "Stödbeslut"), grant),
            c.field(c.t("Maksuerä", "Utbetalningspost"), f"{n - 1}/{n}"),
        ),
        c.t(
            f"{{Agency}} maksaa hakijalle {paid} euroa maksatushakemuksen mukaisesti.",
            f"{{Agency}} betalar ut {paid} euro till sökanden enligt ansökan om utbetalning.",
        ),
        lines(
            c.field(c.t("Myönnetty tuki yhteensä", "Beviljat stöd sammanlagt"), f"{total} €"),
            c.field(c.t("Tähän mennessä maksettu", "Hittills utbetalt"), f"{paid} €"),
            c.field(c.t("Maksetaan nyt", "Betalas ut nu"), f"{paid} €"),
        ),
        c.t(
            "Viimeinen maksatushakemus on jätettävä viimeistään {end}. Perusteettomasti maksettu "
            "tuki voidaan periä takaisin korkoineen.",
            "Den sista ansökan om utbetalning ska lämnas in senast {end}. Stöd som betalats ut "
            "utan grund kan återkrävas med ränta.",
        ),
        c.field(c.t("Muutoksenhaku", "Ändringssökande"), c.t(*APPEAL[0])),
        c.signature(True),
    )


def maksatus_statement(c: Ctx) -> str:
    """Payment statement of an e-service: no type heading, rows per support type."""
    rows = []
    for label in c.r.sample(
        [
            c.t("Investointiavustus, erä", "Investeringsbidrag, post"),
            c.t("Korkotuki", "Räntestöd"),
            c.t("Palkkakustannukset", "Lönekostnader"),
            c.t("Ostopalvelut", "Köpta tjänster"),
            c.t("Matkakustannukset", "Resekostnader"),
        ],
        3,
    ):
        rows.append(f"{label}\t{money(c.r.randrange(300, 24000))}")
    return join(
        lines(c.org(False), c.t("Tukien maksaminen", "Utbetalning av stöd"), c.datestr()),
        lines(
            c.field(c.t("Maksunsaaja", "Betalningsmottagare"), c.v["company"]),
            c.field(c.t("Asiakastunnus", "Kundnummer"), c.v["company_id"]),
            c.field(c.t("Maksupäivä", "Betalningsdag"), c.datestr(c.after(3, 10), "num")),
            c.field(c.t("Tili", "Konto"), _iban(c)),
        ),
        c.t(
            "Päätös: tuki maksetaan alla olevan erittelyn mukaisesti.",
            "Beslut: stödet betalas ut enligt specifikationen nedan.",
        ),
        lines(c.t("Tukilaji\tEuroa", "Stödform\tEuro"), *rows),
        c.field(
            c.t("Maksettava yhteensä", "Att betala sammanlagt"), money(c.r.randrange(900, 60000))
        ),
        c.t(
            "Tähän maksatukseen saa hakea oikaisua 30 päivän kuluessa tiedoksisaannista.",
            "Omprövning av denna utbetalning får begäras inom 30 dagar från delfåendet.",
        ),
    )


SPECS: tuple[TemplateSpec, ...] = (
    TemplateSpec("paatos", 1, DECISION_TOPICS, paatos_classic),
    TemplateSpec("paatos", 2, (*GRANT_TOPICS, *PERMIT_TOPICS, "hankinta"), paatos_compound),
    TemplateSpec("paatos", 3, ("henkilosto", "hankinta", *GRANT_TOPICS), paatos_prose),
    TemplateSpec("paatos", 4, (*PERMIT_TOPICS, "maatalous"), paatos_numbered),
    TemplateSpec("maksatuspaatos", 1, PAYMENT_TOPICS, maksatus_form),
    TemplateSpec("maksatuspaatos", 2, PAYMENT_TOPICS, maksatus_letter),
    TemplateSpec("maksatuspaatos", 3, PAYMENT_TOPICS, maksatus_installment),
    TemplateSpec("maksatuspaatos", 4, PAYMENT_TOPICS, maksatus_statement),
)
