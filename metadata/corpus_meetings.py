"""Generated-corpus templates: minutes and memoranda.

Each builder renders one document of its type in ``c.lang`` (fin or swe); minutes of board
meetings, extracts, inspections, negotiations and tender openings beside meeting, background,
telephone, visit and presentation memos (the memo-versus-minutes hard case).
"""

from __future__ import annotations

from metadata.corpus_base import (
    Ctx,
    TemplateSpec,
    join,
    lines,
    numbered,
)
from metadata.corpus_topics import DECISION_TOPICS, GRANT_TOPICS, PAYMENT_TOPICS, PERMIT_TOPICS


def group_name(c: Ctx) -> str:
    return c.tp(
        ("Yritystukiryhmä", "Företagsstödgruppen"),
        ("Johtoryhmä", "Ledningsgruppen"),
        ("Ohjausryhmä", "Styrgruppen"),
        ("Yhteistyöryhmä", "Samarbetsgruppen"),
    )


def meeting_time(c: Ctx) -> str:
    h = c.r.choice((8, 9, 10, 13, 14))
    return f"{c.datestr(style='num')} {c.t('klo', 'kl.')} {h}.00–{h + 2}.{c.r.choice(('00', '30'))}"


def _attendees(c: Ctx) -> str:
    chair = c.v["chief"] + ", " + c.t("puheenjohtaja", "ordförande")
    members = [c.name() + ", " + c.t("jäsen", "medlem") for _ in range(c.r.randint(2, 4))]
    secretary = c.v["official"] + ", " + c.t("sihteeri", "sekreterare")
    return lines(chair, *members, secretary)


def poytakirja_meeting(c: Ctx) -> str:
    """Board minutes with § items: opening, quorum, scrutineers, a matter, closing."""
    n = c.r.randint(1, 14)
    first = c.r.randint(1, 60)
    items = [
        (
            c.t("Kokouksen avaus", "Mötets öppnande"),
            c.t("Puheenjohtaja avasi kokouksen.", "Ordföranden öppnade mötet."),
        ),
        (
            c.t("Laillisuus ja päätösvaltaisuus", "Laglighet och beslutförhet"),
            c.t(
                "Kokous todettiin lailliseksi ja päätösvaltaiseksi.",
                "Mötet konstaterades vara lagligt och beslutfört.",
            ),
        ),
        (
            c.t("Pöytäkirjan tarkastajat", "Val av protokolljusterare"),
            c.t("Pöytäkirjan tarkastajiksi valittiin ", "Till protokolljusterare valdes ")
            + c.name()
            + c.t(" ja ", " och ")
            + c.name()
            + ".",
        ),
        (
            c.v["subject"],
            c.t(
                "Esitys: hyväksytään hakemus ({applicant}).\nPäätös: Hyväksyttiin esityksen "
                "mukaisesti.",
                "Förslag: ansökan av {applicant} godkänns.\nBeslut: Godkändes enligt förslaget.",
            ),
        ),
        (
            c.t("Muut asiat", "Övriga ärenden"),
            c.t("Muita asioita ei ollut.", "Inga övriga ärenden."),
        ),
        (
            c.t("Kokouksen päättäminen", "Mötets avslutande"),
            c.t("Puheenjohtaja päätti kokouksen.", "Ordföranden avslutade mötet."),
        ),
    ]
    body = [f"§ {first + i} {label}\n{text}" for i, (label, text) in enumerate(items)]
    return join(
        lines(c.org(), c.heading(c.t("Pöytäkirja", "Protokoll"), "uuts") + f" {n}/{c.day.year}"),
        c.t("{group}n kokous", "{group}s möte", group=group_name(c)),
        lines(
            c.field(c.t("Aika", "Tid"), meeting_time(c)),
            c.field(c.t("Paikka", "Plats"), c.t("{short}, neuvotteluhuone", "{short}, mötesrum")),
        ),
        c.field(c.t("Läsnä", "Närvarande"), _attendees(c)),
        *body,
        c.t("Pöytäkirjan vakuudeksi", "In fidem"),
        lines(
            c.v["chief"] + "\t" + c.v["official"],
            c.t("puheenjohtaja\tsihteeri", "ordförande\tsekreterare"),
        ),
        c.t("Pöytäkirja tarkastettu ", "Protokollet justerat ") + c.datestr(c.after(2, 9), "num"),
    )


def poytakirja_extract(c: Ctx) -> str:
    """An extract of one § of minutes, certified by the secretary."""
    n = c.r.randint(1, 80)
    return join(
        lines(c.org(), c.heading(c.t("Pöytäkirjanote", "Protokollsutdrag"), "uut")),
        lines(c.t("{group} ", "{group} ", group=group_name(c)) + c.datestr(), c.diary()),
        f"§ {n}\t{c.v['subject']}",
        c.field(
            c.t("Asian esittely", "Föredragning"),
            c.t(
                "{applicant} on hakenut {applied}.",
                "{applicant} har ansökt om {applied}.",
            ),
        ),
        c.field(c.t("Esittelijä", "Föredragande"), c.v["official"]),
        c.field(c.t("Esitys", "Förslag"), c.v["decided"] + "."),
        c.field(c.t("Päätös", "Beslut"), c.t("Esitys hyväksyttiin.", "Förslaget godkändes.")),
        c.t("Otteen oikeaksi todistaa", "Utdragets riktighet intygar"),
        lines(c.name(), c.t("sihteeri", "sekreterare")),
    )


def poytakirja_inspection(c: Ctx) -> str:
    """Inspection minutes: object, time, attendees, observations, measures, signatures."""
    findings = c.r.sample(
        [
            c.t("Lantala on tiivis ja kunnossa.", "Gödselstaden är tät och i gott skick."),
            c.t(
                "Jätevesien käsittely on puutteellinen.",
                "Avloppsvattenbehandlingen är bristfällig.",
            ),
            c.t(
                "Laituri on rakennettu suunnitelman mukaisesti.",
                "Bryggan har byggts enligt planen.",
            ),
            c.t("Liittymän näkemäalue on riittävä.", "Anslutningens siktområde är tillräckligt."),
            c.t("Kirjanpito on ajan tasalla.", "Bokföringen är à jour."),
        ],
        3,
    )
    return join(
        lines(c.org(), c.unit()),
        c.heading(
            c.pick(
                c.t("Tarkastuspöytäkirja", "Granskningsprotokoll"),
                c.t("Katselmuspöytäkirja", "Syneprotokoll"),
            ),
            "tu",
        ),
        lines(
            c.field(c.t("Tarkastuskohde", "Objekt"), f"{c.v['applicant']}, {c.v['estate']}"),
            c.field(c.t("Ajankohta", "Tidpunkt"), meeting_time(c)),
            c.field(c.t("Tarkastaja", "Inspektör"), c.v["official"]),
            c.field(c.t("Paikalla olleet", "Närvarande"), f"{c.v['person']}, {c.name()}"),
        ),
        c.field(c.t("Havainnot", "Iakttagelser"), numbered(findings)),
        c.field(
            c.t("Toimenpiteet", "Åtgärder"),
            c.t(
                "Puutteet on korjattava {end} mennessä. Korjauksista ilmoitetaan tarkastajalle.",
                "Bristerna ska åtgärdas före {end}. Inspektören ska underrättas om åtgärderna.",
            ),
        ),
        c.t("Pöytäkirja on luettu ja hyväksytty.", "Protokollet har upplästs och godkänts."),
        lines(c.v["official"] + "\t" + c.v["person"]),
    )


def poytakirja_negotiation(c: Ctx) -> str:
    """Minutes of a staff negotiation: parties, numbered points, 'todettiin'/'sovittiin'."""
    return join(
        c.pick(
            c.heading(c.t("Neuvottelupöytäkirja", "Förhandlingsprotokoll"), "ut"),
            lines(
                c.heading(c.t("Pöytäkirja", "Protokoll"), "ut"),
                c.t("Yhteistoimintaneuvottelu", "Samarbetsförhandling"),
            ),
        ),
        c.org(False),
        lines(
            c.field(c.t("Aika", "Tid"), meeting_time(c)),
            c.field(c.t("Paikka", "Plats"), c.t("Teams-kokous", "Teams-möte")),
        ),
        c.field(
            c.t("Neuvottelun osapuolet", "Förhandlingsparter"),
            lines(
                c.t("Työnantajan edustajat: ", "Arbetsgivarens företrädare: ") + c.v["chief"],
                c.t("Henkilöstön edustajat: ", "Personalens företrädare: ") + c.name(),
            ),
        ),
        numbered(
            [
                c.t("Neuvottelun avaus", "Förhandlingen öppnas"),
                c.t(
                    "Käsiteltävä asia: tehtävien uudelleenjärjestely",
                    "Ärende: omorganisering av uppgifterna",
                ),
                c.t(
                    "Todettiin, että muutos koskee kuutta henkilöä.",
                    "Konstaterades att ändringen gäller sex personer.",
                ),
                c.t(
                    "Sovittiin, että henkilöstöä kuullaan ennen päätöksentekoa.",
                    "Överenskoms att personalen hörs innan beslut fattas.",
                ),
                c.t("Neuvottelun päättäminen", "Förhandlingen avslutas"),
            ]
        ),
        c.t("Pöytäkirjan vakuudeksi", "Protokollet bestyrks"),
        lines(c.v["chief"], c.name()),
    )


def poytakirja_opening(c: Ctx) -> str:
    """Minutes of opening the tenders of a procurement: bidders as rows, who was present."""
    bidders = [c.v["company"], *(c.r.sample(_BIDDERS, c.r.randint(1, 3)))]
    return join(
        lines(c.org(), c.heading(c.t("Avauspöytäkirja", "Öppningsprotokoll"), "tu"), c.diary()),
        c.field(c.t("Hankinta", "Upphandling"), c.v["subject"]),
        lines(
            c.field(c.t("Aika", "Tid"), meeting_time(c)),
            c.field(c.t("Läsnä", "Närvarande"), f"{c.v['official']}, {c.name()}"),
        ),
        c.t(
            "Todettiin, että tarjousten jättämisen määräaikaan mennessä saapui {n} tarjousta:",
            "Konstaterades att {n} anbud hade kommit in inom anbudstiden:",
            n=str(len(bidders)),
        ),
        numbered([f"{b}\t{c.datestr(c.before(1, 3), 'num')}" for b in bidders]),
        c.t(
            "Tarjoukset avattiin ja merkittiin tähän pöytäkirjaan.",
            "Anbuden öppnades och antecknades i detta protokoll.",
        ),
        c.t("Pöytäkirjan vakuudeksi", "Protokollet bestyrks"),
        lines(c.v["official"] + "\t" + c.name()),
    )


_BIDDERS = ("Kielipalvelu Oy", "Tulkkikeskus Ab", "Nordic Interpreting Oy", "Lingua Ab")


def muistio_presentation(c: Ctx) -> str:
    """A presentation memo for a coming decision: proposal, grounds, consequences."""
    return join(
        lines(
            c.org(False),
            c.heading(c.t("Esittelymuistio", "Föredragningspromemoria"), "tu"),
            c.datestr(),
        ),
        c.field(c.t("Asia", "Ärende"), c.v["subject"]),
        c.field(
            c.t("Esitys", "Förslag"),
            c.t(
                "Esitetään, että asia ratkaistaan hakemuksen mukaisesti.",
                "Det föreslås att ärendet avgörs i enlighet med ansökan.",
            ),
        ),
        c.field(
            c.t("Tausta", "Bakgrund"),
            c.t(
                "{applicant} on hakenut {applied}. Hakemus on käsitelty yksikössä.",
                "{applicant} har ansökt om {applied}. Ansökan har behandlats vid enheten.",
            ),
        ),
        c.field(
            c.t("Arvio", "Bedömning"),
            c.t(
                "Muistion laatijan arvion mukaan edellytykset täyttyvät.",
                "Enligt promemorians uppgörare uppfylls förutsättningarna.",
            ),
        ),
        c.field(c.t("Valmistelija", "Beredare"), f"{c.v['official']}, {c.v['phone']}"),
    )


def muistio_meeting(c: Ctx) -> str:
    """Meeting memo: time, place, participants, discussion points, no § and no decisions."""
    return join(
        lines(c.heading(c.t("Muistio", "Promemoria"), "uuts"), c.datestr()),
        c.t("{group}n tapaaminen", "{group}s möte", group=group_name(c)),
        lines(
            c.field(c.t("Aika", "Tid"), meeting_time(c)),
            c.field(c.t("Paikka", "Plats"), c.pick("Teams", c.t("{short}", "{short}"))),
        ),
        c.field(
            c.t("Osallistujat", "Deltagare"),
            ", ".join([c.v["chief"], c.v["official"], c.name(), c.name()]),
        ),
        numbered(
            [
                c.t(
                    "Tilannekatsaus. Keskusteltiin {noun_gen} hakemusten käsittelytilanteesta.",
                    "Lägesöversikt. Diskuterades läget i behandlingen av ansökningar om {noun}.",
                ),
                c.t(
                    "Todettiin, että käsittelyajat ovat pidentyneet.",
                    "Det konstaterades att behandlingstiderna har blivit längre.",
                ),
                c.t(
                    "Sovittiin, että ohjeistusta päivitetään.",
                    "Man kom överens om att anvisningarna uppdateras.",
                ),
                c.t("Seuraava tapaaminen ", "Nästa möte ") + c.datestr(c.after(14, 40), "num"),
            ]
        ),
        c.t("Muistion laati ", "Promemorian uppgjord av ") + c.v["official"],
    )


def muistio_background(c: Ctx) -> str:
    """Background memorandum: drafter, subject, background, current state, proposal."""
    return join(
        lines(
            c.org(),
            c.heading(c.pick(c.t("Muistio", "Promemoria"), c.t("Taustamuistio", "PM")), "uut"),
            c.datestr(),
        ),
        c.field(c.t("Valmistelija", "Beredare"), c.v["official"]),
        c.field(c.t("Asia", "Ärende"), c.v["subject"]),
        c.field(
            c.t("Tausta", "Bakgrund"),
            c.t(
                "{noun_gen} hakemusmäärät ovat kasvaneet viime vuosina selvästi.",
                "Antalet ansökningar om {noun} har ökat tydligt under de senaste åren.",
            ),
        ),
        c.field(
            c.t("Nykytila", "Nuläge"),
            c.t(
                "Käsittelyssä on noin {n} hakemusta, ja keskimääräinen käsittelyaika on kahdeksan "
                "viikkoa.",
                "Cirka {n} ansökningar är under behandling och den genomsnittliga "
                "behandlingstiden är åtta veckor.",
                n=str(c.r.randint(40, 900)),
            ),
        ),
        c.field(
            c.t("Ehdotus", "Förslag"),
            c.t(
                "Ehdotetaan, että käsittelyä keskitetään ja resursseja lisätään.",
                "Det föreslås att behandlingen centraliseras och resurserna utökas.",
            ),
        ),
        c.field(
            c.t("Vaikutukset", "Konsekvenser"),
            c.t("Käsittelyajat lyhenisivät.", "Behandlingstiderna skulle förkortas."),
        ),
    )


def muistio_phone(c: Ctx) -> str:
    """Note of a telephone call, in the first person."""
    return join(
        lines(
            c.heading(
                c.pick(c.t("Puhelinmuistio", "Telefonpromemoria"), c.t("Muistio", "PM")), "tu"
            ),
            f"{c.datestr()} {c.t('klo', 'kl.')} {c.r.randint(8, 15)}.{c.r.randint(10, 59)}",
        ),
        c.field(c.t("Soittaja", "Den som ringde"), c.v["applicant"]),
        c.field(c.t("Asia", "Ärende"), c.v["subject"]),
        c.t(
            "{person} soitti ja kysyi hakemuksen käsittelytilannetta. Kerroin, että hakemus on "
            "käsittelyssä ja siitä puuttuu vielä liitteitä. Sovittiin, että hakija toimittaa "
            "puuttuvat liitteet sähköpostitse.",
            "{person} ringde och frågade hur behandlingen av ansökan framskrider. Jag berättade "
            "att ansökan behandlas och att bilagor ännu saknas. Vi kom överens om att sökanden "
            "skickar de bilagor som saknas per e-post.",
        ),
        c.v["official"],
    )


def muistio_visit(c: Ctx) -> str:
    """Memo of a company visit with bullet points and follow-up."""
    return join(
        lines(
            c.org(),
            c.pick(
                c.t("Yrityskäynnin muistio", "Promemoria över företagsbesök"),
                c.t("Yrityskäynti, {company}", "Företagsbesök, {company}")
                + "\n"
                + c.heading(c.t("Muistio", "Promemoria"), "ut"),
            ),
        ),
        lines(
            c.field(c.t("Käynnin ajankohta", "Tidpunkt för besöket"), meeting_time(c)),
            c.field(c.t("Yrityksen edustajat", "Företagets representanter"), c.name()),
            c.field(c.t("{short}", "{short}"), c.v["official"]),
        ),
        c.t("Keskustelussa esille tulleet asiat:", "Frågor som togs upp:"),
        numbered(
            [
                c.t(
                    "Yrityksen tilauskanta on hyvä ja henkilöstöä on {n}.",
                    "Företagets orderstock är god och personalen uppgår till {n}.",
                    n=str(c.r.randint(3, 80)),
                ),
                c.t(
                    "Yritys suunnittelee investointia ja on kiinnostunut {noun_gen} hakemisesta.",
                    "Företaget planerar en investering och är intresserat av att ansöka om {noun}.",
                ),
                c.t(
                    "Kerrottiin rahoitusmahdollisuuksista.",
                    "Finansieringsmöjligheterna presenterades.",
                ),
            ],
            "-",
        ),
        c.field(
            c.t("Jatkotoimenpiteet", "Fortsatta åtgärder"),
            c.t("Yritys ottaa yhteyttä tarvittaessa.", "Företaget tar kontakt vid behov."),
        ),
    )


SPECS: tuple[TemplateSpec, ...] = (
    TemplateSpec("poytakirja", 1, (*GRANT_TOPICS, "hankinta"), poytakirja_meeting),
    TemplateSpec("poytakirja", 2, (*GRANT_TOPICS, *PERMIT_TOPICS), poytakirja_extract),
    TemplateSpec("poytakirja", 3, (*PERMIT_TOPICS, "maatalous"), poytakirja_inspection),
    TemplateSpec("poytakirja", 4, ("henkilosto",), poytakirja_negotiation),
    TemplateSpec("poytakirja", 5, ("hankinta",), poytakirja_opening),
    TemplateSpec("muistio", 1, DECISION_TOPICS, muistio_meeting),
    TemplateSpec("muistio", 2, DECISION_TOPICS, muistio_background),
    TemplateSpec("muistio", 3, (*GRANT_TOPICS, *PERMIT_TOPICS), muistio_phone),
    TemplateSpec("muistio", 4, PAYMENT_TOPICS, muistio_visit),
    TemplateSpec("muistio", 5, DECISION_TOPICS, muistio_presentation),
)
