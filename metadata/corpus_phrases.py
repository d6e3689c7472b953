"""Stock phrases of each document type, and generic boilerplate, for the generated corpus.

Real documents of one type share formulae whatever their layout (an application declares its
information true, minutes record what "was noted", an appeal "demands" something); templates
draw zero to a few of these at random, so the formulae are spread over all layouts of a type.
The generic paragraphs (data protection, service hours, archiving) appear in every type and
carry no type information. Pairs are (Finnish, Swedish); placeholders are ``Ctx.v`` keys.
"""

from __future__ import annotations

TYPE_PHRASES: dict[str, tuple[tuple[str, str], ...]] = {
    "paatos": (
        ("Päätös on voimassa {period}.", "Beslutet gäller {period}."),
        (
            "Päätöksen ehtoja on noudatettava.",
            "Villkoren i beslutet ska iakttas.",
        ),
        (
            "{Agency} voi peruuttaa päätöksen, jos ehtoja ei noudateta.",
            "{Agency} kan återkalla beslutet om villkoren inte iakttas.",
        ),
        (
            "Päätös annetaan tiedoksi hakijalle sähköisesti.",
            "Beslutet delges sökanden elektroniskt.",
        ),
        (
            "Asia on ratkaistu esittelystä.",
            "Ärendet har avgjorts på föredragning.",
        ),
        ("Hakemus hyväksytään.", "Ansökan godkänns."),
    ),
    "maksatuspaatos": (
        (
            "Maksu suoritetaan hakijan ilmoittamalle tilille.",
            "Beloppet betalas till det konto som sökanden uppgett.",
        ),
        (
            "Tuki maksetaan toteutuneiden ja hyväksyttyjen kustannusten perusteella.",
            "Stödet betalas ut på basis av faktiska och godkända kostnader.",
        ),
        (
            "Maksatushakemuksen liitteenä on toimitettu kirjanpitoraportti.",
            "Till ansökan om utbetalning har fogats en bokföringsrapport.",
        ),
        (
            "Seuraava maksatushakemus on jätettävä viimeistään {end}.",
            "Nästa ansökan om utbetalning ska lämnas in senast {end}.",
        ),
        (
            "Maksettu tuki on ilmoitettava tuloksi verotuksessa.",
            "Utbetalt stöd ska anmälas som inkomst i beskattningen.",
        ),
    ),
    "hakemus": (
        (
            "Vakuutamme, että hakemuksessa annetut tiedot ovat oikeita.",
            "Vi försäkrar att uppgifterna i ansökan är riktiga.",
        ),
        (
            "Hakija sitoutuu ilmoittamaan tietojen muutoksista viipymättä.",
            "Sökanden förbinder sig att utan dröjsmål meddela ändringar i uppgifterna.",
        ),
        (
            "Haettava määrä on yhteensä {amount} euroa.",
            "Det sökta beloppet är sammanlagt {amount} euro.",
        ),
        (
            "Hakemuksen yhteyshenkilö on {person}.",
            "Kontaktperson för ansökan är {person}.",
        ),
        (
            "Pyydämme, että hakemus käsitellään kiireellisenä.",
            "Vi ber att ansökan behandlas skyndsamt.",
        ),
        (
            "Hakemukseen liitetään tarvittavat selvitykset.",
            "Till ansökan fogas behövliga utredningar.",
        ),
    ),
    "lasku": (
        ("Maksuehto 14 päivää netto.", "Betalningsvillkor 14 dagar netto."),
        (
            "Käytä maksaessasi viitenumeroa.",
            "Använd referensnumret vid betalning.",
        ),
        (
            "Huomautukset laskusta 8 päivän kuluessa.",
            "Anmärkningar om fakturan inom 8 dagar.",
        ),
        (
            "Viivästyskorko korkolain mukaan.",
            "Dröjsmålsränta enligt räntelagen.",
        ),
        ("Laskun summa sisältää arvonlisäveron.", "Fakturabeloppet inkluderar mervärdesskatt."),
    ),
    "sopimus": (
        (
            "Sopimukseen tehtävät muutokset on tehtävä kirjallisesti.",
            "Ändringar i avtalet ska göras skriftligen.",
        ),
        (
            "Kumpikin sopijapuoli voi irtisanoa sopimuksen kolmen kuukauden irtisanomisajalla.",
            "Vardera avtalsparten kan säga upp avtalet med tre månaders uppsägningstid.",
        ),
        (
            "Sopijapuolet sitoutuvat noudattamaan salassapitoa.",
            "Avtalsparterna förbinder sig att iaktta sekretess.",
        ),
        (
            "Sopimus tulee voimaan, kun molemmat osapuolet ovat allekirjoittaneet sen.",
            "Avtalet träder i kraft när båda parterna har undertecknat det.",
        ),
        (
            "Tähän sopimukseen sovelletaan Suomen lakia.",
            "På detta avtal tillämpas finsk lag.",
        ),
    ),
    "kirje": (
        (
            "Kiitämme yhteydenotostanne.",
            "Vi tackar för er kontakt.",
        ),
        (
            "Pyydämme ottamaan yhteyttä, jos teillä on kysyttävää.",
            "Vänligen kontakta oss om ni har frågor.",
        ),
        (
            "Tiedoksenne ilmoitamme, että asian käsittely on kesken.",
            "För kännedom meddelar vi att behandlingen av ärendet pågår.",
        ),
        (
            "Viitaten puhelinkeskusteluumme lähetämme pyytämänne tiedot.",
            "Med hänvisning till vårt telefonsamtal skickar vi de uppgifter ni bad om.",
        ),
        (
            "Vastaamme mielellämme lisäkysymyksiin.",
            "Vi besvarar gärna ytterligare frågor.",
        ),
    ),
    "poytakirja": (
        (
            "Pöytäkirja tarkastetaan seuraavassa kokouksessa.",
            "Protokollet justeras vid följande möte.",
        ),
        (
            "Merkittiin tiedoksi.",
            "Antecknades för kännedom.",
        ),
        (
            "Keskustelun jälkeen hyväksyttiin esitys yksimielisesti.",
            "Efter diskussion godkändes förslaget enhälligt.",
        ),
        (
            "Puheenjohtaja totesi kokouksen päätösvaltaiseksi.",
            "Ordföranden konstaterade att mötet var beslutfört.",
        ),
        (
            "Pöytäkirja on nähtävänä kirjaamossa.",
            "Protokollet finns tillgängligt hos registratorskontoret.",
        ),
    ),
    "muistio": (
        (
            "Muistio lähetetään tiedoksi osallistujille.",
            "Promemorian skickas för kännedom till deltagarna.",
        ),
        (
            "Keskustelussa nousi esiin useita kehittämisehdotuksia.",
            "I diskussionen framkom flera utvecklingsförslag.",
        ),
        (
            "Asiaan palataan seuraavassa tapaamisessa.",
            "Frågan tas upp igen vid nästa möte.",
        ),
        (
            "Muistioon on koottu keskeiset huomiot.",
            "I promemorian har de viktigaste iakttagelserna sammanställts.",
        ),
        (
            "Todettiin, että asia vaatii lisäselvitystä.",
            "Det konstaterades att frågan kräver ytterligare utredning.",
        ),
    ),
    "lausunto": (
        (
            "{Agency} pitää ehdotusta pääosin perusteltuna.",
            "{Agency} anser att förslaget i huvudsak är motiverat.",
        ),
        (
            "Lausunnon valmisteluun ovat osallistuneet asiantuntijat eri vastuualueilta.",
            "Sakkunniga från olika ansvarsområden har deltagit i beredningen av utlåtandet.",
        ),
        (
            "{Agency} esittää, että ehdotusta täsmennetään.",
            "{Agency} föreslår att förslaget preciseras.",
        ),
        (
            "{Agency} puoltaa ehdotuksen hyväksymistä.",
            "{Agency} förordar att förslaget godkänns.",
        ),
        (
            "Muilta osin lausuttavaa ei ole.",
            "I övrigt finns inget att anföra.",
        ),
    ),
    "oikaisuvaatimus": (
        (
            "Vaadin, että päätös kumotaan.",
            "Jag yrkar att beslutet upphävs.",
        ),
        (
            "Päätös on virheellinen ja se on oikaistava.",
            "Beslutet är felaktigt och ska rättas.",
        ),
        (
            "Olen saanut päätöksestä tiedon {received}.",
            "Jag har fått del av beslutet {received}.",
        ),
        (
            "Oikaisuvaatimus on tehty määräajassa.",
            "Omprövningsbegäran har gjorts inom utsatt tid.",
        ),
        (
            "Pyydän, että asia käsitellään uudelleen.",
            "Jag begär att ärendet behandlas på nytt.",
        ),
    ),
    "muu": (
        (
            "Tämä julkaisu on saatavilla myös verkossa.",
            "Denna publikation finns även på webben.",
        ),
        (
            "Tiedot päivitetään neljännesvuosittain.",
            "Uppgifterna uppdateras kvartalsvis.",
        ),
        (
            "Lisätietoa löytyy verkkosivuiltamme.",
            "Mer information finns på vår webbplats.",
        ),
        (
            "Julkaisija: {short}",
            "Utgivare: {short}",
        ),
    ),
}

GENERIC: tuple[tuple[str, str], ...] = (
    (
        "Henkilötietoja käsitellään tietosuoja-asetuksen mukaisesti.",
        "Personuppgifter behandlas i enlighet med dataskyddsförordningen.",
    ),
    (
        "Asiakaspalvelu palvelee arkisin klo 9–16.",
        "Kundtjänsten betjänar vardagar kl. 9–16.",
    ),
    (
        "Asiakirjaan on merkitty diaarinumero {dnro}.",
        "Handlingen har diarienummer {dnro}.",
    ),
    (
        "Asiakirja arkistoidaan arkistonmuodostussuunnitelman mukaisesti.",
        "Handlingen arkiveras enligt arkivbildningsplanen.",
    ),
    (
        "Sähköinen asiointi: www.yritystuet.fi",
        "Elektronisk ärendehantering: www.foretagsstod.fi",
    ),
)
