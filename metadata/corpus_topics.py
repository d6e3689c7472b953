"""Subject matters of the generated corpus, in Finnish and Swedish (see ``metadata.corpus``).

Each topic names what an applicant asks for and what the agency decides, with the compound
headings real documents use ("Avustuspäätös", "Ympäristölupahakemus"), the statute applied and
the agencies that handle it. Strings may contain ``{placeholders}`` filled from ``Ctx.v``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    """One subject matter, in both languages. Strings may contain ``{placeholders}`` of Ctx.v."""

    key: str
    kinds: tuple[str, ...]  # agency kinds that handle it
    unit: tuple[str, str]  # responsibility area (fin, swe)
    subject: tuple[str, str]  # the 'Asia' line
    noun: tuple[str, str, str, str]  # fin nominative, genitive, partitive; swe indefinite
    decision: tuple[str, str]  # compound heading of a decision
    application: tuple[str, str]  # compound heading of an application
    applied: tuple[str, str]  # what the applicant asks for (a clause)
    decided: tuple[str, str]  # what the agency decides (a main clause)
    law: tuple[str, str]
    person: bool = False  # applicant is a private person


_EA = ("Elinkeinot, työvoima ja osaaminen -vastuualue", "Ansvarsområdet för näringar och kompetens")
_YA = ("Ympäristö ja luonnonvarat -vastuualue", "Ansvarsområdet för miljö och naturresurser")
_LA = ("Liikenne ja infrastruktuuri -vastuualue", "Ansvarsområdet för trafik och infrastruktur")
_HA = ("Hallintopalvelut", "Förvaltningstjänster")

TOPICS: dict[str, Topic] = {
    t.key: t
    for t in (
        Topic(
            "palkkatuki",
            ("te", "keha"),
            ("Työnantajapalvelut", "Arbetsgivartjänster"),
            (
                "Palkkatuki työttömän työnhakijan palkkaamiseen",
                "Lönesubvention för anställning av en arbetslös arbetssökande",
            ),
            ("palkkatuki", "palkkatuen", "palkkatukea", "lönesubvention"),
            ("Palkkatukipäätös", "Beslut om lönesubvention"),
            ("Palkkatukihakemus", "Ansökan om lönesubvention"),
            (
                "palkkatukea {job}-tehtävään palkattavan henkilön ({person}) palkkauskustannuksiin "
                "ajalle {period}",
                "lönesubvention för lönekostnaderna för {person}, som anställs som {job}, "
                "för tiden {period}",
            ),
            (
                "{Agency} myöntää hakijalle palkkatukea {pct} prosenttia palkkauskustannuksista, "
                "enintään {cap} euroa kuukaudessa ajalle {period}",
                "{Agency} beviljar {company} lönesubvention som utgör {pct} procent av "
                "lönekostnaderna, högst {cap} euro i månaden för tiden {period}",
            ),
            (
                "Laki julkisesta työvoima- ja yrityspalvelusta (916/2012) 7 luku",
                "Lagen om offentlig arbetskrafts- och företagsservice (916/2012) 7 kap.",
            ),
        ),
        Topic(
            "starttiraha",
            ("te",),
            ("Yrityspalvelut", "Företagstjänster"),
            ("Starttiraha yritystoiminnan aloittamiseen", "Startpeng för att inleda företag"),
            ("starttiraha", "starttirahan", "starttirahaa", "startpeng"),
            ("Starttirahapäätös", "Beslut om startpeng"),
            ("Starttirahahakemus", "Ansökan om startpeng"),
            (
                "starttirahaa päätoimisen yritystoiminnan aloittamiseen ajalle {period}",
                "startpeng för att inleda företagsverksamhet på heltid för tiden {period}",
            ),
            (
                "{Agency} myöntää hakijalle starttirahaa {daily} euroa päivältä ajalle {period}",
                "{Agency} beviljar {person} startpeng på {daily} euro per dag för tiden {period}",
            ),
            (
                "Laki julkisesta työvoima- ja yrityspalvelusta (916/2012) 5 luku",
                "Lagen om offentlig arbetskrafts- och företagsservice (916/2012) 5 kap.",
            ),
            person=True,
        ),
        Topic(
            "kehittamisavustus",
            ("ely",),
            _EA,
            ("Yrityksen kehittämisavustus", "Utvecklingsbidrag för företag"),
            (
                "kehittämisavustus",
                "kehittämisavustuksen",
                "kehittämisavustusta",
                "utvecklingsbidrag",
            ),
            ("Avustuspäätös", "Bidragsbeslut"),
            ("Avustushakemus", "Ansökan om utvecklingsbidrag"),
            (
                "yrityksen kehittämisavustusta hankkeeseen, jonka tavoitteena on {goal}",
                "utvecklingsbidrag för ett projekt vars mål är att {goal}",
            ),
            (
                "{Agency} myöntää hakijalle yrityksen kehittämisavustusta enintään {amount} "
                "euroa, joka on {pct} % hyväksyttävistä kustannuksista",
                "{Agency} beviljar {company} utvecklingsbidrag för företag till ett belopp av "
                "högst {amount} euro, vilket är {pct} % av de godtagbara kostnaderna",
            ),
            (
                "Laki yritysten kehittämisavustuksista (9/2014)",
                "Lagen om utvecklingsbidrag för företag (9/2014)",
            ),
        ),
        Topic(
            "maatalous",
            ("ely",),
            ("Maaseutu ja energia -yksikkö", "Enheten för landsbygd och energi"),
            ("Maatalouden investointituki", "Investeringsstöd för jordbruk"),
            ("investointituki", "investointituen", "investointitukea", "investeringsstöd"),
            ("Tukipäätös", "Stödbeslut"),
            ("Tukihakemus", "Stödansökan"),
            (
                "maatalouden investointitukea tuotantorakennuksen laajentamiseen tilalla {estate}",
                "investeringsstöd för utvidgning av en produktionsbyggnad på lägenheten {estate}",
            ),
            (
                "{Agency} myöntää hakijalle investointitukea avustuksena {amount} euroa ja "
                "korkotukilainan valtiontakauksen",
                "{Agency} beviljar {company} investeringsstöd i form av bidrag på {amount} euro "
                "och statsborgen för räntestödslån",
            ),
            (
                "Laki maatalouden rakennetuista (1476/2007)",
                "Lagen om strukturstöd för jordbruket (1476/2007)",
            ),
        ),
        Topic(
            "ymparistolupa",
            ("ely",),
            _YA,
            ("Ympäristölupa eläinsuojan laajentamiselle", "Miljötillstånd för utvidgad djurstall"),
            ("ympäristölupa", "ympäristöluvan", "ympäristölupaa", "miljötillstånd"),
            ("Ympäristölupapäätös", "Miljötillståndsbeslut"),
            ("Ympäristölupahakemus", "Ansökan om miljötillstånd"),
            (
                "ympäristölupaa eläinsuojan laajentamiselle tilalla {estate} {place}",
                "miljötillstånd för utvidgning av djurstallet på lägenheten {estate} i {place}",
            ),
            (
                "{Agency} myöntää hakijalle ympäristöluvan eläinsuojan toiminnalle tilalla "
                "{estate} tässä päätöksessä annettuja lupamääräyksiä noudattaen",
                "{Agency} beviljar {company} miljötillstånd för verksamheten vid djurstallet "
                "på lägenheten {estate} med iakttagande av tillståndsbestämmelserna i beslutet",
            ),
            ("Ympäristönsuojelulaki (527/2014)", "Miljöskyddslagen (527/2014)"),
        ),
        Topic(
            "vesiasia",
            ("ely",),
            _YA,
            (
                "Ruoppaus ja laiturin rakentaminen, {lake}",
                "Muddring och byggande av brygga, {lake}",
            ),
            ("ruoppaus", "ruoppauksen", "ruoppausta", "muddring"),
            ("Vesilupapäätös", "Tillståndsbeslut enligt vattenlagen"),
            ("Lupahakemus", "Tillståndsansökan"),
            (
                "lupaa ruopata ranta-alue ja rakentaa laituri kiinteistön {estate} edustalle",
                "tillstånd att muddra strandområdet och bygga en brygga utanför fastigheten "
                "{estate}",
            ),
            (
                "{Agency} hyväksyy ilmoituksen ja sallii ruoppauksen kiinteistön {estate} "
                "edustalla {lake} järvessä",
                "{Agency} godkänner anmälan och tillåter muddringen utanför fastigheten {estate} "
                "i sjön {lake}",
            ),
            ("Vesilaki (587/2011) 3 luku", "Vattenlagen (587/2011) 3 kap."),
            person=True,
        ),
        Topic(
            "liittyma",
            ("ely",),
            _LA,
            ("Liittymälupa maantielle {road}", "Anslutningstillstånd till landsväg {road}"),
            ("liittymälupa", "liittymäluvan", "liittymälupaa", "anslutningstillstånd"),
            ("Liittymälupapäätös", "Beslut om anslutningstillstånd"),
            ("Liittymälupahakemus", "Ansökan om anslutningstillstånd"),
            (
                "lupaa rakentaa uusi liittymä maantielle {road} kiinteistölle {estate}",
                "tillstånd att bygga en ny anslutning till landsväg {road} för fastigheten "
                "{estate}",
            ),
            (
                "{Agency} myöntää luvan maantien {road} liittymän rakentamiseen kiinteistölle "
                "{estate} liitteenä olevan piirustuksen mukaisesti",
                "{Agency} beviljar tillstånd att bygga en anslutning till landsväg {road} för "
                "fastigheten {estate} enligt den bifogade ritningen",
            ),
            ("Maantielaki (503/2005) 37 §", "Landsvägslagen (503/2005) 37 §"),
            person=True,
        ),
        Topic(
            "hankinta",
            ("ely", "keha"),
            _HA,
            ("Tulkkauspalvelujen hankinta", "Upphandling av tolktjänster"),
            ("hankinta", "hankinnan", "hankintaa", "upphandling"),
            ("Hankintapäätös", "Upphandlingsbeslut"),
            ("Tarjous", "Anbud"),
            (
                "tarjouksen tulkkauspalvelujen hankinnassa ajalle {period}",
                "anbud i upphandlingen av tolktjänster för tiden {period}",
            ),
            (
                "Tulkkauspalvelujen toimittajaksi valitaan {company}, jonka tarjous on "
                "kokonaistaloudellisesti edullisin",
                "{Agency} väljer {company} till leverantör av tolktjänster, eftersom dess anbud "
                "är det ekonomiskt mest fördelaktiga",
            ),
            (
                "Laki julkisista hankinnoista ja käyttöoikeussopimuksista (1397/2016)",
                "Lagen om offentlig upphandling och koncession (1397/2016)",
            ),
        ),
        Topic(
            "henkilosto",
            ("ely", "te", "keha"),
            _HA,
            ("Ylitarkastajan määräaikainen virka", "Tidsbunden tjänst som överinspektör"),
            ("virka", "viran", "virkaa", "tjänst"),
            ("Nimittämispäätös", "Utnämningsbeslut"),
            ("Työhakemus", "Arbetsansökan"),
            (
                "ylitarkastajan määräaikaista virkaa ajalle {period}",
                "den tidsbundna tjänsten som överinspektör för tiden {period}",
            ),
            (
                "Ylitarkastajan määräaikaiseen virkaan ajalle {period} nimitetään {person}",
                "{Agency} utnämner {person} till den tidsbundna tjänsten som överinspektör för "
                "tiden {period}",
            ),
            ("Valtion virkamieslaki (750/1994)", "Statstjänstemannalagen (750/1994)"),
            person=True,
        ),
    )
}
GRANT_TOPICS = ("palkkatuki", "starttiraha", "kehittamisavustus", "maatalous")
PAYMENT_TOPICS = ("palkkatuki", "kehittamisavustus", "maatalous")
PERMIT_TOPICS = ("ymparistolupa", "vesiasia", "liittyma")
DECISION_TOPICS = (*GRANT_TOPICS, *PERMIT_TOPICS, "hankinta", "henkilosto")
FI_GOALS = (
    "automatisoida tuotantolinja",
    "valmistella yrityksen kansainvälistymistä Ruotsin markkinoille",
    "kehittää uusi tuoteperhe",
    "ottaa käyttöön toiminnanohjausjärjestelmä",
)
SV_GOALS = (
    "automatisera produktionslinjen",
    "förbereda företagets internationalisering till den svenska marknaden",
    "utveckla en ny produktfamilj",
    "införa ett affärssystem",
)
LAKES = ("Pyhäjärvi", "Längelmävesi", "Lohjanjärvi", "Vesijärvi", "Kallavesi")
