"""Phrase banks and templates for the synthetic sample scans (see ``flows.samples``).

Every builder returns a :class:`DocText`: blocks of text (letterhead, heading, labelled sections,
signature) that ``flows.samples`` lays out on A4 pages. Optional sections (``extra``) let the
layout fill one to three pages. Identifiers are generated with valid check digits; personal
identity codes are always in the temporary/test range (individual number 900-999).

Non-breaking spaces (``\\u00a0``) keep amounts and similar groups on one line; the layout
prints them as ordinary spaces.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

NB = "\u00a0"

# --------------------------------------------------------------------------------------------
# Agencies. Registry codes follow the attested ELY format (UUDELY/12522/2017); KEHA/... and
# UUDTE/... follow the same pattern but are assumptions (no real example in the corpora).


@dataclass(frozen=True)
class Agency:
    code: str
    kind: str  # ely | te | keha
    fin: str
    fin_short: str
    fin_unit: str
    fin_post: str
    fin_city: str
    swe: str
    swe_short: str
    swe_unit: str
    swe_post: str
    swe_city: str
    phone: str
    email: str


AGENCIES: dict[str, Agency] = {
    a.code: a
    for a in (
        Agency(
            "UUDELY",
            "ely",
            "Uudenmaan elinkeino-, liikenne- ja ympäristökeskus",
            "Uudenmaan ELY-keskus",
            "Elinkeinot, työvoima, osaaminen ja kulttuuri -vastuualue",
            f"PL 36, 00521{NB}Helsinki",
            "Helsinki",
            "Närings-, trafik- och miljöcentralen i Nyland",
            "NTM-centralen i Nyland",
            "Ansvarsområdet för näringar, arbetskraft, kompetens och kultur",
            f"PB 36, 00521{NB}Helsingfors",
            "Helsingfors",
            f"0295{NB}021{NB}000",
            "kirjaamo.uusimaa@ely-keskus.fi",
        ),
        Agency(
            "VARELY",
            "ely",
            "Varsinais-Suomen elinkeino-, liikenne- ja ympäristökeskus",
            "Varsinais-Suomen ELY-keskus",
            "Elinkeinot, työvoima, osaaminen ja kulttuuri -vastuualue",
            f"PL 236, 20101{NB}Turku",
            "Turku",
            "Närings-, trafik- och miljöcentralen i Egentliga Finland",
            "NTM-centralen i Egentliga Finland",
            "Ansvarsområdet för näringar, arbetskraft, kompetens och kultur",
            f"PB 236, 20101{NB}Åbo",
            "Åbo",
            f"0295{NB}022{NB}500",
            "kirjaamo.varsinais-suomi@ely-keskus.fi",
        ),
        Agency(
            "PIRELY",
            "ely",
            "Pirkanmaan elinkeino-, liikenne- ja ympäristökeskus",
            "Pirkanmaan ELY-keskus",
            "Elinkeinot, työvoima, osaaminen ja kulttuuri -vastuualue",
            f"PL 297, 33101{NB}Tampere",
            "Tampere",
            "Närings-, trafik- och miljöcentralen i Birkaland",
            "NTM-centralen i Birkaland",
            "Ansvarsområdet för näringar, arbetskraft, kompetens och kultur",
            f"PB 297, 33101{NB}Tammerfors",
            "Tammerfors",
            f"0295{NB}036{NB}000",
            "kirjaamo.pirkanmaa@ely-keskus.fi",
        ),
        Agency(
            "KEHA",
            "keha",
            "Elinkeino-, liikenne- ja ympäristökeskusten sekä työ- ja elinkeinotoimistojen "
            "kehittämis- ja hallintokeskus",
            "KEHA-keskus",
            "Palkkatukien maksatus",
            f"PL 250, 40101{NB}Jyväskylä",
            "Jyväskylä",
            "Utvecklings- och förvaltningscentret för NTM-centralerna och arbets- och "
            "näringsbyråerna",
            "UF-centret",
            "Utbetalning av lönesubventioner",
            f"PB 250, 40101{NB}Jyväskylä",
            "Jyväskylä",
            f"0295{NB}024{NB}800",
            "kirjaamo.keha@ely-keskus.fi",
        ),
        Agency(
            "UUDTE",
            "te",
            "Uudenmaan työ- ja elinkeinotoimisto",
            "Uudenmaan TE-toimisto",
            "Työnantaja- ja yrityspalvelut",
            f"PL 1000, 00521{NB}Helsinki",
            "Helsinki",
            "Arbets- och näringsbyrån i Nyland",
            "TE-byrån i Nyland",
            "Arbetsgivar- och företagstjänster",
            f"PB 1000, 00521{NB}Helsingfors",
            "Helsingfors",
            f"0295{NB}040{NB}000",
            "kirjaamo.uusimaa@te-toimisto.fi",
        ),
    )
}
SWEDISH_AGENCIES = ("UUDELY", "VARELY", "KEHA", "UUDTE")
ELY_CODES = ("UUDELY", "VARELY", "PIRELY")

# Case forms of the generic agency noun, used inside sentences.
AGENCY_NOUN: dict[str, dict[str, str]] = {
    "ely": {
        "nom": "ELY-keskus",
        "gen": "ELY-keskuksen",
        "abl": "ELY-keskukselta",
        "all": "ELY-keskukselle",
        "ill": "ELY-keskukseen",
        "sv": "NTM-centralen",
        "sv_gen": "NTM-centralens",
    },
    "te": {
        "nom": "TE-toimisto",
        "gen": "TE-toimiston",
        "abl": "TE-toimistolta",
        "all": "TE-toimistolle",
        "ill": "TE-toimistoon",
        "sv": "arbets- och näringsbyrån",
        "sv_gen": "arbets- och näringsbyråns",
    },
    "keha": {
        "nom": "KEHA-keskus",
        "gen": "KEHA-keskuksen",
        "abl": "KEHA-keskukselta",
        "all": "KEHA-keskukselle",
        "ill": "KEHA-keskukseen",
        "sv": "UF-centret",
        "sv_gen": "UF-centrets",
    },
}

# --------------------------------------------------------------------------------------------
# People, companies, places

FI_FIRST = (
    "Matti",
    "Anna",
    "Juha",
    "Laura",
    "Mikko",
    "Sari",
    "Timo",
    "Päivi",
    "Jukka",
    "Tiina",
    "Antti",
    "Hanna",
    "Kari",
    "Riikka",
    "Petri",
    "Mari",
    "Ville",
    "Johanna",
    "Heikki",
    "Eeva",
    "Sanna",
    "Tuomas",
    "Minna",
    "Jari",
    "Kaisa",
    "Jyrki",
    "Satu",
)
FI_LAST = (
    "Virtanen",
    "Korhonen",
    "Mäkinen",
    "Nieminen",
    "Mäkelä",
    "Hämäläinen",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Järvinen",
    "Lehtonen",
    "Lehtinen",
    "Saarinen",
    "Salminen",
    "Heinonen",
    "Niemi",
    "Heikkilä",
    "Kinnunen",
    "Salonen",
    "Turunen",
    "Laitinen",
    "Tuominen",
    "Rantanen",
    "Karjalainen",
    "Jokinen",
    "Mattila",
    "Savolainen",
    "Lähteenmäki",
    "Pöyhönen",
    "Räsänen",
)
SV_FIRST = (
    "Johan",
    "Anna",
    "Erik",
    "Maria",
    "Mikael",
    "Kristina",
    "Henrik",
    "Sofia",
    "Fredrik",
    "Ulrika",
    "Patrik",
    "Camilla",
    "Mats",
    "Åsa",
    "Niklas",
    "Linnea",
    "Björn",
    "Ebba",
    "Stefan",
    "Malin",
)
SV_LAST = (
    "Lindqvist",
    "Holmström",
    "Nyberg",
    "Sjöberg",
    "Lindroos",
    "Blomqvist",
    "Grönroos",
    "Åberg",
    "Forsström",
    "Eriksson",
    "Lindholm",
    "Backman",
    "Sundström",
    "Westerlund",
    "Ekström",
    "Strandberg",
    "Söderholm",
    "Åkerman",
)

FI_COMPANIES = (
    "Koneistamo Virtanen Oy",
    "Rakennuspalvelu Mäkelä Oy",
    "Puusepänliike Heikkilä Ky",
    "Järvisen Kuljetus Oy",
    "Pirkanmaan Metallityö Oy",
    "Saariston Kalatuote Oy",
    "Hämeen Painotalo Oy",
    "Konepaja Lehtonen Oy",
    "Sähköasennus Salonen Ky",
    "Tampereen Ohjelmistopaja Oy",
    "Ravintola Pöllö Oy",
    "Kiinteistöhuolto Rantanen Oy",
    "Lounais-Suomen Veneveistämö Oy",
    "Keski-Uudenmaan Lämpötekniikka Oy",
    "Leipomo Sokerijuuri Oy",
    "Metsäpalvelu Hyvönen Ky",
    "Turun Laser ja Leikkaus Oy",
    "Siivouspalvelu Kirkas Oy",
    "Kahvila Kaneli Ky",
    "Kotipalvelu Päivänsäde Oy",
)
SV_COMPANIES = (
    "Ekenäs Snickeri Ab",
    "Pargas Båtvarv Ab",
    "Sjöbergs Trädgård Ab",
    "Borgå Elinstallation Ab",
    "Kimito Fisk Ab",
    "Lovisa Bygg och Renovering Ab",
    "Nylands Maskinservice Ab",
    "Åbolands Turistservice Ab",
    "Skärgårdens Bageri Ab",
    "Raseborgs Metall Ab",
    "Östnyländska Trävaror Ab",
    "Hangö Hamnservice Ab",
    "Ingå Redovisning Ab",
)
FI_STREETS = (
    "Teollisuuskatu",
    "Hämeenkatu",
    "Satamatie",
    "Kauppakatu",
    "Pajatie",
    "Myllytie",
    "Koulukatu",
    "Rantatie",
    "Tehtaankatu",
    "Asemakatu",
)
SV_STREETS = (
    "Industrigatan",
    "Strandvägen",
    "Köpmansgatan",
    "Hamngatan",
    "Skolvägen",
    "Kvarnvägen",
    "Stationsgatan",
    "Fabriksgatan",
)
FI_PLACES = {
    "UUDELY": ("00510 Helsinki", "02600 Espoo", "01300 Vantaa", "06100 Porvoo", "07900 Loviisa"),
    "VARELY": ("20100 Turku", "21600 Parainen", "24100 Salo", "26100 Rauma"),
    "PIRELY": ("33100 Tampere", "37600 Valkeakoski", "33470 Ylöjärvi", "37100 Nokia"),
}
SV_PLACES = {
    "UUDELY": ("00510 Helsingfors", "02600 Esbo", "10600 Ekenäs", "06100 Borgå", "07900 Lovisa"),
    "VARELY": ("20100 Åbo", "21600 Pargas", "25700 Kimito", "22100 Mariehamn"),
}

FI_OFFICIALS = (
    "Ylitarkastaja",
    "Asiantuntija",
    "Erityisasiantuntija",
    "Rahoitusasiantuntija",
    "Tarkastaja",
)
FI_CHIEFS = ("Yksikön päällikkö", "Palvelupäällikkö", "Rahoituspäällikkö", "Johtaja")
SV_OFFICIALS = (
    "Överinspektör",
    "Sakkunnig",
    "Specialsakkunnig",
    "Finansieringsexpert",
    "Inspektör",
)
SV_CHIEFS = ("Enhetschef", "Servicechef", "Finansieringschef", "Direktör")

FI_JOBS = (
    "koneistaja",
    "myyntisihteeri",
    "varastotyöntekijä",
    "kokki",
    "asentaja",
    "ohjelmistokehittäjä",
    "siivooja",
    "kirjanpitäjä",
    "hitsaaja",
    "puuseppä",
)
SV_JOBS = (
    "maskinarbetare",
    "försäljningssekreterare",
    "lagerarbetare",
    "kock",
    "montör",
    "programutvecklare",
    "städare",
    "bokförare",
    "svetsare",
    "snickare",
)

FI_GOALS = (
    "automatisoida tuotantolinja ja lisätä yrityksen tuotantokapasiteettia",
    "valmistella yrityksen kansainvälistymistä Ruotsin ja Viron markkinoille",
    "kehittää uusi tuoteperhe ja sen valmistukseen tarvittavat menetelmät",
    "rakentaa verkkokauppa ja uudistaa yrityksen asiakaspalvelun prosessit",
    "ottaa käyttöön toiminnanohjausjärjestelmä ja parantaa tuotannon laatua",
)
SV_GOALS = (
    "automatisera produktionslinjen och öka företagets produktionskapacitet",
    "förbereda företagets internationalisering till marknaderna i Sverige och Estland",
    "utveckla en ny produktfamilj och de metoder som behövs för tillverkningen",
    "bygga upp en webbutik och förnya företagets processer för kundservice",
    "införa ett affärssystem och förbättra kvaliteten i produktionen",
)


# --------------------------------------------------------------------------------------------
# Identifiers and number formats


def ytunnus(r: random.Random) -> str:
    """A Y-tunnus with a valid check digit (weights 7,9,10,5,8,4,2; sum mod 11 == 1 is unused)."""
    while True:
        digits = f"{r.randint(0, 3)}{r.randint(0, 999999):06d}"
        s = sum(int(d) * w for d, w in zip(digits, (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
        if s != 1:
            return f"{digits}-{0 if s == 0 else 11 - s}"


def test_hetu(r: random.Random, year_of_doc: int) -> str:
    """A fictional henkilötunnus: individual number 900-999 (the temporary/test range)."""
    born = date(year_of_doc - r.randint(19, 60), r.randint(1, 12), r.randint(1, 28))
    individual = r.randint(900, 999)
    number = int(f"{born:%d%m}{born.year % 100:02d}{individual:03d}")
    check = "0123456789ABCDEFHJKLMNPRSTUVWXY"[number % 31]
    sign = "-" if born.year < 2000 else "A"
    return f"{born:%d%m}{born.year % 100:02d}{sign}{individual:03d}{check}"


def reference_number(r: random.Random) -> str:
    """Finnish creditor reference (viitenumero) with the 7-3-1 check digit, grouped by five."""
    base = str(r.randint(10**6, 10**9))
    weights = (7, 3, 1)
    total = sum(int(d) * weights[i % 3] for i, d in enumerate(reversed(base)))
    digits = base + str((10 - total % 10) % 10)
    groups: list[str] = []
    while digits:
        groups.insert(0, digits[-5:])
        digits = digits[:-5]
    return NB.join(groups)


def iban(r: random.Random) -> str:
    bban = f"{r.choice(('1660', '1745', '5000', '8000', '2211'))}{r.randint(0, 10**10 - 1):010d}"
    check = 98 - int(bban + "151800") % 97  # F=15, I=18, "00"
    code = f"FI{check:02d}{bban}"
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def money(x: float) -> str:
    whole, cents = f"{x:.2f}".split(".")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{NB.join(groups)},{cents}"


def d(x: date) -> str:
    return f"{x.day}.{x.month}.{x.year}"


def span(a: date, b: date) -> str:
    return f"{d(a)}–{d(b)}"


# --------------------------------------------------------------------------------------------
# Document model


@dataclass
class Block:
    """``kind``: org, sub, heading, meta, label, text (wrapped paragraph), lines (one per row)."""

    kind: str
    text: str


@dataclass
class DocText:
    doc_type: str
    language: str
    agency: str
    title: str
    head: list[Block]
    body: list[Block]
    extra: list[list[Block]]
    tail: list[Block]
    running_head: str
    footer: str
    scan_date: date = field(default_factory=lambda: date(2017, 1, 1))


@dataclass
class Ctx:
    r: random.Random
    lang: str
    ag: Agency
    year: int
    day: date
    dnro: str
    company: str = ""
    company_id: str = ""
    street: str = ""
    place: str = ""
    person: str = ""
    hetu: str = ""
    official: str = ""
    chief: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def sv(self) -> bool:
        return self.lang == "swe"

    def t(self, fin: str, swe: str) -> str:
        return swe if self.sv else fin

    def name(self) -> str:
        r = self.r
        if self.sv:
            return f"{r.choice(SV_FIRST)} {r.choice(SV_LAST)}"
        return f"{r.choice(FI_FIRST)} {r.choice(FI_LAST)}"

    def noun(self, case: str) -> str:
        forms = AGENCY_NOUN[self.ag.kind]
        return forms["sv_gen" if case == "gen" else "sv"] if self.sv else forms[case]

    def short(self) -> str:
        return self.ag.swe_short if self.sv else self.ag.fin_short

    def before(self, lo: int, hi: int) -> date:
        return self.day - timedelta(days=self.r.randint(lo, hi))

    def after(self, lo: int, hi: int) -> date:
        return self.day + timedelta(days=self.r.randint(lo, hi))

    def other_dnro(self, code: str | None = None, year: int | None = None) -> str:
        return f"{code or self.ag.code}/{self.r.randint(40, 14000)}/{year or self.year}"


def new_ctx(r: random.Random, lang: str, agency: str, year: int) -> Ctx:
    ag = AGENCIES[agency]
    doc_date = date(year, r.randint(1, 12), r.randint(1, 28))
    ctx = Ctx(r, lang, ag, year, doc_date, f"{agency}/{r.randint(40, 14000)}/{year}")
    region = agency if agency in ELY_CODES else "UUDELY"
    if ctx.sv:
        ctx.company = r.choice(SV_COMPANIES)
        ctx.street = f"{r.choice(SV_STREETS)} {r.randint(1, 40)}"
        ctx.place = r.choice(SV_PLACES.get(region, SV_PLACES["UUDELY"]))
        ctx.official = f"{r.choice(SV_OFFICIALS)} {ctx.name()}"
        ctx.chief = f"{r.choice(SV_CHIEFS)} {ctx.name()}"
    else:
        ctx.company = r.choice(FI_COMPANIES)
        ctx.street = f"{r.choice(FI_STREETS)} {r.randint(1, 40)}"
        ctx.place = r.choice(FI_PLACES[region])
        ctx.official = f"{r.choice(FI_OFFICIALS)} {ctx.name()}"
        ctx.chief = f"{r.choice(FI_CHIEFS)} {ctx.name()}"
    ctx.place = ctx.place.replace(" ", NB, 1)
    ctx.company_id = ytunnus(r)
    ctx.person = ctx.name()
    ctx.hetu = test_hetu(r, year)
    return ctx


def letterhead(c: Ctx, heading: str, date_label: str | None) -> list[Block]:
    ag = c.ag
    blocks = [
        Block("org", ag.swe if c.sv else ag.fin),
        Block("sub", ag.swe_unit if c.sv else ag.fin_unit),
        Block("heading", heading),
        Block("meta", f"{c.t('Dnro', 'Dnr')} {c.dnro}"),
    ]
    if date_label is not None:
        blocks.append(Block("meta", f"{date_label} {d(c.day)}"))
    return blocks


def footer(c: Ctx) -> str:
    post = c.ag.swe_post if c.sv else c.ag.fin_post
    tel = c.t("puh.", "tfn")
    return f"{c.short()}, {post}, {tel} {c.ag.phone}, {c.ag.email}"


def running(c: Ctx, heading: str) -> str:
    return f"{c.short()}, {heading.lower()} {c.dnro}"


def sentences(r: random.Random, bank: list[list[str]], c: Ctx) -> str:
    """One sentence from each slot of ``bank`` (a list of alternatives per slot)."""
    return " ".join(r.choice(alts) for alts in bank).format(**vars_of(c))


def vars_of(c: Ctx) -> dict[str, str]:
    v = {
        "company": c.company,
        "company_id": c.company_id,
        "person": c.person,
        "hetu": c.hetu,
        "date": d(c.day),
        "dnro": c.dnro,
        "short": c.short(),
        "email": c.ag.email,
        "phone": c.ag.phone,
        "official": c.official,
        "nom": c.noun("nom"),
        "gen": c.noun("gen"),
        "abl": c.noun("abl"),
        "all": c.noun("all"),
        "ill": c.noun("ill"),
    }
    v["domain"] = c.ag.email.split("@", 1)[1]
    v.update(c.extra)
    return v


def numbered(items: list[str]) -> list[str]:
    return [f"{i}. {text}" for i, text in enumerate(items, 1)]


# --------------------------------------------------------------------------------------------
# Topics shared by decisions, payment decisions, applications and letters.

TOPIC_AGENCY = {"palkkatuki": ("UUDTE",), "starttiraha": ("UUDTE",), "kehittamisavustus": ELY_CODES}

# Nominative, genitive, partitive and elative forms (fin) and indefinite/definite (swe).
TOPIC_WORDS = {
    "palkkatuki": {
        "nom": "palkkatuki",
        "gen": "palkkatuen",
        "par": "palkkatukea",
        "ela": "palkkatuesta",
        "sv": "lönesubvention",
        "sv_def": "lönesubventionen",
    },
    "starttiraha": {
        "nom": "starttiraha",
        "gen": "starttirahan",
        "par": "starttirahaa",
        "ela": "starttirahasta",
        "sv": "startpeng",
        "sv_def": "startpengen",
    },
    "kehittamisavustus": {
        "nom": "yrityksen kehittämisavustus",
        "gen": "yrityksen kehittämisavustuksen",
        "par": "yrityksen kehittämisavustusta",
        "ela": "yrityksen kehittämisavustuksesta",
        "sv": "utvecklingsbidrag för företag",
        "sv_def": "utvecklingsbidraget",
    },
}


def topic_ctx(r: random.Random, lang: str, year: int, topic: str, agency: str | None = None) -> Ctx:
    choices = TOPIC_AGENCY[topic]
    if lang == "swe":
        choices = tuple(a for a in choices if a in SWEDISH_AGENCIES)
    c = new_ctx(r, lang, agency or r.choice(choices), year)
    start = c.after(10, 40).replace(day=1) if c.day.month < 12 else date(year + 1, 1, 1)
    months = r.choice((6, 6, 8, 10, 12))
    end_month = (start.month - 1 + months) % 12 + 1
    end_year = start.year + (start.month - 1 + months) // 12
    end = date(end_year, end_month, 1) - timedelta(days=1)
    salary = r.randrange(1900, 3400, 25)
    pct = r.choice((30, 40, 50)) if topic == "palkkatuki" else r.choice((35, 40, 50))
    cost = r.randrange(24000, 180000, 500)
    w = TOPIC_WORDS[topic]
    c.extra.update(
        {
            "received": d(c.before(14, 70)),
            "start": d(start),
            "end": d(end),
            "period": span(start, end),
            "months": str(months),
            "salary": money(salary),
            "pct": str(pct),
            "cap": money(r.choice((1400, 1400, 1800))),
            "total": money(min(salary * 1.25 * pct / 100, 1400) * months),
            "hours": str(r.choice((30, 35, 37.5, 38.25))).replace(".", ","),
            "job": r.choice(SV_JOBS if c.sv else FI_JOBS),
            "goal": r.choice(SV_GOALS if c.sv else FI_GOALS),
            "cost": money(cost),
            "amount": money(cost * pct / 100),
            "daily": money(r.choice((32.40, 32.66, 33.78))),
            "unemployed": str(r.randint(6, 30)),
            "topic": w["sv"] if c.sv else w["nom"],
            "topic_gen": w["gen"],
            "topic_par": w["par"],
            "topic_ela": w["ela"],
            "topic_def": w["sv_def"],
        }
    )
    return c


LAWS = {
    ("palkkatuki", "fin"): "Laki julkisesta työvoima- ja yrityspalvelusta (916/2012) 7 luku sekä "
    "valtioneuvoston asetus julkisesta työvoima- ja yrityspalvelusta (1073/2012).",
    ("palkkatuki", "swe"): "Lagen om offentlig arbetskrafts- och företagsservice (916/2012) 7 kap. "
    "och statsrådets förordning om offentlig arbetskrafts- och företagsservice (1073/2012).",
    ("starttiraha", "fin"): "Laki julkisesta työvoima- ja yrityspalvelusta (916/2012) 5 luku sekä "
    "valtioneuvoston asetus julkisesta työvoima- ja yrityspalvelusta (1073/2012).",
    ("starttiraha", "swe"): "Lagen om offentlig arbetskrafts- och företagsservice (916/2012) "
    "5 kap. och statsrådets förordning om offentlig arbetskrafts- och företagsservice (1073/2012).",
    ("kehittamisavustus", "fin"): "Laki yritysten kehittämisavustuksista (9/2014), "
    "valtioneuvoston asetus yritysten kehittämisavustuksista (716/2014) sekä komission asetus "
    "(EU) N:o 1407/2013 vähämerkityksisestä tuesta.",
    ("kehittamisavustus", "swe"): "Lagen om utvecklingsbidrag för företag (9/2014), "
    "statsrådets förordning om utvecklingsbidrag för företag (716/2014) och kommissionens "
    "förordning (EU) nr 1407/2013 om stöd av mindre betydelse.",
}

APPLICATION = {
    ("palkkatuki", "fin"): [
        [
            "{company} on {received} vireille tulleella hakemuksella hakenut palkkatukea "
            "työttömän työnhakijan palkkauskustannuksiin ajalle {period}.",
            "Hakija on hakenut {received} saapuneella hakemuksella palkkatukea ajalle {period} "
            "työttömän työnhakijan palkkaamiseen.",
        ],
        [
            "Palkattava henkilö on {person} (henkilötunnus {hetu}), jonka tehtävänimike on {job}.",
            "Hakemuksen mukaan tehtävään palkataan {person} (henkilötunnus {hetu}). "
            "Tehtävänimike on {job}.",
        ],
        [
            "Työaika on {hours} tuntia viikossa ja bruttopalkka {salary} euroa kuukaudessa.",
            "Hakemuksessa ilmoitettu bruttopalkka on {salary} euroa kuukaudessa ja viikoittainen "
            "työaika {hours} tuntia.",
        ],
    ],
    ("palkkatuki", "swe"): [
        [
            "{company} har i en ansökan som inkom {received} ansökt om lönesubvention för "
            "lönekostnaderna för en arbetslös arbetssökande för tiden {period}.",
            "Sökanden har i en ansökan som inkom {received} ansökt om lönesubvention för tiden "
            "{period} för anställning av en arbetslös arbetssökande.",
        ],
        [
            "Den som anställs är {person} (personbeteckning {hetu}) med yrkesbeteckningen {job}.",
            "Enligt ansökan anställs {person} (personbeteckning {hetu}) som {job}.",
        ],
        [
            "Arbetstiden är {hours} timmar i veckan och bruttolönen {salary} euro i månaden.",
            "Den bruttolön som anges i ansökan är {salary} euro i månaden och arbetstiden "
            "{hours} timmar i veckan.",
        ],
    ],
    ("starttiraha", "fin"): [
        [
            "{person} (henkilötunnus {hetu}) on hakenut {received} saapuneella hakemuksella "
            "starttirahaa päätoimisen yritystoiminnan aloittamiseen.",
            "Hakija {person} (henkilötunnus {hetu}) on {received} vireille tulleella hakemuksella "
            "hakenut starttirahaa uuden yrityksen perustamiseen.",
        ],
        [
            "Yritys {company} (Y-tunnus {company_id}) on merkitty kaupparekisteriin, ja sen "
            "toimialana on {job}n palvelut.",
            "Hakija aloittaa toiminnan yrityksessä {company} (Y-tunnus {company_id}).",
        ],
        [
            "Starttirahaa haetaan ajalle {period}.",
            "Hakemuksen mukaan starttirahan tarve kohdistuu ajalle {period}.",
        ],
    ],
    ("starttiraha", "swe"): [
        [
            "{person} (personbeteckning {hetu}) har i en ansökan som inkom {received} ansökt om "
            "startpeng för att inleda företagsverksamhet på heltid.",
            "Sökanden {person} (personbeteckning {hetu}) har i en ansökan som inkom {received} "
            "ansökt om startpeng för att grunda ett nytt företag.",
        ],
        [
            "Företaget {company} (FO-nummer {company_id}) har förts in i handelsregistret.",
            "Sökanden inleder verksamheten i företaget {company} (FO-nummer {company_id}).",
        ],
        [
            "Startpeng söks för tiden {period}.",
            "Enligt ansökan behövs startpengen för tiden {period}.",
        ],
    ],
    ("kehittamisavustus", "fin"): [
        [
            "{company} on hakenut {received} saapuneella hakemuksella yrityksen "
            "kehittämisavustusta kehittämishankkeeseen, jonka tavoitteena on {goal}.",
            "Hakija on {received} vireille tulleella hakemuksella hakenut yrityksen "
            "kehittämisavustusta hankkeeseen, jonka tavoitteena on {goal}.",
        ],
        [
            "Hankkeen kokonaiskustannukset ovat hakemuksen mukaan {cost} euroa.",
            "Hakemuksessa esitetyt hankkeen kustannukset ovat yhteensä {cost} euroa.",
        ],
        ["Hankkeen toteutusaika on {period}.", "Hanke toteutetaan ajalla {period}."],
    ],
    ("kehittamisavustus", "swe"): [
        [
            "{company} har i en ansökan som inkom {received} ansökt om utvecklingsbidrag för "
            "företag för ett utvecklingsprojekt, vars mål är att {goal}.",
            "Sökanden har i en ansökan som inkom {received} ansökt om utvecklingsbidrag för ett "
            "projekt, vars mål är att {goal}.",
        ],
        [
            "Projektets totala kostnader är enligt ansökan {cost} euro.",
            "Kostnaderna för projektet uppgår enligt ansökan till sammanlagt {cost} euro.",
        ],
        ["Projektet genomförs under tiden {period}.", "Genomförandetiden är {period}."],
    ],
}

DECISION = {
    ("palkkatuki", "fin"): [
        ["{short} myöntää hakijalle palkkatukea ajalle {period} yhteensä enintään {total} euroa."],
        [
            "Palkkatuen määrä on {pct} prosenttia tuen kohteena olevan henkilön "
            "palkkauskustannuksista, kuitenkin enintään {cap} euroa kuukaudessa."
        ],
        [
            "Palkkauskustannuksina otetaan huomioon palkka sekä lakisääteiset työnantajan "
            "sosiaalivakuutusmaksut ja lomaraha.",
            "Palkkatukena korvataan palkan lisäksi työnantajan lakisääteiset "
            "sosiaalivakuutusmaksut.",
        ],
    ],
    ("palkkatuki", "swe"): [
        [
            "{short} beviljar sökanden lönesubvention för tiden {period} till ett belopp av "
            "högst {total} euro."
        ],
        [
            "Lönesubventionen uppgår till {pct} procent av lönekostnaderna för den person som "
            "stödet gäller, dock högst {cap} euro i månaden."
        ],
        [
            "Som lönekostnader räknas lönen samt arbetsgivarens lagstadgade "
            "socialförsäkringsavgifter och semesterpenningen."
        ],
    ],
    ("starttiraha", "fin"): [
        ["{short} myöntää hakijalle starttirahaa ajalle {period}."],
        [
            "Starttiraha on työmarkkinatuen perusmäärän suuruinen eli {daily} euroa päivässä.",
            "Starttirahan perustuki on {daily} euroa päivältä.",
        ],
        [
            "Starttiraha maksetaan viideltä päivältä kalenteriviikossa.",
            "Starttirahaa maksetaan enintään viideltä päivältä viikossa.",
        ],
    ],
    ("starttiraha", "swe"): [
        ["{short} beviljar sökanden startpeng för tiden {period}."],
        ["Startpengen motsvarar grunddagpenningen och är {daily} euro per dag."],
        ["Startpeng betalas för fem dagar per kalendervecka."],
    ],
    ("kehittamisavustus", "fin"): [
        ["{short} myöntää hakijalle yrityksen kehittämisavustusta enintään {amount} euroa."],
        [
            "Avustuksen osuus on {pct} prosenttia hyväksyttävistä kustannuksista, jotka ovat "
            "yhteensä {cost} euroa.",
            "Avustus on {pct} prosenttia hankkeen hyväksyttävistä kokonaiskustannuksista "
            "({cost} euroa).",
        ],
        [
            "Avustus myönnetään vähämerkityksisenä tukena.",
            "Avustus on komission asetuksen mukaista vähämerkityksistä tukea.",
        ],
    ],
    ("kehittamisavustus", "swe"): [
        [
            "{short} beviljar sökanden utvecklingsbidrag för företag till ett belopp av högst "
            "{amount} euro."
        ],
        [
            "Bidraget uppgår till {pct} procent av de godtagbara kostnaderna, som sammanlagt "
            "uppgår till {cost} euro."
        ],
        ["Bidraget beviljas som stöd av mindre betydelse."],
    ],
}

REASONS = {
    ("palkkatuki", "fin"): [
        [
            "Palkkatuen myöntämisen edellytykset täyttyvät.",
            "Hakemus täyttää palkkatuen myöntämiselle säädetyt edellytykset.",
        ],
        [
            "Henkilö on ollut työttömänä työnhakijana {unemployed} kuukautta, ja palkkatuella "
            "tuettu työ parantaa hänen ammatillista osaamistaan ja mahdollisuuksiaan sijoittua "
            "avoimille työmarkkinoille.",
            "TE-toimisto on arvioinut, että palkkatukea tarvitaan korvaamaan työnhakijan "
            "puutteellista ammatillista osaamista tarjolla olevassa työssä.",
        ],
        [
            "Työnantaja on sitoutunut maksamaan työehtosopimuksen mukaista palkkaa, eikä "
            "palkkatuen myöntäminen vääristä kilpailua samoilla markkinoilla toimivien yritysten "
            "välillä.",
            "Työnantaja ei ole irtisanonut työntekijöitä taloudellisilla ja tuotannollisilla "
            "perusteilla tukea edeltäneiden kuuden kuukauden aikana.",
        ],
    ],
    ("palkkatuki", "swe"): [
        ["Villkoren för beviljande av lönesubvention uppfylls."],
        [
            "Den arbetssökande har varit arbetslös i {unemployed} månader, och arbetet förbättrar "
            "hans eller hennes yrkeskunskaper och möjligheter att få arbete på den öppna "
            "arbetsmarknaden.",
            "Arbets- och näringsbyrån bedömer att stödet behövs för att kompensera bristerna i "
            "den arbetssökandes yrkeskunskaper i det erbjudna arbetet.",
        ],
        [
            "Arbetsgivaren har förbundit sig att betala lön enligt kollektivavtalet, och stödet "
            "snedvrider inte konkurrensen mellan företag på samma marknad."
        ],
    ],
    ("starttiraha", "fin"): [
        [
            "Hakija on esittänyt liiketoimintasuunnitelman, rahoituslaskelman ja selvityksen "
            "aiemmasta työkokemuksestaan.",
            "Hakemukseen on liitetty liiketoimintasuunnitelma ja kannattavuuslaskelma.",
        ],
        [
            "Yritystoiminnalla arvioidaan olevan edellytykset jatkuvaan ja kannattavaan "
            "toimintaan, ja hakijalla on yritystoiminnan edellyttämä ammattitaito.",
            "TE-toimisto on pyytänyt hakemuksesta lausunnon uusyrityskeskukselta, joka on "
            "puoltanut starttirahan myöntämistä.",
        ],
        [
            "Hakija ei ole aloittanut päätoimista yritystoimintaa ennen starttirahaa koskevan "
            "päätöksen tekemistä."
        ],
    ],
    ("starttiraha", "swe"): [
        [
            "Sökanden har lagt fram en affärsplan, en finansieringskalkyl och en utredning om "
            "sin tidigare arbetserfarenhet."
        ],
        [
            "Företagsverksamheten bedöms ha förutsättningar för fortgående och lönsam "
            "verksamhet, och sökanden har den yrkeskunskap som verksamheten kräver."
        ],
        [
            "Sökanden har inte inlett företagsverksamhet på heltid innan beslutet om startpeng "
            "fattades."
        ],
    ],
    ("kehittamisavustus", "fin"): [
        [
            "Hanke edistää yrityksen kasvua ja kansainvälistymistä sekä parantaa sen tuottavuutta.",
            "Hanke on alueen elinkeinostrategian mukainen ja vahvistaa yrityksen kilpailukykyä.",
        ],
        [
            "Avustuksen myöntäminen on tarkoituksenmukaista, koska hanke ei toteutuisi samassa "
            "laajuudessa tai aikataulussa ilman avustusta.",
            "Avustuksella on merkittävä vaikutus hankkeen toteutumiseen.",
        ],
        [
            "Yrityksellä on riittävät taloudelliset edellytykset hankkeen toteuttamiseen, eikä "
            "sillä ole verovelkaa tai maksamattomia eläkevakuutusmaksuja."
        ],
    ],
    ("kehittamisavustus", "swe"): [
        [
            "Projektet främjar företagets tillväxt och internationalisering och förbättrar dess "
            "produktivitet."
        ],
        [
            "Det är ändamålsenligt att bevilja bidraget, eftersom projektet inte skulle "
            "genomföras i samma omfattning eller tidtabell utan stöd."
        ],
        [
            "Företaget har tillräckliga ekonomiska förutsättningar att genomföra projektet och "
            "har inga skatteskulder eller obetalda pensionsförsäkringsavgifter."
        ],
    ],
}

CONDITIONS = {
    ("palkkatuki", "fin"): [
        "Palkkatuki maksetaan työnantajalle jälkikäteen maksatushakemuksen perusteella. "
        "Maksatusta on haettava kahden kuukauden kuluessa sen ajanjakson päättymisestä, jota "
        "hakemus koskee.",
        "Työnantajan on ilmoitettava viipymättä TE-toimistolle, jos työsuhde päättyy ennen "
        "palkkatuen päättymistä tai jos työntekijä lomautetaan.",
        "Palkkatukea ei makseta siltä ajalta, jolta työnantaja saa palkkauskustannuksiin muuta "
        "julkista tukea.",
        "Työnantajan on säilytettävä palkkatuen maksamiseen liittyvät kirjanpitoaineistot ja "
        "palkkatiedot kymmenen vuoden ajan.",
        "Jos palkkatukea on maksettu perusteettomasti tai liikaa, KEHA-keskus perii "
        "aiheettomasti maksetun palkkatuen takaisin.",
        "Palkkatuen maksatusta haetaan KEHA-keskukselta. Maksatushakemukseen liitetään "
        "palkkalaskelmat sekä selvitys maksetuista palkoista ja sivukuluista.",
        "Työnantajan on järjestettävä työntekijälle tarvittava perehdytys ja ohjaus koko "
        "palkkatuen ajan.",
    ],
    ("palkkatuki", "swe"): [
        "Lönesubventionen betalas till arbetsgivaren i efterskott på basis av en "
        "utbetalningsansökan. Utbetalningen ska sökas inom två månader från utgången av den "
        "period som ansökan gäller.",
        "Arbetsgivaren ska utan dröjsmål meddela arbets- och näringsbyrån om "
        "anställningsförhållandet upphör innan stödet upphör eller om arbetstagaren "
        "permitteras.",
        "Lönesubvention betalas inte för den tid för vilken arbetsgivaren får annat offentligt "
        "stöd för lönekostnaderna.",
        "Arbetsgivaren ska bevara bokföringsmaterial och löneuppgifter som gäller stödet i tio år.",
        "Om stödet har betalats utan grund eller till ett för stort belopp återkräver "
        "UF-centret det belopp som betalats utan grund.",
        "Utbetalningen av lönesubventionen söks hos UF-centret. Till utbetalningsansökan "
        "fogas lönespecifikationer och en utredning om betalda löner och lönebikostnader.",
    ],
    ("starttiraha", "fin"): [
        "Starttiraha maksetaan kuukausittain jälkikäteen. Maksatusta on haettava kahden "
        "kuukauden kuluessa sen ajanjakson päättymisestä, jota hakemus koskee.",
        "Yrittäjän on ilmoitettava TE-toimistolle viipymättä, jos yritystoiminta keskeytyy tai "
        "lopetetaan tai jos toiminnassa tapahtuu olennainen muutos.",
        "Starttirahaa ei makseta siltä ajalta, jolta yrittäjä saa työttömyysetuutta tai muuta "
        "toimeentuloa turvaavaa etuutta.",
        "Yrittäjän on otettava yrittäjän eläkevakuutus laissa säädetyllä tavalla.",
        "Starttirahan saajan on toimitettava TE-toimistolle pyydettäessä selvitys "
        "yritystoiminnan tuloista ja menoista.",
        "Perusteettomasti maksettu starttiraha peritään takaisin.",
    ],
    ("starttiraha", "swe"): [
        "Startpengen betalas månatligen i efterskott. Utbetalningen ska sökas inom två månader "
        "från utgången av den period som ansökan gäller.",
        "Företagaren ska utan dröjsmål meddela arbets- och näringsbyrån om "
        "företagsverksamheten avbryts eller läggs ned.",
        "Startpeng betalas inte för den tid för vilken företagaren får arbetslöshetsförmån.",
        "Företagaren ska teckna en pensionsförsäkring för företagare på det sätt som lagen "
        "förutsätter.",
        "Startpeng som betalats utan grund återkrävs.",
    ],
    ("kehittamisavustus", "fin"): [
        "Avustus maksetaan jälkikäteen toteutuneiden ja hyväksyttävien kustannusten "
        "perusteella. Maksatusta haetaan ELY-keskukselta viimeistään neljän kuukauden kuluessa "
        "hankkeen päättymisestä.",
        "Avustuksen saajan on pidettävä hankkeen kustannuksista erillistä kirjanpitoa tai "
        "käytettävä kirjanpidossa hankekohtaista kustannuspaikkaa.",
        "Hankkeen sisältöön tai kustannusarvioon tehtäville olennaisille muutoksille on "
        "haettava ELY-keskuksen hyväksyntä ennen muutoksen toteuttamista.",
        "Avustuksella hankittua kalustoa ei saa luovuttaa toiselle eikä poistaa käytöstä "
        "viiden vuoden kuluessa hankkeen päättymisestä.",
        "ELY-keskuksella on oikeus tarkastaa avustuksen saajan talous ja toiminta avustuksen "
        "käytön valvomiseksi.",
        "Avustuksen saaja on velvollinen palauttamaan virheellisesti, liikaa tai ilmeisen "
        "perusteettomasti saamansa avustuksen.",
        "Hankinnoissa on noudatettava hyvää hankintatapaa, ja yli 10 000 euron hankinnoista "
        "on pyydettävä vähintään kolme tarjousta.",
    ],
    ("kehittamisavustus", "swe"): [
        "Bidraget betalas i efterskott på basis av förverkligade och godtagbara kostnader. "
        "Utbetalningen söks hos NTM-centralen senast fyra månader efter att projektet har "
        "avslutats.",
        "Bidragsmottagaren ska ha separat bokföring över projektets kostnader eller använda ett "
        "eget kostnadsställe för projektet.",
        "Väsentliga ändringar i projektets innehåll eller kostnadsberäkning ska godkännas av "
        "NTM-centralen innan de genomförs.",
        "Utrustning som anskaffats med bidraget får inte överlåtas eller tas ur bruk inom fem "
        "år efter att projektet har avslutats.",
        "NTM-centralen har rätt att granska bidragsmottagarens ekonomi och verksamhet för att "
        "övervaka användningen av bidraget.",
        "Bidragsmottagaren är skyldig att återbetala bidrag som den fått felaktigt, till ett "
        "för stort belopp eller uppenbart utan grund.",
    ],
}

APPEAL = {
    "fin": [
        [
            "Tähän päätökseen tyytymätön voi hakea siihen oikaisua kirjallisella "
            "oikaisuvaatimuksella 30 päivän kuluessa päätöksen tiedoksisaannista.",
            "Päätökseen saa hakea oikaisua. Oikaisuvaatimus on tehtävä kirjallisesti 30 päivän "
            "kuluessa päätöksen tiedoksisaannista.",
        ],
        [
            "Oikaisuvaatimus osoitetaan {all}. Oikaisuvaatimusohje on tämän päätöksen liitteenä.",
            "Oikaisuvaatimuksen voi toimittaa sähköpostitse osoitteeseen {email}. Tarkempi ohje "
            "on liitteenä.",
        ],
    ],
    "swe": [
        [
            "Den som är missnöjd med detta beslut kan begära omprövning av det genom en skriftlig "
            "omprövningsbegäran inom 30 dagar från delfåendet av beslutet."
        ],
        [
            "Omprövningsbegäran riktas till {nom}. Anvisning om omprövning finns som bilaga.",
            "Omprövningsbegäran kan skickas per e-post till {email}. Närmare anvisningar finns "
            "som bilaga.",
        ],
    ],
}


def signature(c: Ctx) -> list[Block]:
    return [
        Block("lines", f"{c.chief}\n{c.official}"),
        Block(
            "sub",
            c.t("Asiakirja on hyväksytty sähköisesti.", "Handlingen har godkänts elektroniskt."),
        ),
    ]


def party(c: Ctx, label_fi: str, label_sv: str, *, person: bool = False) -> list[Block]:
    rows = [c.company, f"{c.t('Y-tunnus', 'FO-nummer')} {c.company_id}"]
    if person:
        rows = [c.person, f"{c.t('Henkilötunnus', 'Personbeteckning')} {c.hetu}"]
    rows.append(f"{c.street}, {c.place}")
    return [Block("label", c.t(label_fi, label_sv)), Block("lines", "\n".join(rows))]


def label_text(label: str, text: str) -> list[Block]:
    return [Block("label", label), Block("text", text)]


GENERIC_EXTRA = {
    "fin": [
        (
            "Tietojen julkisuus",
            "Päätös on julkinen. Hakemukseen ja sen liitteisiin sisältyvät "
            "liike- ja ammattisalaisuudet ovat salassa pidettäviä viranomaisten toiminnan "
            "julkisuudesta annetun lain (621/1999) 24 §:n 1 momentin 20 kohdan nojalla.",
        ),
        (
            "Henkilötietojen käsittely",
            "{short} käsittelee asian hoitamiseksi tarpeellisia "
            "henkilötietoja voimassa olevan tietosuojalainsäädännön mukaisesti. Tietoja "
            "säilytetään arkistonmuodostussuunnitelmassa määrätyn ajan.",
        ),
        (
            "Valvonta ja tarkastus",
            "Tuen käyttöä valvoo {nom}. Lisäksi Valtiontalouden "
            "tarkastusvirastolla on oikeus tarkastaa tuen käyttö. Tuensaajan on annettava "
            "tarkastusta varten tarvittavat tiedot ja asiakirjat sekä muutoinkin avustettava "
            "tarkastuksessa.",
        ),
        (
            "Päätöksen voimassaolo",
            "Päätös tulee voimaan, kun se on annettu tiedoksi hakijalle. "
            "Jos tuettua toimintaa ei aloiteta kuuden kuukauden kuluessa päätöksen antamisesta, "
            "päätös raukeaa ilman eri ilmoitusta.",
        ),
        (
            "Sähköinen asiointi",
            "Asiaa koskevat lisäselvitykset ja maksatushakemukset voi "
            "toimittaa sähköisesti asiointipalvelun kautta. Kaikkiin asiakirjoihin on merkittävä "
            "diaarinumero {dnro}.",
        ),
        (
            "Lisätietoja",
            "Lisätietoja antaa {official}, puh. {phone}. Sähköpostiosoitteet ovat "
            "muotoa etunimi.sukunimi@{domain}.",
        ),
        (
            "Tuen kasautuminen",
            "Samoihin kustannuksiin ei voi saada muuta julkista tukea siten, "
            "että tuen yhteismäärä ylittää Euroopan unionin valtiontukisäännöissä määritellyn "
            "enimmäismäärän. Hakijan on ilmoitettava muista tuista viipymättä.",
        ),
        (
            "Tukitietojen julkaiseminen",
            "Tiedot myönnetystä tuesta voidaan julkaista "
            "valtionavustusten ja yritystukien tietopalvelussa. Julkaistavia tietoja ovat "
            "tuensaajan nimi, tuen määrä, tuen myöntäjä ja päätöksen päivämäärä.",
        ),
        (
            "Ilmoitusvelvollisuus",
            "Tuensaajan on ilmoitettava {all} viipymättä kaikista "
            "muutoksista, jotka voivat vaikuttaa tuen myöntämisen edellytyksiin, tuen määrään tai "
            "tuen maksamiseen. Ilmoitus tehdään kirjallisesti.",
        ),
        (
            "Tuen siirtäminen",
            "Tukea ei saa siirtää toiselle eikä käyttää muuhun kuin "
            "päätöksessä hyväksyttyyn tarkoitukseen. Tuensaajan yritysjärjestelyistä on "
            "ilmoitettava etukäteen, jotta tuen siirtämisen edellytykset voidaan arvioida.",
        ),
        (
            "Kirjanpito ja arkistointi",
            "Tuensaajan on säilytettävä tukeen liittyvät tositteet ja "
            "asiakirjat siten, että tuen käyttö voidaan jälkikäteen todentaa. Säilytysaika on "
            "kymmenen vuotta tuen viimeisen erän maksamisesta.",
        ),
    ],
    "swe": [
        (
            "Handlingars offentlighet",
            "Beslutet är offentligt. Affärs- och yrkeshemligheter i "
            "ansökan och dess bilagor är sekretessbelagda enligt 24 § 1 mom. 20 punkten i lagen "
            "om offentlighet i myndigheternas verksamhet (621/1999).",
        ),
        (
            "Behandling av personuppgifter",
            "{short} behandlar de personuppgifter som behövs för "
            "ärendet i enlighet med gällande dataskyddslagstiftning. Uppgifterna bevaras den tid "
            "som anges i arkivbildningsplanen.",
        ),
        (
            "Tillsyn och granskning",
            "Användningen av stödet övervakas av {nom}. Dessutom har "
            "Statens revisionsverk rätt att granska hur stödet har använts. Stödtagaren ska lämna "
            "de uppgifter och handlingar som behövs för granskningen.",
        ),
        (
            "Beslutets giltighet",
            "Beslutet träder i kraft när sökanden har fått del av det. Om "
            "den stödda verksamheten inte inleds inom sex månader från beslutet förfaller "
            "beslutet utan särskilt meddelande.",
        ),
        (
            "Elektronisk ärendehantering",
            "Tilläggsutredningar och utbetalningsansökningar kan "
            "lämnas in elektroniskt via e-tjänsten. Ange diarienumret {dnro} i alla handlingar.",
        ),
        (
            "Ytterligare upplysningar",
            "Ytterligare upplysningar ger {official}, tfn {phone}. "
            "E-postadresserna har formen förnamn.efternamn@{domain}.",
        ),
        (
            "Kumulering av stöd",
            "För samma kostnader kan inte annat offentligt stöd beviljas så "
            "att det sammanlagda stödet överskrider det maximibelopp som anges i Europeiska "
            "unionens regler om statligt stöd.",
        ),
        (
            "Publicering av stöduppgifter",
            "Uppgifter om beviljat stöd kan publiceras i "
            "informationstjänsten för statsunderstöd och företagsstöd. Uppgifterna omfattar "
            "stödtagarens namn, stödbeloppet, den beviljande myndigheten och beslutsdatumet.",
        ),
        (
            "Anmälningsskyldighet",
            "Stödtagaren ska utan dröjsmål skriftligen meddela {nom} om "
            "alla ändringar som kan påverka villkoren för beviljande av stödet, stödets belopp "
            "eller utbetalningen av stödet.",
        ),
        (
            "Överföring av stödet",
            "Stödet får inte överföras till någon annan eller användas "
            "för något annat ändamål än det som godkänts i beslutet. Företagsarrangemang ska "
            "meddelas i förväg.",
        ),
        (
            "Bokföring och arkivering",
            "Stödtagaren ska bevara verifikationer och handlingar som "
            "gäller stödet så att användningen av stödet kan kontrolleras i efterhand. "
            "Förvaringstiden är tio år från utbetalningen av den sista posten.",
        ),
    ],
}


def generic_extra(r: random.Random, c: Ctx, n: int) -> list[list[Block]]:
    """``n`` general administrative sections (publicity, data protection, supervision...)."""
    v = vars_of(c)
    picked = r.sample(GENERIC_EXTRA[c.lang], min(n, len(GENERIC_EXTRA[c.lang])))
    return [label_text(label, text.format(**v)) for label, text in picked]


# --------------------------------------------------------------------------------------------
# Builders: paatos, maksatuspaatos, hakemus


def build_paatos(r: random.Random, lang: str, year: int) -> DocText:
    topic = r.choice(("palkkatuki", "kehittamisavustus", "starttiraha"))
    c = topic_ctx(r, lang, year, topic)
    key = (topic, lang)
    heading = c.t("PÄÄTÖS", "BESLUT")
    subject = {
        "palkkatuki": c.t(
            "Palkkatuki työttömän työnhakijan palkkaamiseen",
            "Lönesubvention för anställning av en arbetslös arbetssökande",
        ),
        "starttiraha": c.t(
            "Starttiraha yritystoiminnan aloittamiseen",
            "Startpeng för att inleda företagsverksamhet",
        ),
        "kehittamisavustus": c.t("Yrityksen kehittämisavustus", "Utvecklingsbidrag för företag"),
    }[topic]
    body = [
        *party(c, "Hakija", "Sökande", person=topic == "starttiraha"),
        *label_text(c.t("Asia", "Ärende"), subject),
        *label_text(c.t("Hakemus", "Ansökan"), sentences(r, APPLICATION[key], c)),
        *label_text(c.t("Päätös", "Beslut"), sentences(r, DECISION[key], c)),
        *label_text(c.t("Perustelut", "Motivering"), sentences(r, REASONS[key], c)),
    ]
    conds = CONDITIONS[key][:]
    r.shuffle(conds)
    label = c.t("Tuen ehdot", "Villkor för stödet")
    items = numbered(conds)
    extra = [
        label_text(c.t("Sovelletut säännökset", "Tillämpade bestämmelser"), LAWS[key]),
        [Block("label", label), Block("lines", "\n".join(items[:2]))],
    ]
    extra += [[Block("lines", "\n".join(items[i : i + 2]))] for i in range(2, len(items), 2)]
    extra += generic_extra(r, c, 9)
    tail = [
        *label_text(c.t("Muutoksenhaku", "Ändringssökande"), sentences(r, APPEAL[lang], c)),
        *signature(c),
        Block("label", c.t("Liitteet", "Bilagor")),
        Block("lines", c.t("Oikaisuvaatimusohje", "Anvisning om omprövning")),
    ]
    return DocText(
        "paatos",
        lang,
        c.ag.code,
        subject,
        letterhead(c, heading, c.t("Päätöspäivä", "Datum")),
        body,
        extra,
        tail,
        running(c, heading),
        footer(c),
        c.after(20, 300),
    )


def build_maksatuspaatos(r: random.Random, lang: str, year: int) -> DocText:
    topic = r.choice(("palkkatuki", "kehittamisavustus"))
    c = topic_ctx(r, lang, year, topic, "KEHA" if topic == "palkkatuki" else None)
    heading = c.t("MAKSATUSPÄÄTÖS", "UTBETALNINGSBESLUT")
    granted = c.before(120, 300)
    grant_code = "UUDTE" if topic == "palkkatuki" else c.ag.code
    grant_dnro = c.other_dnro(grant_code, granted.year)
    p_end = c.before(20, 60)
    p_start = p_end - timedelta(days=r.choice((59, 89, 90, 91)))
    applied = r.randrange(2400, 18000) + r.randrange(0, 100) / 100
    deduct = r.choice((0.0, 0.0, round(applied * r.uniform(0.03, 0.12), 2)))
    paid = applied - deduct
    if topic == "palkkatuki":
        subject = c.t(
            f"Palkkatuen maksatus ajalta {span(p_start, p_end)}",
            f"Utbetalning av lönesubvention för tiden {span(p_start, p_end)}",
        )
        granter = AGENCIES["UUDTE"]
        person_rows = c.t(
            f"Työntekijä {c.person}, henkilötunnus {c.hetu}",
            f"Arbetstagare {c.person}, personbeteckning {c.hetu}",
        )
    else:
        n = r.randint(1, 3)
        subject = c.t(
            f"Yrityksen kehittämisavustuksen maksatus, {n}. maksatuserä",
            f"Utbetalning av utvecklingsbidrag för företag, {n}. utbetalningsposten",
        )
        granter = c.ag
        person_rows = c.t(
            f"Kustannusten toteutumisaika {span(p_start, p_end)}",
            f"Kostnaderna har uppkommit under tiden {span(p_start, p_end)}",
        )
    grant_name = granter.swe_short if c.sv else granter.fin_short
    rows = [
        c.t(f"Haettu määrä: {money(applied)} euroa", f"Sökt belopp: {money(applied)} euro"),
        c.t(f"Vähennykset: {money(deduct)} euroa", f"Avdrag: {money(deduct)} euro"),
        c.t(f"Maksettava määrä: {money(paid)} euroa", f"Belopp som betalas: {money(paid)} euro"),
    ]
    account = iban(r)
    if deduct:
        why = c.t(
            "Haetusta määrästä on vähennetty kustannukset, joita ei voida hyväksyä "
            "tukikelpoisiksi. Vähennys koskee muun muassa sairausajan palkkaa ajalta, jolta "
            "tuensaaja on saanut Kansaneläkelaitoksen maksamaa päivärahaa.",
            "Från det sökta beloppet har dragits av kostnader som inte kan godkännas som "
            "stödberättigande. Avdraget gäller bland annat lön under sjukdomstid för vilken "
            "stödtagaren har fått dagpenning från Folkpensionsanstalten.",
        )
    else:
        why = c.t(
            "Maksatushakemus on tarkastettu, ja se hyväksytään haetun mukaisena. "
            "Esitetyt kustannukset ovat tukikelpoisia ja myöntöpäätöksen ehtojen mukaisia.",
            "Utbetalningsansökan har granskats och godkänns i sin helhet. De redovisade "
            "kostnaderna är stödberättigande och förenliga med villkoren i beslutet.",
        )
    body = [
        *party(c, "Tuensaaja", "Stödtagare"),
        Block("lines", person_rows),
        *label_text(c.t("Asia", "Ärende"), subject),
        *label_text(
            c.t("Myöntöpäätös", "Beviljandebeslut"),
            c.t(
                f"{grant_name}, päätös {d(granted)}, Dnro {grant_dnro}",
                f"{grant_name}, beslut {d(granted)}, Dnr {grant_dnro}",
            ),
        ),
        *label_text(
            c.t("Maksatushakemus", "Utbetalningsansökan"),
            c.t(
                f"Maksatushakemus on saapunut {d(c.before(10, 40))}.",
                f"Utbetalningsansökan har inkommit {d(c.before(10, 40))}.",
            ),
        ),
        Block("label", c.t("Päätös", "Beslut")),
        Block(
            "text",
            c.t(
                f"{c.short()} maksaa tuensaajalle {money(paid)} euroa. ",
                f"{c.short()} betalar {money(paid)} euro till stödtagaren. ",
            )
            + c.t(f"Tuki maksetaan tilille {account}.", f"Stödet betalas till kontot {account}."),
        ),
        Block("lines", "\n".join(rows)),
        *label_text(c.t("Perustelut", "Motivering"), why),
    ]
    conds = CONDITIONS[(topic, lang)][:]
    r.shuffle(conds)
    items = numbered(conds[:4])
    extra = [
        [
            Block("label", c.t("Muistutus tuen ehdoista", "Påminnelse om villkoren")),
            Block("lines", "\n".join(items[:2])),
        ],
        [Block("lines", "\n".join(items[2:]))],
        label_text(c.t("Sovelletut säännökset", "Tillämpade bestämmelser"), LAWS[(topic, lang)]),
    ]
    extra += generic_extra(r, c, 5)
    tail = [
        *label_text(c.t("Muutoksenhaku", "Ändringssökande"), sentences(r, APPEAL[lang], c)),
        *signature(c),
    ]
    return DocText(
        "maksatuspaatos",
        lang,
        c.ag.code,
        subject,
        letterhead(c, heading, c.t("Päätöspäivä", "Datum")),
        body,
        extra,
        tail,
        running(c, heading),
        footer(c),
        c.after(20, 300),
    )


HAKEMUS_NEED = {
    ("palkkatuki", "fin"): [
        "Haemme palkkatukea, koska {person} on ollut pitkään työttömänä ja tarvitsee "
        "perehdytystä tehtävään. Palkkatuen avulla voimme palkata uuden työntekijän jo nyt, "
        "vaikka tilauskanta on vasta kasvamassa.",
        "Yrityksen tilauskanta on kasvanut, ja tarvitsemme lisää osaavaa henkilöstöä. "
        "Palkattava henkilö tarvitsee alkuvaiheessa tavallista enemmän ohjausta, joten "
        "palkkatuki on tarpeen työsuhteen alussa.",
    ],
    ("palkkatuki", "swe"): [
        "Vi ansöker om lönesubvention, eftersom {person} har varit arbetslös länge och behöver "
        "introduktion i arbetet. Med stödet kan vi anställa en ny arbetstagare redan nu, "
        "fastän orderstocken först håller på att växa.",
        "Företagets orderstock har ökat och vi behöver mer kunnig personal. Den som anställs "
        "behöver mer handledning än vanligt i början, och därför är stödet nödvändigt.",
    ],
    ("starttiraha", "fin"): [
        "Olen toiminut alalla palkkatyössä useita vuosia ja laatinut liiketoimintasuunnitelman "
        "yhdessä uusyrityskeskuksen neuvojan kanssa. Starttiraha turvaisi toimeentuloni "
        "yritystoiminnan käynnistymisen aikana.",
        "Yrityksen asiakaskunta on vasta muodostumassa, eikä liiketoiminnan tulos riitä "
        "ensimmäisinä kuukausina toimeentuloon. Starttirahan avulla voin keskittyä "
        "päätoimisesti yrityksen kehittämiseen.",
    ],
    ("starttiraha", "swe"): [
        "Jag har arbetat inom branschen i flera år och utarbetat en affärsplan tillsammans med "
        "en rådgivare på nyföretagarcentralen. Startpengen skulle trygga min utkomst medan "
        "verksamheten kommer i gång.",
        "Företagets kundkrets håller först på att byggas upp, och resultatet räcker inte till "
        "för min utkomst under de första månaderna. Med startpengen kan jag koncentrera mig "
        "på företaget på heltid.",
    ],
    ("kehittamisavustus", "fin"): [
        "Hankkeen toteuttaminen edellyttää investointeja, joita yritys ei pysty rahoittamaan "
        "kokonaan tulorahoituksella. Kehittämisavustus mahdollistaisi hankkeen toteuttamisen "
        "suunnitellussa aikataulussa ja laajuudessa.",
        "Hanke on yrityksen kasvun kannalta keskeinen, mutta siihen liittyy merkittäviä "
        "riskejä. Avustuksen avulla voimme palkata hankkeeseen asiantuntijan ja hankkia "
        "tarvittavat laitteet.",
    ],
    ("kehittamisavustus", "swe"): [
        "Projektet förutsätter investeringar som företaget inte kan finansiera helt med egna "
        "medel. Med bidraget kan projektet genomföras enligt den planerade tidtabellen och i "
        "planerad omfattning.",
        "Projektet är centralt för företagets tillväxt men är förknippat med betydande risker. "
        "Med bidraget kan vi anställa en expert och anskaffa den utrustning som behövs.",
    ],
}


def build_hakemus(r: random.Random, lang: str, year: int) -> DocText:
    topic = r.choice(("palkkatuki", "kehittamisavustus", "starttiraha"))
    c = topic_ctx(r, lang, year, topic)
    v = vars_of(c)
    heading = c.t("HAKEMUS", "ANSÖKAN")
    title = {
        "palkkatuki": c.t("Palkkatukihakemus", "Ansökan om lönesubvention"),
        "starttiraha": c.t("Starttirahahakemus", "Ansökan om startpeng"),
        "kehittamisavustus": c.t(
            "Yrityksen kehittämisavustusta koskeva hakemus",
            "Ansökan om utvecklingsbidrag för företag",
        ),
    }[topic]
    contact = c.name()
    head = letterhead(c, heading, c.t("Saapunut", "Inkommit"))
    head.insert(3, Block("meta", title))
    body = [
        Block("label", c.t("1. Hakijan tiedot", "1. Uppgifter om sökanden")),
        Block(
            "lines",
            "\n".join(
                [
                    f"{c.t('Hakija', 'Sökande')}: {c.company}",
                    f"{c.t('Y-tunnus', 'FO-nummer')}: {c.company_id}",
                    f"{c.t('Osoite', 'Adress')}: {c.street}, {c.place}",
                    f"{c.t('Yhteyshenkilö', 'Kontaktperson')}: {contact}, "
                    f"{c.t('puh.', 'tfn')} 040{NB}{r.randint(100, 999)}{NB}{r.randint(1000, 9999)}",
                ]
            ),
        ),
    ]
    if topic in ("palkkatuki", "starttiraha"):
        who = (
            c.t("2. Palkattava henkilö", "2. Den som anställs")
            if topic == "palkkatuki"
            else c.t("2. Yrittäjä", "2. Företagare")
        )
        body += [
            Block("label", who),
            Block(
                "lines",
                "\n".join(
                    [
                        f"{c.t('Nimi', 'Namn')}: {c.person}",
                        f"{c.t('Henkilötunnus', 'Personbeteckning')}: {c.hetu}",
                        f"{c.t('Tehtävä', 'Uppgift')}: {v['job']}",
                        f"{c.t('Ajanjakso', 'Period')}: {v['period']}",
                        f"{c.t('Työaika', 'Arbetstid')}: {v['hours']} "
                        f"{c.t('tuntia viikossa', 'timmar i veckan')}",
                    ]
                ),
            ),
        ]
    else:
        body += [
            Block("label", c.t("2. Hankkeen tiedot", "2. Uppgifter om projektet")),
            Block(
                "lines",
                "\n".join(
                    [
                        f"{c.t('Toteutusaika', 'Genomförandetid')}: {v['period']}",
                        f"{c.t('Kustannusarvio', 'Kostnadsberäkning')}: {v['cost']} "
                        f"{c.t('euroa', 'euro')}",
                        f"{c.t('Haettava avustus', 'Bidrag som söks')}: {v['amount']} "
                        f"{c.t('euroa', 'euro')}",
                    ]
                ),
            ),
            Block(
                "text",
                c.t(f"Hankkeen tavoitteena on {v['goal']}.", f"Projektets mål är att {v['goal']}."),
            ),
        ]
    need = r.choice(HAKEMUS_NEED[(topic, lang)]).format(**v)
    body += label_text(
        c.t("3. Perustelut tuen tarpeelle", "3. Motivering för behovet av stöd"), need
    )
    other = c.t(
        "Yritys ei ole saanut samoihin kustannuksiin muuta julkista tukea. Yritys on "
        "saanut vähämerkityksistä tukea kuluneen kolmen verovuoden aikana yhteensä "
        f"{money(r.randrange(0, 60000, 500))} euroa.",
        "Företaget har inte fått annat offentligt stöd för samma kostnader. Företaget har "
        "fått stöd av mindre betydelse under de tre senaste skatteåren sammanlagt "
        f"{money(r.randrange(0, 60000, 500))} euro.",
    )
    founded = r.randint(1975, year - 2)
    staff = r.randint(3, 60)
    turnover = r.randrange(150000, 9000000, 1000)
    sections: list[tuple[str, str, Block]] = [
        (
            "Yrityksen toiminta",
            "Företagets verksamhet",
            Block(
                "text",
                c.t(
                    f"{c.company} on perustettu vuonna {founded}, ja sen palveluksessa on {staff} "
                    f"henkilöä. Yrityksen liikevaihto oli viimeisellä tilikaudella {money(turnover)} "
                    "euroa. Asiakkaat ovat pääosin kotimaisia yrityksiä ja julkisyhteisöjä.",
                    f"{c.company} grundades {founded} och har {staff} anställda. Företagets omsättning "
                    f"var {money(turnover)} euro under den senaste räkenskapsperioden. Kunderna är "
                    "främst inhemska företag och offentliga samfund.",
                ),
            ),
        ),
        (
            "Taloustiedot",
            "Ekonomiska uppgifter",
            Block(
                "lines",
                "\n".join(
                    [
                        f"{c.t('Liikevaihto', 'Omsättning')}: {money(turnover)} {c.t('euroa', 'euro')}",
                        f"{c.t('Tilikauden tulos', 'Räkenskapsperiodens resultat')}: "
                        f"{money(turnover * r.uniform(-0.02, 0.08))} {c.t('euroa', 'euro')}",
                        f"{c.t('Taseen loppusumma', 'Balansomslutning')}: "
                        f"{money(turnover * r.uniform(0.3, 0.9))} {c.t('euroa', 'euro')}",
                        f"{c.t('Henkilöstö', 'Personal')}: {staff}",
                    ]
                ),
            ),
        ),
    ]
    if topic == "palkkatuki":
        sections.append(
            (
                "Työnantajan vakuutukset",
                "Arbetsgivarens försäkran",
                Block(
                    "text",
                    c.t(
                        "Työnantaja vakuuttaa, ettei se ole irtisanonut tai lomauttanut työntekijöitä "
                        "taloudellisilla tai tuotannollisilla perusteilla hakemusta edeltäneiden kuuden "
                        "kuukauden aikana. Työnantajalla ei ole verovelkaa eikä maksamattomia "
                        "eläkevakuutusmaksuja.",
                        "Arbetsgivaren försäkrar att den inte har sagt upp eller permitterat arbetstagare av "
                        "ekonomiska orsaker eller produktionsorsaker under de sex månader som föregått "
                        "ansökan. Arbetsgivaren har inga skatteskulder eller obetalda "
                        "pensionsförsäkringsavgifter.",
                    ),
                ),
            )
        )
    elif topic == "kehittamisavustus":
        cost = float(v["cost"].replace(NB, "").replace(",", "."))
        parts = [round(cost * x, 2) for x in (0.55, 0.3)]
        parts.append(round(cost - sum(parts), 2))
        names = (
            c.t("Kone- ja laiteinvestoinnit", "Maskin- och anordningsinvesteringar"),
            c.t("Ulkopuoliset asiantuntijapalvelut", "Externa experttjänster"),
            c.t("Palkkakustannukset", "Lönekostnader"),
        )
        rows = [
            f"{n}: {money(x)} {c.t('euroa', 'euro')}" for n, x in zip(names, parts, strict=True)
        ]
        rows.append(f"{c.t('Yhteensä', 'Totalt')}: {v['cost']} {c.t('euroa', 'euro')}")
        sections.append(("Kustannusarvio", "Kostnadsberäkning", Block("lines", "\n".join(rows))))
    else:
        sections.append(
            (
                "Liiketoiminnan kuvaus",
                "Beskrivning av affärsverksamheten",
                Block(
                    "text",
                    c.t(
                        "Yritys tarjoaa palveluja pääasiassa pienille ja keskisuurille yrityksille. "
                        "Ensimmäisen toimintavuoden liikevaihdoksi arvioidaan "
                        f"{money(r.randrange(30000, 90000, 1000))} euroa. Toiminta aloitetaan "
                        "vuokratiloissa, ja tarvittavat laitteet rahoitetaan omilla säästöillä.",
                        "Företaget erbjuder tjänster främst till små och medelstora företag. "
                        "Omsättningen under det första verksamhetsåret beräknas till "
                        f"{money(r.randrange(30000, 90000, 1000))} euro. Verksamheten inleds i hyrda "
                        "lokaler och den utrustning som behövs finansieras med egna besparingar.",
                    ),
                ),
            )
        )
    sections += [
        ("Muut tuet", "Andra stöd", Block("text", other)),
        (
            "Liitteet",
            "Bilagor",
            Block(
                "text",
                c.t(
                    "Tilinpäätös ja tase-erittely, kaupparekisteriote sekä verovelkatodistus. "
                    "Liitteet toimitetaan sähköisesti asiointipalvelun kautta.",
                    "Bokslut och balansspecifikation, handelsregisterutdrag samt skatteskuldsintyg. "
                    "Bilagorna lämnas in elektroniskt via e-tjänsten.",
                ),
            ),
        ),
        (
            "Hakijan vakuutus",
            "Sökandens försäkran",
            Block(
                "text",
                c.t(
                    "Hakija vakuuttaa, että hakemuksessa ja sen liitteissä annetut tiedot ovat oikeita, "
                    "ja sitoutuu ilmoittamaan viipymättä niissä tapahtuvista muutoksista. Hakija on "
                    "tietoinen siitä, että virheellisten tietojen antaminen voi johtaa tuen "
                    "takaisinperintään.",
                    "Sökanden försäkrar att uppgifterna i ansökan och dess bilagor är riktiga och "
                    "förbinder sig att utan dröjsmål meddela om ändringar i dem. Sökanden är medveten om "
                    "att felaktiga uppgifter kan leda till att stödet återkrävs.",
                ),
            ),
        ),
        (
            "Suostumus",
            "Samtycke",
            Block(
                "text",
                c.t(
                    f"Hakija antaa suostumuksen siihen, että {v['nom']} voi tarkistaa hakemuksen "
                    "käsittelyä varten tarvittavat tiedot muilta viranomaisilta.",
                    f"Sökanden samtycker till att {v['nom']} kan kontrollera de uppgifter som "
                    "behövs för behandlingen av ansökan hos andra myndigheter.",
                ),
            ),
        ),
    ]
    extra = [
        [Block("label", f"{i}. {c.t(fi, sv)}"), block]
        for i, (fi, sv, block) in enumerate(sections, 4)
    ]
    city = c.place.split(NB, 1)[1]
    tail = [
        Block("label", c.t("Allekirjoitus", "Underskrift")),
        Block(
            "lines",
            c.t("Vakuutan antamani tiedot oikeiksi.", "Jag försäkrar att uppgifterna är riktiga.")
            + f"\n{city} {d(c.before(15, 80))}\n{contact}",
        ),
    ]
    return DocText(
        "hakemus",
        lang,
        c.ag.code,
        title,
        head,
        body,
        extra,
        tail,
        running(c, heading),
        footer(c),
        c.after(20, 300),
    )


# --------------------------------------------------------------------------------------------
# Builders: lasku, kirje, poytakirja


def build_lasku(r: random.Random, lang: str, year: int) -> DocText:
    recovery = r.random() < 0.5
    if recovery:
        c = topic_ctx(r, lang, year, "palkkatuki", "KEHA")
    else:
        codes = [a for a in ELY_CODES if lang == "fin" or a in SWEDISH_AGENCIES]
        c = new_ctx(r, lang, r.choice(codes), year)
    heading = c.t("LASKU", "FAKTURA")
    due = c.after(14, 30)
    ref = reference_number(r)
    head = letterhead(c, heading, c.t("Laskun päiväys", "Fakturadatum"))
    head.insert(
        3, Block("meta", f"{c.t('Laskun numero', 'Fakturanummer')} {year}{r.randint(10000, 99999)}")
    )
    body = party(c, "Maksaja", "Betalare")
    if recovery:
        dec = c.before(20, 45)
        p_end = c.before(60, 200)
        p_start = p_end - timedelta(days=r.choice((30, 61, 91)))
        amount = r.randrange(300, 6000) + r.randrange(0, 100) / 100
        title = c.t(
            "Perusteettomasti maksetun palkkatuen takaisinperintä",
            "Återkrav av lönesubvention som betalats utan grund",
        )
        basis = c.t(
            f"KEHA-keskus on päätöksellään {d(dec)} (Dnro {c.other_dnro()}) määrännyt "
            f"perittäväksi takaisin palkkatukea, joka on maksettu perusteettomasti ajalta "
            f"{span(p_start, p_end)}. Takaisinperinnän syynä on se, että työsuhde on päättynyt "
            "ennen tukijakson loppua eikä muutoksesta ole ilmoitettu TE-toimistolle.",
            f"UF-centret har genom sitt beslut {d(dec)} (Dnr {c.other_dnro()}) bestämt att "
            f"lönesubvention som betalats utan grund för tiden {span(p_start, p_end)} ska "
            "återkrävas. Orsaken är att anställningsförhållandet upphörde före stödperiodens "
            "slut och att ändringen inte anmäldes till arbets- och näringsbyrån.",
        )
        rows = [
            c.t(
                f"Takaisin perittävä palkkatuki: {money(amount)} euroa",
                f"Lönesubvention som återkrävs: {money(amount)} euro",
            )
        ]
        interest = round(amount * 0.04 * r.randint(30, 200) / 365, 2)
        rows.append(c.t(f"Korko: {money(interest)} euroa", f"Ränta: {money(interest)} euro"))
        total = amount + interest
    else:
        visit = c.before(20, 60)
        hours = r.randint(3, 9)
        rate = r.choice((72.0, 86.0, 95.0))
        report = r.choice((150.0, 190.0, 240.0))
        title = c.t(
            "Ympäristöluvan mukaisen toiminnan valvontamaksu",
            "Avgift för tillsyn över tillståndspliktig miljöverksamhet",
        )
        basis = c.t(
            f"{c.short()} perii ympäristönsuojelulain (527/2014) 205 §:n nojalla maksun "
            f"ympäristöluvanvaraisen toiminnan määräaikaistarkastuksesta, joka tehtiin "
            f"{d(visit)}. Maksu perustuu ELY-keskusten maksullisista suoritteista annettuun "
            "asetukseen.",
            f"{c.short()} tar med stöd av 205 § i miljöskyddslagen (527/2014) ut en avgift för "
            f"den periodiska inspektion av tillståndspliktig verksamhet som gjordes {d(visit)}. "
            "Avgiften grundar sig på förordningen om NTM-centralernas avgiftsbelagda "
            "prestationer.",
        )
        rows = [
            c.t(
                f"Tarkastus, {hours} tuntia x {money(rate)} euroa: {money(hours * rate)} euroa",
                f"Inspektion, {hours} timmar x {money(rate)} euro: {money(hours * rate)} euro",
            ),
            c.t(
                f"Tarkastuskertomuksen laatiminen: {money(report)} euroa",
                f"Inspektionsrapport: {money(report)} euro",
            ),
        ]
        total = hours * rate + report
    rows.append(c.t(f"Yhteensä: {money(total)} euroa", f"Totalt: {money(total)} euro"))
    body += [
        *label_text(c.t("Laskun peruste", "Grund för fakturan"), basis),
        Block("label", c.t("Erittely", "Specifikation")),
        Block("lines", "\n".join(rows)),
        Block(
            "lines",
            c.t(
                f"Eräpäivä: {d(due)}\nViitenumero: {ref}\nTilinumero: {iban(r)}",
                f"Förfallodag: {d(due)}\nReferensnummer: {ref}\nKontonummer: {iban(r)}",
            ),
        ),
    ]
    extra = [
        label_text(
            c.t("Maksuohje", "Betalningsanvisning"),
            c.t(
                f"Käyttäkää maksaessanne viitenumeroa {ref}. Eräpäivän jälkeen maksettavalle "
                "määrälle peritään korkolain mukainen viivästyskorko.",
                f"Använd referensnumret {ref} vid betalningen. På belopp som betalas efter "
                "förfallodagen uppbärs dröjsmålsränta enligt räntelagen.",
            ),
        ),
        label_text(
            c.t("Huomautukset", "Anmärkningar"),
            c.t(
                "Huomautukset laskusta on tehtävä 14 päivän kuluessa laskun päiväyksestä. Viranomaisen "
                "julkisoikeudellisesta suoritteesta ei peritä arvonlisäveroa.",
                "Anmärkningar mot fakturan ska göras inom 14 dagar från fakturadatum. För "
                "myndighetens offentligrättsliga prestationer tas ingen mervärdesskatt ut.",
            ),
        ),
    ]
    extra.append(
        label_text(
            c.t("Perintä", "Indrivning"),
            c.t(
                "Jos laskua ei makseta eräpäivään mennessä, saatava siirretään perintään. "
                "Julkisoikeudellinen saatava on ulosottokelpoinen ilman tuomiota tai päätöstä verojen ja "
                "maksujen täytäntöönpanosta annetun lain (706/2007) nojalla.",
                "Om fakturan inte betalas senast på förfallodagen överförs fordran till indrivning. En "
                "offentligrättslig fordran är direkt utsökbar utan dom eller beslut enligt lagen om "
                "verkställighet av skatter och avgifter (706/2007).",
            ),
        )
    )
    if recovery:
        extra.insert(
            0,
            label_text(
                c.t("Korko", "Ränta"),
                c.t(
                    "Takaisin perittävälle määrälle on laskettu vuotuista korkoa tuen maksupäivästä "
                    "lukien. Jos tuensaaja on eri mieltä takaisinperinnästä, asiassa noudatetaan "
                    "takaisinperintäpäätöksen muutoksenhakuohjetta.",
                    "På det belopp som återkrävs har årlig ränta beräknats från den dag då stödet "
                    "betalades. Om stödtagaren är av annan åsikt om återkravet ska anvisningen om "
                    "ändringssökande i beslutet om återkrav följas.",
                ),
            ),
        )
    else:
        extra.insert(
            0,
            label_text(
                c.t("Tarkastuksen sisältö", "Inspektionens innehåll"),
                c.t(
                    "Tarkastuksessa käytiin läpi toiminnan päästötarkkailu, kemikaalien varastointi ja "
                    "jätteiden käsittely. Tarkastuskertomus on lähetetty toiminnanharjoittajalle "
                    "erikseen.",
                    "Vid inspektionen gick man igenom utsläppskontrollen, lagringen av kemikalier och "
                    "avfallshanteringen. Inspektionsrapporten har skickats separat till "
                    "verksamhetsutövaren.",
                ),
            ),
        )
    tail = [
        Block(
            "lines",
            c.t(
                f"Lisätietoja antaa {c.official}, puh. {c.ag.phone}.",
                f"Ytterligare upplysningar ger {c.official}, tfn {c.ag.phone}.",
            ),
        )
    ]
    return DocText(
        "lasku",
        lang,
        c.ag.code,
        title,
        head,
        body,
        extra,
        tail,
        running(c, heading),
        footer(c),
        c.after(20, 300),
    )


KIRJE_ITEMS = {
    "fin": [
        "Ajantasainen kaupparekisteriote ja yhtiöjärjestys.",
        "Viimeisin vahvistettu tilinpäätös sekä tuloslaskelma ja tase kuluvalta tilikaudelta.",
        "Selvitys hankkeen rahoituksesta ja omarahoitusosuuden kattamisesta.",
        "Verovelkatodistus, joka on enintään kolme kuukautta vanha.",
        "Työsopimus tai sen luonnos sekä selvitys sovellettavasta työehtosopimuksesta.",
        "Tarkennettu kustannusarvio, josta käyvät ilmi hankinnat ja niiden ajoitus.",
        "Selvitys yrityksen saamista vähämerkityksisistä tuista kolmen viimeisen "
        "verovuoden ajalta.",
    ],
    "swe": [
        "Ett aktuellt handelsregisterutdrag och bolagsordningen.",
        "Det senaste fastställda bokslutet samt resultaträkning och balansräkning för "
        "den pågående räkenskapsperioden.",
        "En utredning om projektets finansiering och hur självfinansieringsandelen täcks.",
        "Ett skatteskuldsintyg som är högst tre månader gammalt.",
        "Arbetsavtalet eller ett utkast till det samt en utredning om tillämpligt kollektivavtal.",
        "En preciserad kostnadsberäkning som visar anskaffningarna och deras tidpunkt.",
        "En utredning om stöd av mindre betydelse som företaget fått under de tre senaste "
        "skatteåren.",
    ],
}


def build_kirje(r: random.Random, lang: str, year: int) -> DocText:
    topic = r.choice(("palkkatuki", "kehittamisavustus", "starttiraha"))
    c = topic_ctx(r, lang, year, topic)
    v = vars_of(c)
    heading = c.t("KIRJE", "BREV")
    title = c.t(f"Lisäselvityspyyntö, {v['topic']}", f"Begäran om tilläggsutredning, {v['topic']}")
    due = c.after(14, 21)
    items = r.sample(KIRJE_ITEMS[lang], r.randint(3, 5))
    receiver = c.person if topic == "starttiraha" else c.company
    body = [
        Block("lines", f"{receiver}\n{c.street}\n{c.place}"),
        *label_text(c.t("Asia", "Ärende"), title),
        Block(
            "text",
            c.t(
                f"{c.short()} on vastaanottanut {v['received']} hakemuksenne, joka koskee "
                f"{v['topic_par']}. Hakemuksen käsittelyä varten pyydämme toimittamaan "
                f"seuraavat lisäselvitykset viimeistään {d(due)}:",
                f"Den {v['received']} tog {c.short()} emot er ansökan om {v['topic']}. För "
                f"behandlingen av ansökan ber vi er lämna in följande tilläggsutredningar "
                f"senast {d(due)}:",
            ),
        ),
        Block("lines", "\n".join(numbered(items))),
    ]
    extra = [
        [
            Block(
                "text",
                c.t(
                    "Mikäli pyydettyjä selvityksiä ei toimiteta määräaikaan mennessä, hakemus ratkaistaan "
                    "käytettävissä olevien tietojen perusteella, jolloin se voidaan hylätä puutteellisena.",
                    "Om de begärda utredningarna inte lämnas in inom utsatt tid avgörs ansökan på basis av "
                    "de uppgifter som finns tillgängliga, och den kan då avslås som bristfällig.",
                ),
            )
        ],
        [
            Block(
                "text",
                c.t(
                    f"Selvitykset voi toimittaa sähköpostitse osoitteeseen {c.ag.email} tai postitse. "
                    f"Mainitkaa vastauksessa diaarinumero {c.dnro}.",
                    f"Utredningarna kan skickas per e-post till {c.ag.email} eller per post. Ange "
                    f"diarienumret {c.dnro} i svaret.",
                ),
            )
        ],
        [
            Block(
                "text",
                c.t(
                    f"{v['topic_gen'].capitalize()} käsittely jatkuu, kun selvitykset on saatu. "
                    "Käsittelyaika on tavallisesti kahdesta neljään viikkoa.",
                    f"Behandlingen av ansökan om {v['topic']} fortsätter när utredningarna har "
                    "kommit in. Behandlingstiden är i regel två till fyra veckor.",
                ),
            )
        ],
        [
            Block(
                "text",
                c.t(
                    "Huomioittehan, että hakemuksen käsittely keskeytyy, kunnes pyydetyt selvitykset on "
                    "toimitettu. Jos hanke tai työsuhde on jo alkanut, siitä on ilmoitettava erikseen, "
                    "koska tukea ei yleensä voida myöntää ennen hakemuksen vireilletuloa syntyneisiin "
                    "kustannuksiin.",
                    "Observera att behandlingen av ansökan avbryts tills de begärda utredningarna har "
                    "lämnats in. Om projektet eller anställningen redan har inletts ska detta meddelas "
                    "separat, eftersom stöd i regel inte kan beviljas för kostnader som uppkommit innan "
                    "ansökan blev anhängig.",
                ),
            )
        ],
        label_text(GENERIC_EXTRA[lang][1][0], GENERIC_EXTRA[lang][1][1].format(**v)),
    ]
    tail = [
        Block(
            "text",
            c.t(
                f"Lisätietoja antaa {c.official}, puh. {c.ag.phone}.",
                f"Ytterligare upplysningar ger {c.official}, tfn {c.ag.phone}.",
            ),
        ),
        Block("lines", c.t("Ystävällisin terveisin", "Med vänlig hälsning") + f"\n{c.official}"),
    ]
    return DocText(
        "kirje",
        lang,
        c.ag.code,
        title,
        letterhead(c, heading, c.t("Päiväys", "Datum")),
        body,
        extra,
        tail,
        running(c, heading),
        footer(c),
        c.after(20, 300),
    )


def build_poytakirja(r: random.Random, lang: str, year: int) -> DocText:
    codes = [a for a in ELY_CODES if lang == "fin" or a in SWEDISH_AGENCIES]
    c = topic_ctx(r, lang, year, "kehittamisavustus", r.choice(codes))
    heading = c.t("PÖYTÄKIRJA", "PROTOKOLL")
    n = r.randint(2, 14)
    title = c.t(f"Yritystukiryhmän kokous {n}/{year}", f"Företagsstödgruppens möte {n}/{year}")
    chair, secretary = c.chief, c.official
    members = [f"{c.name()}, {c.t('jäsen', 'medlem')}" for _ in range(r.randint(2, 4))]
    start_h = r.choice((8, 9, 10, 13))
    head = letterhead(c, heading, None)
    head.insert(3, Block("meta", title))
    body = [
        Block(
            "lines",
            "\n".join(
                [
                    f"{c.t('Aika', 'Tid')}: {d(c.day)} {c.t('klo', 'kl.')} {start_h}.00–{start_h + 2}.30",
                    f"{c.t('Paikka', 'Plats')}: {c.short()}, "
                    f"{c.t('neuvotteluhuone', 'mötesrum')} {r.choice(('Kataja', 'Kuusi', 'Saimaa', 'A214'))}",
                ]
            ),
        ),
        Block("label", c.t("Läsnä", "Närvarande")),
        Block(
            "lines",
            "\n".join(
                [
                    f"{chair}, {c.t('puheenjohtaja', 'ordförande')}",
                    *members,
                    f"{secretary}, {c.t('sihteeri', 'sekreterare')}",
                ]
            ),
        ),
        *label_text(
            c.t("1 § Kokouksen avaus", "1 § Mötets öppnande"),
            c.t(
                f"Puheenjohtaja avasi kokouksen klo {start_h}.05.",
                f"Ordföranden öppnade mötet kl. {start_h}.05.",
            ),
        ),
        *label_text(
            c.t("2 § Laillisuus ja päätösvaltaisuus", "2 § Mötets laglighet och beslutförhet"),
            c.t(
                "Kokous todettiin laillisesti koolle kutsutuksi ja päätösvaltaiseksi.",
                "Mötet konstaterades vara lagligen sammankallat och beslutfört.",
            ),
        ),
        *label_text(
            c.t("3 § Edellisen kokouksen pöytäkirja", "3 § Föregående mötes protokoll"),
            c.t(
                f"Hyväksyttiin edellisen kokouksen {d(c.before(20, 40))} pöytäkirja.",
                f"Protokollet från föregående möte {d(c.before(20, 40))} godkändes.",
            ),
        ),
        Block("label", c.t("4 § Käsiteltävät hakemukset", "4 § Ansökningar som behandlas")),
    ]
    companies = list(SV_COMPANIES if c.sv else FI_COMPANIES)
    r.shuffle(companies)
    extra = []
    for company in companies[:20]:
        applied = r.randrange(15000, 150000, 500)
        granted = applied * r.choice((0.35, 0.4, 0.5))
        dnro = c.other_dnro()
        cid = ytunnus(r)
        goal = r.choice(SV_GOALS if c.sv else FI_GOALS)
        if r.random() < 0.8:
            result = c.t(
                f"Esittelijän ehdotus: myönnetään {money(granted)} euroa. "
                "Päätös: ehdotuksen mukaisesti.",
                f"Föredragandens förslag: beviljas {money(granted)} euro. "
                "Beslut: enligt förslaget.",
            )
        else:
            result = c.t(
                "Esittelijän ehdotus: hylätään, koska hanke ei täytä avustuksen "
                "myöntämisen edellytyksiä. Päätös: ehdotuksen mukaisesti.",
                "Föredragandens förslag: avslås, eftersom projektet inte uppfyller "
                "villkoren för bidrag. Beslut: enligt förslaget.",
            )
        extra.append(
            [
                Block(
                    "text",
                    c.t(
                        f"{company}:n (Y-tunnus {cid}) hakemus, Dnro {dnro}: yrityksen kehittämisavustus "
                        f"hankkeeseen, jonka tavoitteena on {goal}. Hankkeen kustannusarvio on "
                        f"{money(applied / 0.45)} euroa. Haettu {money(applied)} euroa. {result}",
                        f"Ansökan från {company} (FO-nummer {cid}), Dnr {dnro}: utvecklingsbidrag för ett "
                        f"projekt, vars mål är att {goal}. Projektets kostnadsberäkning är "
                        f"{money(applied / 0.45)} euro. Sökt {money(applied)} euro. {result}",
                    ),
                )
            ]
        )
    tail = [
        *label_text(
            c.t("5 § Muut asiat", "5 § Övriga ärenden"),
            c.t(
                "Keskusteltiin yritystukien määrärahatilanteesta. Määrärahaa on jäljellä noin "
                f"{money(r.randrange(200000, 900000, 10000))} euroa.",
                "Diskuterades läget för anslagen för företagsstöd. Av anslaget återstår cirka "
                f"{money(r.randrange(200000, 900000, 10000))} euro.",
            ),
        ),
        *label_text(
            c.t("6 § Kokouksen päättäminen", "6 § Mötets avslutande"),
            c.t(
                f"Puheenjohtaja päätti kokouksen klo {start_h + 2}.25.",
                f"Ordföranden avslutade mötet kl. {start_h + 2}.25.",
            ),
        ),
        Block("lines", f"{chair}\n{secretary}"),
        Block(
            "sub",
            c.t(
                f"Pöytäkirja tarkastettu {d(c.after(3, 10))}.",
                f"Protokollet justerat {d(c.after(3, 10))}.",
            ),
        ),
    ]
    return DocText(
        "poytakirja",
        lang,
        c.ag.code,
        title,
        head,
        body,
        extra,
        tail,
        running(c, heading),
        footer(c),
        c.after(20, 300),
    )


# --------------------------------------------------------------------------------------------
# Builders in Finnish only: sopimus, muistio, lausunto, oikaisuvaatimus


COURTS = {"Helsinki": "Helsingin", "Turku": "Varsinais-Suomen", "Tampere": "Pirkanmaan"}


def build_sopimus(r: random.Random, lang: str, year: int) -> DocText:
    c = new_ctx(r, "fin", r.choice((*ELY_CODES, "UUDTE")), year)
    start = c.after(14, 45)
    end = date(start.year + r.choice((1, 2)), 12, 31)
    price = r.randrange(40000, 400000, 1000)
    groups = r.randint(2, 6)
    title = "Koulutuspalvelujen hankintasopimus"
    sections = [
        (
            "1. Sopijapuolet",
            f"Tilaaja on {c.ag.fin}. Palveluntuottaja on {c.company} "
            f"(Y-tunnus {c.company_id}), {c.street}, {c.place}.",
        ),
        (
            "2. Sopimuksen tarkoitus",
            "Sopimuksella tilaaja hankkii työvoimakoulutuksena "
            f"järjestettävää ammatillista koulutusta. Koulutusryhmiä on {groups}, ja kuhunkin "
            "ryhmään valitaan enintään 16 opiskelijaa. Koulutuksen tavoitteena on parantaa "
            "työttömien työnhakijoiden ammatillista osaamista ja työllistymistä.",
        ),
        (
            "3. Sopimuskausi",
            f"Sopimus on voimassa {span(start, end)}. Tilaajalla on oikeus "
            "jatkaa sopimusta yhdellä vuoden mittaisella optiokaudella, josta on ilmoitettava "
            "palveluntuottajalle kirjallisesti viimeistään kolme kuukautta ennen sopimuskauden "
            "päättymistä.",
        ),
        (
            "4. Hinta ja maksuehdot",
            f"Sopimuksen kokonaishinta on {money(price)} euroa. "
            "Palveluntuottaja laskuttaa toteutuneet koulutuspäivät kuukausittain jälkikäteen. "
            "Maksuehto on 21 päivää netto hyväksytyn laskun vastaanottamisesta.",
        ),
        (
            "5. Palvelun laatu ja seuranta",
            "Palveluntuottaja vastaa siitä, että koulutus "
            "toteutetaan tarjouksen ja tarjouspyynnön mukaisesti. Opiskelijoilta kerätään "
            "palautetta jokaisen jakson päätyttyä, ja tulokset raportoidaan tilaajalle "
            "neljännesvuosittain.",
        ),
        (
            "6. Salassapito ja tietosuoja",
            "Palveluntuottaja sitoutuu pitämään salassa "
            "opiskelijoita koskevat henkilötiedot ja käsittelemään niitä vain sopimuksen "
            "täyttämiseksi. Henkilötietojen käsittelyssä noudatetaan tietosuoja-asetusta.",
        ),
        (
            "7. Sopimuksen irtisanominen ja purkaminen",
            "Kumpikin osapuoli voi irtisanoa "
            "sopimuksen kuuden kuukauden irtisanomisajalla. Tilaajalla on oikeus purkaa sopimus, "
            "jos palveluntuottaja olennaisesti laiminlyö sopimuksen mukaiset velvoitteensa.",
        ),
        (
            "8. Erimielisyydet",
            "Sopimusta koskevat erimielisyydet pyritään ratkaisemaan "
            "neuvotteluteitse. Ellei neuvotteluissa päästä sopimukseen, asia ratkaistaan "
            f"{COURTS[c.ag.fin_city]} käräjäoikeudessa.",
        ),
        (
            "9. Alihankinta",
            "Palveluntuottaja saa käyttää alihankkijoita vain tilaajan "
            "kirjallisella suostumuksella. Palveluntuottaja vastaa alihankkijoiden työstä kuin "
            "omastaan.",
        ),
        (
            "10. Vastuu ja vakuutukset",
            "Palveluntuottajalla on oltava toiminnan laajuuteen nähden "
            "riittävä vastuuvakuutus. Opiskelijat on vakuutettava tapaturman varalta koko "
            "koulutuksen ajan, myös työssäoppimisjaksoilla.",
        ),
        (
            "11. Sopimusmuutokset",
            "Sopimukseen tehtävät muutokset on sovittava kirjallisesti. "
            "Muutokset tulevat voimaan, kun molemmat osapuolet ovat allekirjoittaneet ne.",
        ),
        (
            "12. Sopimusasiakirjat",
            "Sopimukseen sovelletaan julkisten hankintojen yleisiä "
            "sopimusehtoja palveluhankinnoissa. Jos sopimusasiakirjat ovat keskenään ristiriidassa, "
            "noudatetaan ensisijaisesti tätä sopimusta, sitten tarjouspyyntöä ja viimeisenä "
            "tarjousta.",
        ),
    ]
    body = [Block("meta", title)]
    for label, text in sections[:3]:
        body += label_text(label, text)
    extra = [label_text(label, text) for label, text in sections[3:]]
    modules = r.sample(
        [
            "Työturvallisuus ja ensiapu, 3 opintoviikkoa",
            "Alan perustehtävät ja työmenetelmät, 12 opintoviikkoa",
            "Asiakaspalvelu ja viestintä, 4 opintoviikkoa",
            "Tietotekniikan perusteet, 3 opintoviikkoa",
            "Suomen kieli työelämässä, 4 opintoviikkoa",
            "Työssäoppiminen, 10 opintoviikkoa",
            "Työnhaku ja urasuunnittelu, 2 opintoviikkoa",
        ],
        5,
    )
    extra += [
        [
            Block("label", "Liite 1. Koulutuksen sisältö"),
            Block("lines", "\n".join(numbered(modules))),
        ],
        label_text(
            "Liite 2. Raportointi",
            (
                "Palveluntuottaja toimittaa tilaajalle kunkin koulutusryhmän päätyttyä "
                "loppuraportin, josta käyvät ilmi opiskelijoiden määrä, keskeyttäneet, "
                "suoritetut tutkinnot tai tutkinnon osat sekä opiskelijoiden sijoittuminen "
                "kolmen kuukauden kuluttua koulutuksen päättymisestä."
            ),
        ),
    ]
    sign_date = d(c.before(3, 20))
    tail = [
        Block("label", "13. Allekirjoitukset"),
        Block(
            "text",
            "Sopimusta on tehty kaksi samasanaista kappaletta, yksi kummallekin osapuolelle.",
        ),
        Block(
            "lines",
            f"{c.ag.fin_city} {sign_date}\n{c.chief}\n{c.company}, {c.person}, toimitusjohtaja",
        ),
    ]
    return DocText(
        "sopimus",
        "fin",
        c.ag.code,
        title,
        letterhead(c, "SOPIMUS", "Päiväys"),
        body,
        extra,
        tail,
        running(c, "SOPIMUS"),
        footer(c),
        c.after(20, 300),
    )


def build_muistio(r: random.Random, lang: str, year: int) -> DocText:
    c = topic_ctx(r, "fin", year, "kehittamisavustus")
    v = vars_of(c)
    title = f"Tarkastuskäynti, {c.company}"
    grant = c.other_dnro(year=year - 1)
    body = [
        Block("meta", title),
        Block(
            "lines",
            f"Aika: {d(c.day)} klo 10.00–12.15\nPaikka: {c.street}, {c.place}\n"
            f"Läsnä: {c.official}, {c.person} ({c.company})",
        ),
        *label_text(
            "Tarkastuksen tarkoitus",
            (
                "Tarkastuskäynnillä selvitettiin yrityksen kehittämisavustuksen käyttöä "
                f"hankkeessa {grant}. Hankkeen tavoitteena on {v['goal']}. Avustusta on "
                f"myönnetty {v['amount']} euroa, ja hankkeen hyväksytyt kustannukset ovat "
                f"{v['cost']} euroa."
            ),
        ),
        *label_text(
            "Havainnot",
            (
                "Tarkastuksessa käytiin läpi hankkeen kirjanpito, hankintojen tarjousasiakirjat "
                "ja avustuksella hankitut laitteet. Laitteet olivat käytössä yrityksen "
                "tuotantotiloissa, ja niiden sarjanumerot vastasivat laskuja. Hankkeen "
                "kustannukset oli kirjattu erilliselle kustannuspaikalle."
            ),
        ),
    ]
    extra = [
        label_text(
            "Huomautukset",
            (
                "Yhden hankinnan osalta yritys ei ollut pyytänyt kolmea tarjousta. Yritys toimittaa "
                f"selvityksen hankinnan perusteista {d(c.after(14, 30))} mennessä."
            ),
        ),
        label_text(
            "Avustuksen maksatus",
            (
                "Avustusta on maksettu kahdessa erässä. Viimeinen maksatushakemus on jätettävä "
                "neljän kuukauden kuluessa hankkeen päättymisestä, ja siihen on liitettävä "
                "loppuraportti."
            ),
        ),
        label_text(
            "Jatkotoimenpiteet",
            (
                f"{c.short()} arvioi saatujen selvitysten perusteella, onko avustusta tarpeen "
                "periä takaisin. Tarkastuskäynnistä laaditaan tarkastuskertomus, joka toimitetaan "
                "yritykselle tiedoksi."
            ),
        ),
        label_text(
            "Kirjanpito",
            (
                "Hankkeen kirjanpidosta tarkastettiin pistokokein kymmenen tositetta. Tositteet "
                "vastasivat maksatushakemuksissa ilmoitettuja kustannuksia, ja maksut oli suoritettu "
                "yrityksen pankkitililtä."
            ),
        ),
        label_text(
            "Hankkeen eteneminen",
            (
                "Hanke on edennyt suunnitellusti. Yrityksen mukaan uusi tuotantolinja on otettu "
                "käyttöön, ja sen ansiosta tuotantokapasiteetti on kasvanut noin kolmanneksella. "
                "Hankkeen aikana yritykseen on palkattu kaksi uutta työntekijää."
            ),
        ),
    ]
    tail = [Block("lines", f"Muistion laati {c.official}")]
    return DocText(
        "muistio",
        "fin",
        c.ag.code,
        title,
        letterhead(c, "MUISTIO", "Päiväys"),
        body,
        extra,
        tail,
        running(c, "MUISTIO"),
        footer(c),
        c.after(20, 300),
    )


def build_lausunto(r: random.Random, lang: str, year: int) -> DocText:
    c = new_ctx(r, "fin", r.choice(ELY_CODES), year)
    municipality = {
        "UUDELY": ("Porvoon kaupungin", "Porvoon kaupungille"),
        "VARELY": ("Salon kaupungin", "Salon kaupungille"),
        "PIRELY": ("Nokian kaupungin", "Nokian kaupungille"),
    }[c.ag.code]
    activity = r.choice(
        (
            "metallipintojen käsittelylaitoksen",
            "betoniaseman",
            "puutavaran kyllästämön",
            "kalankasvatuslaitoksen",
        )
    )
    title = f"Lausunto {c.company}:n ympäristölupahakemuksesta"
    req = c.before(20, 50)
    body = [
        Block("meta", title),
        Block("lines", f"{municipality[0]} ympäristölautakunta\nLausuntopyyntö {d(req)}"),
        *label_text(
            "Asia",
            (
                f"{municipality[0].capitalize()} ympäristönsuojeluviranomainen on pyytänyt "
                f"ELY-keskukselta lausuntoa {c.company}:n (Y-tunnus {c.company_id}) "
                f"ympäristölupahakemuksesta, joka koskee {activity} toimintaa osoitteessa "
                f"{c.street}. Hakemus on tullut vireille {d(c.before(60, 120))}."
            ),
        ),
        *label_text(
            "ELY-keskuksen lausunto",
            (
                "ELY-keskus pitää toiminnan sijoittamista alueelle mahdollisena, mutta "
                "lupamääräyksiä on tarkennettava melun ja pölyn osalta. Lähimmät asuinrakennukset "
                "sijaitsevat noin 300 metrin etäisyydellä, joten melutasot on mitattava "
                "toiminnan alettua."
            ),
        ),
    ]
    extra = [
        label_text(
            "Vesiensuojelu",
            (
                "Hulevedet on johdettava öljynerottimen kautta, ja niiden laatua on tarkkailtava "
                "vähintään kahdesti vuodessa. Tarkkailutulokset on toimitettava valvontaviranomaisille."
            ),
        ),
        label_text(
            "Jätteet ja kemikaalit",
            (
                "Kemikaalit on varastoitava tiiviillä alustalla katetussa tilassa. Vaaralliset jätteet "
                "on toimitettava käsiteltäviksi laitokseen, jolla on ympäristölupa niiden "
                "vastaanottamiseen."
            ),
        ),
        label_text(
            "Valvonta",
            (
                "ELY-keskus esittää, että lupaan sisällytetään määräys vuosiraportoinnista. "
                f"Raportti toimitetaan {municipality[1]} ja ELY-keskukselle vuosittain helmikuun "
                "loppuun mennessä."
            ),
        ),
        label_text(
            "Luonnonsuojelu",
            (
                "Alueella tai sen välittömässä läheisyydessä ei ole luonnonsuojelualueita eikä "
                "Natura 2000 -verkostoon kuuluvia kohteita. Toiminnalla ei arvioida olevan "
                "merkittäviä vaikutuksia luonnon monimuotoisuuteen."
            ),
        ),
        label_text(
            "Liikenne",
            (
                "Raskas liikenne ohjataan alueelle maantien kautta. Liikennemäärän arvioidaan "
                "kasvavan noin kymmenellä raskaan ajoneuvon käynnillä vuorokaudessa, mikä on "
                "otettava huomioon lupamääräyksissä."
            ),
        ),
    ]
    tail = [*signature(c), Block("label", "Tiedoksi"), Block("lines", c.company)]
    return DocText(
        "lausunto",
        "fin",
        c.ag.code,
        title,
        letterhead(c, "LAUSUNTO", "Päiväys"),
        body,
        extra,
        tail,
        running(c, "LAUSUNTO"),
        footer(c),
        c.after(20, 300),
    )


def build_oikaisuvaatimus(r: random.Random, lang: str, year: int) -> DocText:
    c = topic_ctx(r, "fin", year, "palkkatuki")
    v = vars_of(c)
    dec = c.before(10, 28)
    dec_dnro = c.other_dnro()
    title = "Oikaisuvaatimus palkkatukea koskevaan päätökseen"
    head = [
        Block("org", c.company),
        Block("sub", f"{c.street}, {c.place}"),
        Block("heading", "OIKAISUVAATIMUS"),
        Block("meta", f"Päiväys {d(c.day)}"),
        Block("lines", f"{c.ag.fin}\nKirjaamo\n{c.ag.fin_post}"),
    ]
    body = [
        *label_text(
            "Päätös, johon haetaan oikaisua",
            (
                f"{c.short()}, päätös {d(dec)}, Dnro {dec_dnro}. Päätöksellä on myönnetty "
                f"palkkatukea {v['pct']} prosenttia palkkauskustannuksista ajalle {v['period']}."
            ),
        ),
        *label_text(
            "Vaatimus",
            (
                "Vaadimme, että päätöstä oikaistaan siten, että palkkatukea myönnetään 50 "
                "prosenttia palkkauskustannuksista ja tukiaika on kaksitoista kuukautta."
            ),
        ),
        *label_text(
            "Perustelut",
            (
                f"Palkattu henkilö {c.person} (henkilötunnus {c.hetu}) on ollut työttömänä "
                f"{v['unemployed']} kuukautta. Hänen osaamisensa ei vastaa tehtävän vaatimuksia, "
                "ja perehdyttäminen vie arviolta puoli vuotta. Päätöksessä ei ole otettu huomioon "
                "hakemuksessa esitettyä koulutussuunnitelmaa."
            ),
        ),
    ]
    extra = [
        label_text(
            "Lisäperustelut",
            (
                "Yrityksemme on palkannut aiemminkin palkkatuella työttömiä työnhakijoita, ja heistä "
                "useimmat ovat jatkaneet meillä toistaiseksi voimassa olevassa työsuhteessa. Lyhyt "
                "tukiaika ei anna riittävää aikaa perehdyttämiseen."
            ),
        ),
        label_text(
            "Yrityksen tilanne",
            (
                "Yrityksen tilauskanta on kasvanut, ja tarvitsemme lisää henkilöstöä. Ilman "
                "päätöksen oikaisua joudumme harkitsemaan työsuhteen ehtojen muuttamista, mikä "
                "heikentäisi palkatun henkilön mahdollisuuksia työllistyä pysyvästi."
            ),
        ),
        label_text(
            "Yhteystiedot",
            (
                f"Lisätietoja antaa yhteyshenkilömme {c.name()}, puh. 040 {r.randint(100, 999)} "
                f"{r.randint(1000, 9999)}. Pyydämme, että päätös oikaisuvaatimukseen lähetetään "
                "yrityksen osoitteeseen."
            ),
        ),
        label_text(
            "Liitteet", "Päätös, johon haetaan oikaisua, koulutussuunnitelma ja työsopimus."
        ),
    ]
    tail = [
        Block(
            "lines",
            f"{c.place.split(NB, 1)[1]} {d(c.day)}\n{c.name()}, toimitusjohtaja\n"
            f"{c.company}, Y-tunnus {c.company_id}",
        )
    ]
    return DocText(
        "oikaisuvaatimus",
        "fin",
        c.ag.code,
        title,
        head,
        body,
        extra,
        tail,
        f"{c.company}, oikaisuvaatimus {d(c.day)}",
        f"{c.company}, {c.street}, {c.place}",
        c.after(20, 300),
    )


BUILDERS: dict[str, Callable[[random.Random, str, int], DocText]] = {
    "paatos": build_paatos,
    "maksatuspaatos": build_maksatuspaatos,
    "hakemus": build_hakemus,
    "lasku": build_lasku,
    "kirje": build_kirje,
    "poytakirja": build_poytakirja,
    "sopimus": build_sopimus,
    "muistio": build_muistio,
    "lausunto": build_lausunto,
    "oikaisuvaatimus": build_oikaisuvaatimus,
}
SWEDISH_TYPES = ("paatos", "maksatuspaatos", "hakemus", "lasku", "kirje", "poytakirja")
LONG_TYPES = ("paatos", "maksatuspaatos", "hakemus", "poytakirja", "sopimus")
