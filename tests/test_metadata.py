"""The describe stage (metadata/): language, identifiers, dates, document type, title."""

from __future__ import annotations

import csv
import gzip
import json
import re
import time
from datetime import date
from pathlib import Path

import pytest
from stdnum.fi import hetu, ytunnus

from metadata.dates import find_dates
from metadata.describe import describe
from metadata.doctype import classify, rule_evidence
from metadata.identifiers import (
    find_business_ids,
    find_diary_numbers,
    find_personal_identity_codes,
)
from metadata.language import detect_language
from metadata.models import DOC_TYPES, Description
from metadata.title import MAX_TITLE, extract_title

SHARED = Path(__file__).resolve().parents[2] / "shared"
IDENTIFIERS = SHARED / "corpora" / "finnish_identifiers"
KHO = SHARED / "corpora" / "finlex_kho_decisions"

FI_DECISION = """\
Uudenmaan elinkeino-, liikenne- ja ympäristökeskus
MAKSATUSPÄÄTÖS
12.3.2017
Dnro UUDELY/1290/2017

Asia: Yritysten kehittämisavustuksen maksaminen

Hakija: Esimerkki Oy (Y-tunnus 2077474-0)

ELY-keskus on päättänyt maksaa avustusta hakemuksen 1. helmikuuta 2017 mukaisesti.
Yhteyshenkilön henkilötunnus 131052-308T on poistettava ennen julkaisua.
Päätös on annettu maaliskuun 12. päivänä 2017.
"""

SV_DECISION = """\
Närings-, trafik- och miljöcentralen i Egentliga Finland
BESLUT
Dnr VARELY/45/07.00/2016

Ärende: Ansökan om bidrag för utveckling av företag

Sökande är Exempel Ab, FO-nummer 2077474-0. Beslutet har fattats den 3 mars 2016
och det gäller för den tid som anges i ansökan. Detta beslut kan överklagas.
"""

EN_TEXT = (
    "The committee shall publish its report and the minister will decide whether the "
    "proposal is accepted. It was noted that any such changes are subject to approval."
)


# --- language ---------------------------------------------------------------------------------


def test_language_finnish_swedish_english() -> None:
    assert detect_language(FI_DECISION)[0] == "fin"
    assert detect_language(SV_DECISION)[0] == "swe"
    assert detect_language(EN_TEXT)[0] == "eng"


def test_language_survives_ocr_noise() -> None:
    # Diacritics lost and characters swapped, as in poor OCR output.
    fi = (
        "Hallinto-oikeus on katsonut, etta asia on ratkaistava uudelleen ja etta hakija "
        "on oikeutettu tukeen. Valittaja ei ole esittanyt sel1vitysta siita, mita asiassa "
        "on tapahtunut, joten valitus hylataan."
    )
    sv = (
        "Forvaltningsdomstolen anser att arendet ska avgoras pa nytt och att sokanden har "
        "ratt till st0d. Besvaren avslas eftersom det inte har visats att beslutet ar felaktigt."
    )
    assert detect_language(fi)[0] == "fin"
    assert detect_language(sv)[0] == "swe"


def test_language_aring_points_to_swedish() -> None:
    assert detect_language("Utlåtande på ärendet år 2017, så att även nämnden får det")[0] == "swe"


def test_language_undetermined_and_confidence_range() -> None:
    assert detect_language("") == ("und", 0.0)
    assert detect_language("12345 67890 ---")[0] == "und"
    for text in (FI_DECISION, SV_DECISION, EN_TEXT, "xyz"):
        _, confidence = detect_language(text)
        assert 0.0 <= confidence <= 1.0


def test_language_is_fast_on_two_pages() -> None:
    text = (FI_DECISION * 12)[:6000]
    timings = []
    for _ in range(10):
        start = time.perf_counter()
        detect_language(text)
        timings.append(time.perf_counter() - start)
    assert min(timings) < 0.005


# --- diary numbers ----------------------------------------------------------------------------


def test_diary_numbers_with_and_without_class() -> None:
    text = "Päätös UUDELY/1290/2017 ja lausunto VARELY/45/07.00/2016, vrt. KEHA/123/2019."
    assert find_diary_numbers(text) == ["UUDELY/1290/2017", "VARELY/45/07.00/2016", "KEHA/123/2019"]
    assert find_diary_numbers("Dnro VM/469/07.01.01.00/2012") == ["VM/469/07.01.01.00/2012"]


def test_diary_numbers_spacing_and_ocr_repair() -> None:
    text = (
        "dnro TRAFICOM/ 331029/05.02.03.02/2021 ja UUDELY / l29O / 2O17 "
        "sekä KESELY/874/06.06.02/\n2010"
    )
    assert find_diary_numbers(text) == [
        "TRAFICOM/331029/05.02.03.02/2021",
        "UUDELY/1290/2017",
        "KESELY/874/06.06.02/2010",
    ]
    # A segment with no real digit is not repaired into one.
    assert find_diary_numbers("UUDELY/OO/2017") == []
    # Soft hyphen left by the source's hyphenation.
    assert find_diary_numbers("(KAIE\u00adLY/5/07.00/2010)") == ["KAIELY/5/07.00/2010"]


def test_numeric_diary_numbers_need_a_label() -> None:
    assert find_diary_numbers("Dnro 1234/2017") == ["1234/2017"]
    assert find_diary_numbers("Diaarinumero: 973/420/2013") == ["973/420/2013"]
    assert find_diary_numbers("Diarienummer 3942/3/11") == ["3942/3/11"]
    assert find_diary_numbers("Dnr 15/961/2015") == ["15/961/2015"]
    assert find_diary_numbers("HE 1234/2017 ja laki 1234/2017") == []


def test_diary_numbers_exclude_eu_acts_and_deduplicate() -> None:
    text = "asetus EY/1346/2000 (EG/44/2001); UUDELY/1/2017, UUDELY/1/2017 ja POPELY/2/2018"
    assert find_diary_numbers(text) == ["UUDELY/1/2017", "POPELY/2/2018"]
    assert find_diary_numbers("sivu 12/2017, 2017/2018, ELY/ke/2017") == []


# --- business IDs -----------------------------------------------------------------------------


def test_business_ids_valid_found_invalid_dropped() -> None:
    text = "Y-tunnus 2077474-0; virheellinen 2077474-1; FO-nummer 0223296-4; taas 2077474-0."
    assert find_business_ids(text) == ["2077474-0", "0223296-4"]


def test_business_ids_vat_and_old_forms() -> None:
    assert find_business_ids("ALV-numero FI20774740") == ["2077474-0"]
    assert find_business_ids("VAT FI20774741") == []
    assert find_business_ids("y-tunnus 223296-4") == ["0223296-4"]
    # An IBAN is not a VAT number.
    assert find_business_ids("Tili FI2112345600000785") == []


# --- personal identity codes ------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        *("131052-308T", "100190Y999P", "010594X903P", "030694W9024", "050594U902L"),
        *("020504A902E", "020504B904H", "020516C903K", "030516D9037", "010501E9032"),
        *("020503F9037", "131052+308T", "131052-308U"),
    ],
)
def test_hetu_all_century_signs(code: str) -> None:
    [found] = find_personal_identity_codes(f"Henkilötunnus {code}.")
    assert found.valid == hetu.is_valid(code, allow_temporary=True)
    assert found.masked == code[:7] + "****"


def test_hetu_masking_never_leaks_the_individual_number() -> None:
    text = "Hakija 131052-308T ja puoliso 100190-999P sekä 010594Y9032."
    found = find_personal_identity_codes(text)
    dumped = json.dumps([p.model_dump() for p in found])
    for tail in ("308T", "999P", "9032", "308", "999", "903"):
        assert tail not in dumped
    assert [p.masked for p in found] == ["131052-****", "100190-****", "010594Y****"]
    assert all(re.fullmatch(r"\d{6}[-+A-FU-Y]\*{4}", p.masked) for p in found)


def test_hetu_shaped_but_invalid_is_reported_invalid() -> None:
    found = find_personal_identity_codes("131052-308U 310252-308Y")
    assert [(p.masked, p.valid) for p in found] == [("131052-****", False), ("310252-****", False)]


def test_hetu_requires_exact_shape() -> None:
    for text in ("131052-308", "131052-308TX", "131052308T", "131052Z308T", "1310522-308T"):
        assert find_personal_identity_codes(text) == [], text


# --- dates ------------------------------------------------------------------------------------


def test_dates_numeric_and_iso() -> None:
    text = "Päätös 12.3.2017, saapunut 2017-03-01, käsitelty 1. 2. 2018 ja taas 12.3.2017."
    assert find_dates(text) == [date(2017, 3, 12), date(2017, 3, 1), date(2018, 2, 1)]


def test_dates_month_names_finnish_swedish() -> None:
    fi = "annettu 12. maaliskuuta 2017, maaliskuun 14. päivänä 2017 ja 5 päivänä kesäkuuta 2018"
    assert find_dates(fi) == [date(2017, 3, 12), date(2017, 3, 14), date(2018, 6, 5)]
    sv = "Beslutet gavs den 3 mars 2016 och ändrades 1 december 2019."
    assert find_dates(sv) == [date(2016, 3, 3), date(2019, 12, 1)]
    assert find_dates("March 4, 2020 and 5 April 2021") == [date(2020, 3, 4), date(2021, 4, 5)]


def test_dates_reject_impossible_and_short_years() -> None:
    text = "31.2.2017 29.2.2019 32.1.2017 12.13.2017 12.3.17 1.1.1899 1.1.2101 2017-02-30"
    assert find_dates(text) == []
    assert find_dates("29.2.2020 31 april 2017") == [date(2020, 2, 29)]
    # Records-plan classes in diary numbers are not dates.
    assert find_dates("VM/469/07.01.01.00/2012 ja UUDELY/736/07.00/2010") == []


# --- document type ----------------------------------------------------------------------------

HEADINGS = [
    ("PÄÄTÖS", "paatos"),
    ("BESLUT", "paatos"),
    ("MAKSATUSPÄÄTÖS", "maksatuspaatos"),
    ("UTBETALNINGSBESLUT", "maksatuspaatos"),
    ("HAKEMUS", "hakemus"),
    ("ANSÖKAN", "hakemus"),
    ("LASKU", "lasku"),
    ("FAKTURA", "lasku"),
    ("SOPIMUS", "sopimus"),
    ("AVTAL", "sopimus"),
    ("PÖYTÄKIRJA", "poytakirja"),
    ("PROTOKOLL", "poytakirja"),
    ("MUISTIO", "muistio"),
    ("PROMEMORIA", "muistio"),
    ("LAUSUNTO", "lausunto"),
    ("UTLÅTANDE", "lausunto"),
    ("OIKAISUVAATIMUS", "oikaisuvaatimus"),
    ("VALITUS", "oikaisuvaatimus"),
    ("OMPRÖVNINGSBEGÄRAN", "oikaisuvaatimus"),
    ("BESVÄR", "oikaisuvaatimus"),
    ("KIRJE", "kirje"),
    ("BREV", "kirje"),
]


@pytest.mark.parametrize(("heading", "code"), HEADINGS)
def test_doctype_headings_both_languages(heading: str, code: str) -> None:
    text = f"Kunnan virasto\n{heading}\n1.2.2017\nAsia: testi\n\nTeksti alkaa tästä."
    got, confidence, reason = classify(text, "fin")
    assert (got, confidence) == (code, 0.9)
    assert f"'{heading}'" in reason and "line 2" in reason


@pytest.mark.parametrize(
    ("heading", "code"),
    [
        ("PAATOS", "paatos"),  # lost diacritics
        ("PAAT0S", "paatos"),  # zero for O
        ("päätös", "paatos"),  # case
        ("Maksatuspäätöksen oikaisu", "maksatuspaatos"),  # inflection
        ("Rakennuslupapäätös", "paatos"),  # compound
        ("Lausunnon antaminen", "lausunto"),  # consonant gradation
        ("Beslutet", "paatos"),
        ("P Ö Y T Ä K I R J A", "poytakirja"),  # letter-spaced typewriter heading
        ("MAKSATUSPÄTÖS", "maksatuspaatos"),  # one letter dropped
        ("OIKAISUVAATIMUKS", "oikaisuvaatimus"),
        ("UTLATANDE", "lausunto"),
    ],
)
def test_doctype_tolerates_ocr_and_inflection(heading: str, code: str) -> None:
    got, confidence, _ = classify(f"{heading}\nAsia: jotain\n", "fin")
    assert got == code
    assert confidence >= 0.8


def test_doctype_fuzzy_matching_is_kept_to_headings() -> None:
    # One edit away from a stem, but ordinary words in an ordinary line.
    for text in ("Hakemisto ja sisällys\n", "Lasketaan yhteen\n", "Valitut hankkeet\n"):
        assert classify(text)[0] == "muu", text


def test_doctype_letter_salutation() -> None:
    fi = "Matti Meikäläinen\nKatu 1\n00100 Helsinki\n\nHyvä vastaanottaja,\nKiitos viestistänne."
    sv = "Maja Exempel\nGatan 2\n\nBästa mottagare,\nTack för ert meddelande."
    for text in (fi, sv):
        code, confidence, reason = classify(text, "und")
        assert code == "kirje" and 0.7 <= confidence < 0.9
        assert "salutation" in reason
    # An ordinary sentence starting with "Hyvä" is not a greeting.
    assert classify("Hyvä hallintotapa edellyttää, että asiat käsitellään viipymättä.")[0] == "muu"


def test_doctype_body_evidence_is_medium() -> None:
    text = "Tilaaja: Kunta\nEräpäivä 30.3.2017\nViitenumero 12345\nMaksettava yhteensä 100 €"
    code, confidence, reason = classify(text, "fin")
    assert code == "lasku" and 0.5 <= confidence <= 0.7
    assert "lasku" in reason


def test_doctype_nothing_is_muu() -> None:
    code, confidence, reason = classify("Tässä tekstissä ei ole mitään vihjeitä.\nEi tässäkään.")
    assert code == "muu" and confidence <= 0.3 and reason


def test_doctype_heading_beats_body_and_evidence_is_listed() -> None:
    text = "PÖYTÄKIRJA\nAsia: hakemus\nHakemus hakemus hakemus hakemus hakemus"
    assert classify(text, "fin")[0] == "poytakirja"
    evidence = rule_evidence(text, "fin")
    assert evidence[0].code == "poytakirja" and evidence[0].line == 1
    assert {e.code for e in evidence} >= {"poytakirja", "hakemus"}


def test_doctype_codes_are_known() -> None:
    for heading, _ in HEADINGS:
        assert classify(heading)[0] in DOC_TYPES


# --- title ------------------------------------------------------------------------------------


def test_title_heading_and_subject() -> None:
    assert extract_title(FI_DECISION, "maksatuspaatos") == (
        "Maksatuspäätös: Yritysten kehittämisavustuksen maksaminen"
    )
    assert extract_title(SV_DECISION, "paatos") == (
        "Beslut: Ansökan om bidrag för utveckling av företag"
    )


def test_title_first_substantive_line_after_heading() -> None:
    text = "Kaupunki\nPÄÄTÖS\n12.3.2017\nDnro 12/2017\nRakennuslupa   omakotitalolle. Lisää."
    assert extract_title(text, "paatos") == "Päätös: Rakennuslupa omakotitalolle"


def test_title_is_bounded_and_never_empty() -> None:
    long = "LAUSUNTO\nAsia: " + "hyvin pitkä aihe " * 40
    title = extract_title(long, "lausunto")
    assert len(title) <= MAX_TITLE and title.startswith("Lausunto: hyvin")
    assert extract_title("", "muu") == "Muu"
    assert extract_title("   \n 123 \n", "sopimus") == "Sopimus"
    letter = "Hyvä vastaanottaja,\nkiitos hakemuksestanne."
    assert extract_title(letter, "kirje") == "Kirje: kiitos hakemuksestanne"


# --- describe ---------------------------------------------------------------------------------


def test_describe_finnish_decision() -> None:
    d = describe(FI_DECISION)
    assert isinstance(d, Description)
    assert d.language == "fin" and d.language_confidence > 0.5
    assert d.doc_type == "maksatuspaatos" and d.doc_type_confidence == 0.9
    assert d.title == "Maksatuspäätös: Yritysten kehittämisavustuksen maksaminen"
    assert d.diary_numbers == ["UUDELY/1290/2017"]
    assert d.dates == [date(2017, 3, 12), date(2017, 2, 1)]
    assert d.business_ids == ["2077474-0"]
    assert [(p.masked, p.valid) for p in d.personal_data] == [("131052-****", True)]
    assert "308T" not in d.model_dump_json()


def test_describe_swedish_decision() -> None:
    d = describe(SV_DECISION)
    assert (d.language, d.doc_type) == ("swe", "paatos")
    assert d.diary_numbers == ["VARELY/45/07.00/2016"]
    assert d.dates == [date(2016, 3, 3)]
    assert d.business_ids == ["2077474-0"]


def test_describe_uses_hint_only_when_unsure() -> None:
    assert describe("12.3.2017", hint_language="swe").language == "swe"
    assert describe(FI_DECISION, hint_language="swe").language == "fin"
    assert describe("12.3.2017").language == "und"


# --- shared data ------------------------------------------------------------------------------


def _require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared corpus not available: {path} (expected next to the repository)")
    return path


def _tsv(name: str) -> list[dict[str, str]]:
    with _require(IDENTIFIERS / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


# The README's extraction regex; EY/EG rows are EU acts, not diary numbers.
AGENCY_PATTERN = re.compile(r"[A-ZÄÖ]{2,10}/\d{1,6}/(\d\d(\.\d\d)*/)?(19|20)\d\d")


@pytest.mark.shared
def test_shared_diary_numbers_found_in_context() -> None:
    rows = _tsv("diary_numbers_from_finlex_court_decisions.tsv")
    checked = 0
    for row in rows:
        number, context = row["diary_number"], row["context"]
        if not AGENCY_PATTERN.fullmatch(number) or number.split("/")[0] in {"EY", "EG"}:
            continue
        found = find_diary_numbers(context)
        # "KH/58/2005" is quoted as STM/TRO/KH/58/2005, "LY/5/..." as KAIE­LY/5/...,
        # "FI/18934/..." as TRA-FI/18934/...: the finder returns the whole reference.
        assert any(f == number or f.endswith(number) for f in found), (number, found)
        checked += 1
    assert checked >= 120


@pytest.mark.shared
def test_shared_business_ids_validate_and_are_found() -> None:
    rows = _tsv("business_ids_from_finlex_court_decisions.tsv")
    assert rows
    for row in rows:
        bid = row["business_id"]
        assert ytunnus.is_valid(bid)
        assert bid in find_business_ids(row["context"])
        assert find_business_ids(f"Yhtiön Y-tunnus on {bid}.") == [bid]
        assert find_business_ids(f"Bolagets momsnummer är FI{bid.replace('-', '')}.") == [bid]


@pytest.mark.shared
def test_shared_dvv_test_hetus_validate() -> None:
    path = _require(IDENTIFIERS / "dvv_fictional_test_hetus.txt")
    codes = [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(codes) >= 20
    found = find_personal_identity_codes("Testihenkilöt: " + ", ".join(codes) + ".")
    assert len(found) == len(codes)
    assert all(p.valid for p in found)
    assert [p.masked for p in found] == [c[:7] + "****" for c in codes]


def _first(name: str, field: str, n: int) -> list[str]:
    texts: list[str] = []
    with gzip.open(_require(KHO / name), "rt", encoding="utf-8") as f:
        for line in f:
            value = json.loads(line).get(field) or ""
            if value.strip():
                texts.append(value)
                if len(texts) == n:
                    break
    return texts


@pytest.mark.shared
def test_shared_language_accuracy_on_kho() -> None:
    fi = _first("kho_fi_2015-2025.jsonl.gz", "text", 200)
    sv = _first("kho_sv_all.jsonl.gz", "abstract", 200)
    correct = sum(detect_language(t)[0] == "fin" for t in fi)
    correct += sum(detect_language(t)[0] == "swe" for t in sv)
    accuracy = correct / (len(fi) + len(sv))
    print(f"language accuracy on {len(fi)} fi decisions + {len(sv)} sv abstracts: {accuracy:.4f}")
    assert len(fi) == len(sv) == 200
    assert accuracy >= 0.97


@pytest.mark.shared
def test_shared_describe_runs_on_real_decisions() -> None:
    for text in _first("kho_fi_2015-2025.jsonl.gz", "text", 30):
        d = describe(text)
        assert d.language == "fin"
        assert 0 < len(d.title) <= MAX_TITLE
        assert all(1900 <= day.year <= 2100 for day in d.dates)
