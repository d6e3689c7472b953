"""Building blocks of the generated document corpus: agencies, people, topics, layout pieces.

A template (see ``metadata.corpus``) is a function of a :class:`Ctx`. The context carries one
language, one agency, one topic and a ``random.Random``; its helpers render the pieces that
Finnish ELY centres, TE offices and KEHA-keskus put on paper (letterheads, diary numbers,
dates, headings in several typographic forms, labelled fields, signatures) so that templates
stay short and differ in structure rather than in boilerplate. Everything is deterministic
for a given ``random.Random`` state.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from metadata.corpus_phrases import GENERIC, TYPE_PHRASES
from metadata.corpus_topics import FI_GOALS, LAKES, SV_GOALS, TOPICS, Topic


@dataclass(frozen=True)
class Agency:
    code: str  # diary-number prefix: UUDELY, UUDTE, KEHA
    kind: str  # ely | te | keha
    fin: str
    fin_short: str
    swe: str
    swe_short: str
    fin_city: str
    swe_city: str
    box: str  # PL/PB number and postcode


def _ely(code: str, fin_region: str, swe_region: str, cities: tuple[str, str], box: str) -> Agency:
    return Agency(
        code,
        "ely",
        f"{fin_region} elinkeino-, liikenne- ja ympäristökeskus",
        f"{fin_region} ELY-keskus",
        f"Närings-, trafik- och miljöcentralen i {swe_region}",
        f"NTM-centralen i {swe_region}",
        *cities,
        box,
    )


AGENCIES: tuple[Agency, ...] = (
    _ely("UUDELY", "Uudenmaan", "Nyland", ("Helsinki", "Helsingfors"), "36, 00521"),
    _ely("VARELY", "Varsinais-Suomen", "Egentliga Finland", ("Turku", "Åbo"), "236, 20101"),
    _ely("PIRELY", "Pirkanmaan", "Birkaland", ("Tampere", "Tammerfors"), "297, 33101"),
    _ely("EPOELY", "Etelä-Pohjanmaan", "Södra Österbotten", ("Seinäjoki", "Seinäjoki"), "77"),
    _ely("POPELY", "Pohjois-Pohjanmaan", "Norra Österbotten", ("Oulu", "Uleåborg"), "86"),
    Agency(
        "UUDTE",
        "te",
        "Uudenmaan työ- ja elinkeinotoimisto",
        "Uudenmaan TE-toimisto",
        "Arbets- och näringsbyrån i Nyland",
        "TE-byrån i Nyland",
        "Helsinki",
        "Helsingfors",
        "1000, 00521",
    ),
    Agency(
        "POHTE",
        "te",
        "Pohjanmaan työ- ja elinkeinotoimisto",
        "Pohjanmaan TE-toimisto",
        "Arbets- och näringsbyrån i Österbotten",
        "TE-byrån i Österbotten",
        "Vaasa",
        "Vasa",
        "40, 65101",
    ),
    Agency(
        "KEHA",
        "keha",
        "Elinkeino-, liikenne- ja ympäristökeskusten sekä työ- ja elinkeinotoimistojen "
        "kehittämis- ja hallintokeskus",
        "KEHA-keskus",
        "Utvecklings- och förvaltningscentret för NTM-centralerna och arbets- och näringsbyråerna",
        "UF-centret",
        "Jyväskylä",
        "Jyväskylä",
        "250, 40101",
    ),
)
# The agency as a noun inside sentences: fin nominative, genitive, ablative, allative; swe.
AGENCY_NOUN = {
    "ely": ("ELY-keskus", "ELY-keskuksen", "ELY-keskukselta", "ELY-keskukselle", "NTM-centralen"),
    "te": ("TE-toimisto", "TE-toimiston", "TE-toimistolta", "TE-toimistolle", "TE-byrån"),
    "keha": ("KEHA-keskus", "KEHA-keskuksen", "KEHA-keskukselta", "KEHA-keskukselle", "UF-centret"),
}

FI_FIRST = "Matti Anna Juha Laura Mikko Sari Timo Päivi Jukka Tiina Antti Hanna Kari Riikka Eeva"
FI_LAST = (
    "Virtanen Korhonen Mäkinen Nieminen Mäkelä Hämäläinen Laine Heikkinen Koskinen Järvinen "
    "Lehtonen Saarinen Salminen Heinonen Niemi Kinnunen Turunen Rantanen Pöyhönen Räsänen"
)
SV_FIRST = "Johan Anna Erik Maria Mikael Kristina Henrik Sofia Fredrik Ulrika Mats Åsa Malin"
SV_LAST = (
    "Lindqvist Holmström Nyberg Sjöberg Lindroos Blomqvist Grönroos Åberg Forsström Eriksson "
    "Lindholm Backman Sundström Westerlund Ekström Söderholm"
)
FI_COMPANIES = (
    "Koneistamo Virtanen Oy",
    "Rakennuspalvelu Mäkelä Oy",
    "Puusepänliike Heikkilä Ky",
    "Järvisen Kuljetus Oy",
    "Hämeen Painotalo Oy",
    "Saariston Kalatuote Oy",
    "Maatila Rantanen",
    "Tampereen Ohjelmistopaja Oy",
    "Leipomo Sokerijuuri Oy",
    "Metsäpalvelu Hyvönen Ky",
)
SV_COMPANIES = (
    "Ekenäs Snickeri Ab",
    "Pargas Båtvarv Ab",
    "Sjöbergs Trädgård Ab",
    "Borgå Elinstallation Ab",
    "Kimito Fisk Ab",
    "Nylands Maskinservice Ab",
    "Åbolands Turistservice Ab",
    "Skärgårdens Bageri Ab",
    "Östnyländska Trävaror Ab",
    "Lantgården Backman",
)
FI_TITLES = ("Ylitarkastaja", "Asiantuntija", "Erityisasiantuntija", "Tarkastaja", "Lakimies")
FI_CHIEFS = ("Yksikön päällikkö", "Palvelupäällikkö", "Rahoituspäällikkö", "Johtaja")
SV_TITLES = ("Överinspektör", "Sakkunnig", "Specialsakkunnig", "Inspektör", "Jurist")
SV_CHIEFS = ("Enhetschef", "Servicechef", "Finansieringschef", "Direktör")
FI_PLACES = ("Espoo", "Vantaa", "Porvoo", "Salo", "Rauma", "Nokia", "Kerava", "Kempele")
SV_PLACES = ("Esbo", "Vanda", "Borgå", "Ekenäs", "Pargas", "Kimito", "Närpes", "Jakobstad")
FI_STREETS = ("Teollisuuskatu", "Satamatie", "Kauppakatu", "Pajatie", "Myllytie", "Rantatie")
SV_STREETS = ("Industrigatan", "Strandvägen", "Köpmansgatan", "Hamngatan", "Kvarnvägen")
FI_JOBS = ("koneistaja", "myyntisihteeri", "varastotyöntekijä", "kokki", "asentaja", "hitsaaja")
SV_JOBS = ("maskinarbetare", "försäljningssekreterare", "lagerarbetare", "kock", "montör")
# Finnish month stems; the genitive-partitive date form appends "kuuta".
FI_MONTHS: tuple[str, ...] = ("tammi", "helmi", "maalis", "huhti", "touko", "kesä")
FI_MONTHS += ("heinä", "elo", "syys", "loka", "marras", "joulu")
SV_MONTHS = "januari februari mars april maj juni juli augusti september oktober november december"


def money(x: float) -> str:
    """Finnish amount format: thin groups of three with a blank, decimal comma."""
    whole, cents = f"{x:.2f}".split(".")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{' '.join(groups)},{cents}"


@dataclass
class Ctx:
    """One document being generated: language, agency, topic, people, and a random source."""

    r: random.Random
    lang: str
    ag: Agency
    topic: Topic
    day: date
    dnro: str
    v: dict[str, str] = field(default_factory=dict)
    label_style: str = "colon"

    @property
    def sv(self) -> bool:
        return self.lang == "swe"

    def t(self, fin: str, swe: str, **extra: str) -> str:
        """The string for this document's language, ``{placeholders}`` filled from v/extra."""
        return (swe if self.sv else fin).format_map({**self.v, **extra})

    def pick(self, *alts: str) -> str:
        return self.r.choice(alts)

    def tp(self, *pairs: tuple[str, str]) -> str:
        """One of several (fin, swe) alternatives, in this document's language."""
        return self.t(*self.r.choice(pairs))

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def name(self) -> str:
        first, last = (SV_FIRST, SV_LAST) if self.sv else (FI_FIRST, FI_LAST)
        return f"{self.r.choice(first.split())} {self.r.choice(last.split())}"

    def datestr(self, x: date | None = None, style: str | None = None) -> str:
        """A date as written in letters: 12.3.2017, 12.03.2017, 12. maaliskuuta 2017."""
        x = x or self.day
        style = style or self.pick("num", "num", "num", "zero", "long")
        if style == "zero":
            return f"{x.day:02d}.{x.month:02d}.{x.year}"
        if style == "long":
            if self.sv:
                return f"{x.day} {SV_MONTHS.split()[x.month - 1]} {x.year}"
            return f"{x.day}. {FI_MONTHS[x.month - 1]}kuuta {x.year}"
        return f"{x.day}.{x.month}.{x.year}"

    def before(self, lo: int, hi: int) -> date:
        return self.day - timedelta(days=self.r.randint(lo, hi))

    def after(self, lo: int, hi: int) -> date:
        return self.day + timedelta(days=self.r.randint(lo, hi))

    def other_dnro(self, code: str | None = None) -> str:
        year = self.day.year - self.r.choice((0, 0, 1))
        return f"{code or self.ag.code}/{self.r.randint(40, 14000)}/{year}"

    # ---- layout pieces -------------------------------------------------------------------

    def org(self, full: bool | None = None) -> str:
        """The agency name as in a letterhead, full or short."""
        full = self.chance(0.6) if full is None else full
        if full:
            return self.ag.swe if self.sv else self.ag.fin
        return self.ag.swe_short if self.sv else self.ag.fin_short

    def unit(self) -> str:
        return self.t(*self.topic.unit)

    def heading(self, word: str, styles: str = "uut") -> str:
        """``word`` as a heading: u = UPPER, t = Title, s = l e t t e r - s p a c e d, n = none."""
        style = self.pick(*styles)
        if style == "n":
            return ""
        if style == "s":
            return " ".join(word.upper())
        if style == "t":
            return word[:1].upper() + word[1:].lower()
        return word.upper()

    def diary(self, label: bool = True) -> str:
        if not label:
            return self.dnro
        fin = self.pick("Dnro", "Dnro", "Diaarinumero", "Dnro:")
        swe = self.pick("Dnr", "Dnr", "Diarienummer", "Dnr:")
        return f"{swe if self.sv else fin} {self.dnro}"

    def dated(self) -> str:
        """Place and date, as on the first page or above a signature."""
        city = self.ag.swe_city if self.sv else self.ag.fin_city
        if self.sv and self.chance(0.5):
            return f"{city} den {self.datestr(style='long')}"
        return f"{city} {self.datestr()}"

    def field(self, label: str, value: str) -> str:
        """A labelled field in this document's label style (colon, own line, or tab column)."""
        if self.label_style == "newline":
            return f"{label}\n{value}"
        if self.label_style == "tab":
            return f"{label}\t\t{value}"
        return f"{label}: {value}"

    def address(self, receiver: str | None = None) -> str:
        receiver = receiver or self.v["company"]
        return f"{receiver}\n{self.v['street']}\n{self.v['postal']}"

    def agency_address(self) -> str:
        box = self.t("PL {box}", "PB {box}", box=self.ag.box)
        city = self.ag.swe_city if self.sv else self.ag.fin_city
        return f"{self.org(True)}\n{self.t('Kirjaamo', 'Registratur')}\n{box} {city}"

    def footer(self) -> str:
        box = self.t("PL {box}", "PB {box}", box=self.ag.box)
        tel = self.t("puh.", "tfn")
        site = {"ely": "ely-keskus.fi", "te": "te-palvelut.fi", "keha": "keha-keskus.fi"}
        mail = f"kirjaamo@{site[self.ag.kind]}"
        return self.pick(
            f"{self.org(False)} | {box} | {tel} 0295 0{self.r.randint(10, 99)} 000 | {mail}",
            f"www.{site[self.ag.kind]}\n{tel} 0295 0{self.r.randint(10, 99)} 000",
            f"{box}  {mail}  {self.t('Y-tunnus', 'FO-nummer')} 2296962-1",
        )

    def signature(self, two: bool | None = None) -> str:
        """Decision-maker and presenter, or one official; sometimes an e-signature note."""
        two = self.chance(0.5) if two is None else two
        if two:
            first = f"{self.v['chief']}\n{self.v['chief_title'].lower()}"
            second = f"{self.v['official']}\n{self.v['official_title'].lower()}"
            if self.chance(0.5):
                first = (
                    self.t("Ratkaisija", "Avgjord av")
                    + f"\t{self.v['chief_title']} "
                    + (self.v["chief"])
                )
                second = self.t("Esittelijä", "Föredragande") + (
                    f"\t{self.v['official_title']} {self.v['official']}"
                )
            text = f"{first}\n\n{second}"
        else:
            text = self.pick(
                f"{self.v['official_title']} {self.v['official']}",
                f"{self.v['official']}\n{self.v['official_title']}",
            )
        if self.chance(0.3):
            text += "\n" + self.tp(
                (
                    "Asiakirja on allekirjoitettu sähköisesti.",
                    "Handlingen är elektroniskt signerad.",
                ),
                ("Päätös on hyväksytty sähköisesti.", "Beslutet har godkänts elektroniskt."),
            )
        return text

    def stock(self, doc_type: str, most: int = 2) -> str:
        """Up to ``most`` stock phrases of ``doc_type`` as a paragraph, sometimes followed by a
        generic one; may be empty."""
        bank = TYPE_PHRASES[doc_type]
        chosen = self.r.sample(bank, self.r.randint(0, min(most, len(bank))))
        text = " ".join(self.t(*p) for p in chosen)
        if self.chance(0.35):
            text = (text + "\n\n" if text else "") + self.t(*self.r.choice(GENERIC))
        return text

    def email_header(self, sender: str, receiver: str, subject: str) -> str:
        """The header block of a printed e-mail."""
        sent = f"{self.datestr(style='num')} {self.r.randint(7, 17)}.{self.r.randint(10, 59)}"
        labels = ("Lähettäjä", "Lähetetty", "Vastaanottaja", "Aihe")
        if self.sv:
            labels = ("Från", "Skickat", "Till", "Ämne")
        values = (sender, sent, receiver, subject)
        return "\n".join(f"{k}: {v}" for k, v in zip(labels, values, strict=True))

    def closing(self) -> str:
        return self.tp(
            ("Ystävällisin terveisin", "Med vänlig hälsning"),
            ("Kunnioittavasti", "Med vänliga hälsningar"),
            ("Terveisin", "Vänliga hälsningar"),
        )

    def contact(self) -> str:
        return self.tp(
            (
                "Lisätietoja antaa {official}, puh. {phone}.",
                "Närmare upplysningar ger {official}, tfn {phone}.",
            ),
            (
                "Lisätietoja: {official_title} {official}, {phone}, {email}",
                "Ytterligare information: {official_title} {official}, {phone}, {email}",
            ),
        )


def join(*blocks: str) -> str:
    """Blocks of a document, separated by blank lines; empty blocks are left out."""
    return "\n\n".join(b for b in blocks if b)


def lines(*rows: str) -> str:
    return "\n".join(r for r in rows if r)


def numbered(items: list[str], style: str = "1.") -> str:
    """``1. item`` rows (style '1.'), ``1) item`` (style '1)') or ``- item`` (style '-')."""
    if style == "-":
        return "\n".join(f"- {x}" for x in items)
    mark = style[-1]
    return "\n".join(f"{i}{mark} {x}" for i, x in enumerate(items, 1))


def new_ctx(r: random.Random, lang: str, topic_key: str) -> Ctx:
    """A fresh document context for ``topic_key`` in ``lang`` (fin or swe)."""
    topic = TOPICS[topic_key]
    ag = r.choice([a for a in AGENCIES if a.kind in topic.kinds])
    year = r.randint(2010, 2024)
    day = date(year, r.randint(1, 12), r.randint(1, 28))
    dnro = f"{ag.code}/{r.randint(40, 14000)}/{year}"
    if r.random() < 0.25:
        dnro = f"{ag.code}/{r.randint(40, 9000)}/{r.choice(('07.00', '07.01', '05.02'))}/{year}"
    c = Ctx(
        r, lang, ag, topic, day, dnro, label_style=r.choice(("colon", "colon", "newline", "tab"))
    )
    sv = lang == "swe"
    start = day + timedelta(days=r.randint(10, 40))
    end = start + timedelta(days=r.choice((180, 240, 300, 365)))
    cost = r.randrange(24000, 180000, 500)
    pct = r.choice((30, 40, 50))
    official_title = r.choice(SV_TITLES if sv else FI_TITLES)
    chief_title = r.choice(SV_CHIEFS if sv else FI_CHIEFS)
    c.v.update(
        {
            "short": ag.swe_short if sv else ag.fin_short,
            "company": r.choice(SV_COMPANIES if sv else FI_COMPANIES),
            "company_id": f"{r.randint(100000, 3299999):07d}-{r.randint(0, 9)}",
            "person": c.name(),
            "official": c.name(),
            "official_title": official_title,
            "chief": c.name(),
            "chief_title": chief_title,
            "street": f"{r.choice(SV_STREETS if sv else FI_STREETS)} {r.randint(1, 40)}",
            "place": r.choice(SV_PLACES if sv else FI_PLACES),
            "period": f"{c.datestr(start, 'num')}–{c.datestr(end, 'num')}",
            "start": c.datestr(start, "num"),
            "end": c.datestr(end, "num"),
            "pct": str(pct),
            "cap": money(r.choice((1400, 1400, 1800))),
            "amount": money(cost * pct / 100),
            "cost": money(cost),
            "daily": money(r.choice((32.40, 32.66, 33.78))),
            "job": r.choice(SV_JOBS if sv else FI_JOBS),
            "goal": r.choice(SV_GOALS if sv else FI_GOALS),
            "estate": f"{r.randint(5, 990):03d}-{r.randint(400, 450)}-{r.randint(1, 30)}-"
            f"{r.randint(1, 200)}",
            "road": str(r.randint(110, 18999)),
            "lake": r.choice(LAKES),
            "phone": f"0295 0{r.randint(10, 99)} {r.randint(100, 999)}",
            "email": "etunimi.sukunimi@"
            + ("te-toimisto.fi" if ag.kind == "te" else "ely-keskus.fi"),
            "received": c.datestr(day - timedelta(days=r.randint(14, 90)), "num"),
            "year": str(year),
        }
    )
    nouns = AGENCY_NOUN[ag.kind]
    if sv:
        c.v.update(agency=nouns[4], agency_gen=nouns[4] + "s", agency_abl=nouns[4])
        c.v["agency_all"] = nouns[4]
    else:
        c.v.update(agency=nouns[0], agency_gen=nouns[1], agency_abl=nouns[2])
        c.v["agency_all"] = nouns[3]
    c.v["Agency"] = c.v["agency"][:1].upper() + c.v["agency"][1:]
    c.v["law_short"] = c.t(*topic.law).split("(")[0].strip()
    c.v["postal"] = f"{r.randint(100, 99999):05d} {c.v['place']}"
    c.v["dnro"] = dnro
    nom, gen, par, swe = topic.noun
    c.v.update(noun=swe if sv else nom, noun_gen=swe if sv else gen, noun_par=swe if sv else par)
    c.v["subject"] = c.t(*topic.subject)
    c.v["applied"] = c.t(*topic.applied)
    c.v["decided"] = c.t(*topic.decided)
    c.v["applicant"] = c.v["person"] if topic.person else c.v["company"]
    c.v["law"] = c.t(*topic.law)
    return c


Builder = Callable[[Ctx], str]


@dataclass(frozen=True)
class TemplateSpec:
    """A bilingual template: ``build(ctx)`` renders one document in ``ctx.lang``."""

    doc_type: str
    index: int
    topics: tuple[str, ...]
    build: Builder
