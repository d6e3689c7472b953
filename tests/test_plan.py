"""The records-management plan (TOS) as data, and assigning a record its class."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest
from lxml import etree

from metadata.describe import describe
from metadata.identifiers import find_diary_numbers
from metadata.models import DOC_TYPES
from metadata.plan import PlanError, RecordsPlan, load_plan, parse_plan, sample_plan
from metadata.plan_assign import (
    agency_kind,
    assign_class,
    class_defaults,
    personal_data_value,
)
from metadata.plan_terms import PERSONAL_DATA_VALUES, PUBLICITY_CLASSES

ROOT = Path(__file__).resolve().parents[1]
SAHKE2_XSD = (
    ROOT.parent
    / "shared/schemas/dpres-xml-schemas/schema_catalogs/schemas_external/sahke2/2019.03"
    / "Sahke2_2019_03.xsd"
)
# Typed out from national-archives.md §1.4 (Sahke2_2019_03.xsd), not copied from the code.
SAHKE2_PUBLICITY = ("Julkinen", "Osittain salassapidettävä", "Salassa pidettävä")
SAHKE2_PERSONAL_DATA = (
    "ei sisällä henkilötietoja",
    "sisältää henkilötietoja",
    "sisältää arkaluontoisia henkilötietoja",
    "sisältää erityisiä henkilötietoryhmiä",
    "sisältää rikostuomioihin ja rikkomuksiin liittyviä henkilötietoja",
)

SMALL_YAML = """\
title: Pieni testisuunnitelma
organisation: Testivirasto
version: "1"
state: luonnos
author: testi
valid_from: 2024-01-01
general_class: "00.01"
classes:
  - code: "00"
    title_fi: Hallinto
    title_sv: Förvaltning
    children:
      - code: "00.01"
        title_fi: Yleishallinto
        processes:
          - id: yleinen
            publicity_class: Julkinen
            personal_data: ei sisällä henkilötietoja
            retention_period: 5
            retention_reason: Hallinnollinen tarve
            retention_trigger: asian käsittelyn päättyminen
            doc_types: [kirje, muistio]
            keywords_fi: [yleishallin, tiedote]
          - id: yleinen-salainen
            publicity_class: Salassa pidettävä
            secrecy_period: 25
            secrecy_reason: JulkL 24 § 1 mom. 20 k.
            personal_data: sisältää henkilötietoja
            retention_period: -1
            retention_reason: Pysyvä
            agency_kinds: [ely, te]
            keywords_sv: [affärshemlighet, allmän förvaltning]
"""

# The same plan in the flat form, as a spreadsheet would save it: BOM, semicolons, padded
# rows, the class columns left empty on the class's second row, mixed list separators.
SMALL_CSV = (
    "\ufeff# title: Pieni testisuunnitelma;;;\n"
    "# organisation: Testivirasto\n"
    "# version: 1\n"
    "# state: luonnos\n"
    "# author: testi\n"
    "# valid_from: 2024-01-01\n"
    "# general_class: 00.01\n"
    "# a comment line\n"
    "code;title_fi;title_sv;process_id;publicity_class;secrecy_period;secrecy_reason;"
    "personal_data;retention_period;retention_reason;retention_trigger;doc_types;agency_kinds;"
    "keywords_fi;keywords_sv\n"
    "00;Hallinto;Förvaltning;;;;;;;;;;;;\n"
    "00.01;Yleishallinto;;yleinen;Julkinen;;;ei sisällä henkilötietoja;5;Hallinnollinen tarve;"
    "asian käsittelyn päättyminen;kirje | muistio;;yleishallin, tiedote;;;\n"
    "00.01;;;yleinen-salainen;Salassa pidettävä;25;JulkL 24 § 1 mom. 20 k.;"
    "sisältää henkilötietoja;-1;Pysyvä;;;ely|te;;affärshemlighet | allmän förvaltning\n"
)

BROKEN_YAML = """\
title: Rikki
organisation: Testivirasto
version: "1"
state: luonnos
author: testi
general_class: "00"
classes:
  - code: "00"
    title_fi: Hallinto
    children:
      - code: "00.01"
        title_fi: Yleishallinto
        processes:
          - id: a
            publicity_class: Osittain salassa pidettävä
            secrecy_period: 25
            secrecy_reason: JulkL 24 § 1 mom. 20 k.
            personal_data: ei sisällä henkilötietoja
            retention_period: 5
            retention_reason: Tarve
            retention_trigger: asian käsittelyn päättyminen
      - code: "00.02"
        title_fi: Henkilöstö
        processes:
          - id: b
            publicity_class: Salassa pidettävä
            secrecy_period: 50
            personal_data: sisältää henkilötietoja
            retention_period: 50
            retention_reason: Tarve
            retention_trigger: palvelussuhteen päättyminen
      - code: "00.02"
        title_fi: Kaksoiskappale
        processes:
          - id: c
            publicity_class: Julkinen
            personal_data: ei sisällä henkilötietoja
            retention_period: 5
            retention_reason: Tarve
            retention_trigger: asian käsittelyn päättyminen
            doc_types: [kirje, tiedote]
"""

PALKKATUKI_DECISION = """\
PÄÄTÖS
Dnro UUDTE/512/2019
Helsinki 12.3.2019
Asia: Palkkatuki työttömän työnhakijan palkkaamiseen
Uudenmaan TE-toimisto myöntää hakijalle palkkatukea työttömän työnhakijan palkkaamiseen.
Palkkatuen määrä on 50 prosenttia palkkauskustannuksista. Hakija Esimerkki Oy on toimittanut
hakemuksen määräajassa. Työntekijän henkilötunnus 131052-308T.
Oikaisuvaatimusohje on liitteenä.
"""

OLD_DIARY_LETTER = """\
Uudenmaan elinkeino-, liikenne- ja ympäristökeskus
KIRJE
Viite: UUDELY/1290/07.01/2010
Hyvä vastaanottaja,
Kiitämme yhteydenotostanne. Toimitamme pyytämänne asiakirjat oheisena.
"""

SV_GRANT_DECISION = """\
Närings-, trafik- och miljöcentralen i Egentliga Finland
BESLUT
Dnr VARELY/45/2016
Ärende: Utvecklingsbidrag för företag
Sökande är Exempel Ab. NTM-centralen beviljar utvecklingsbidrag för företag för ett
utvecklingsprojekt. Bidraget betalas ut enligt ansökan. Detta beslut kan överklagas.
"""

KEHA_PAYMENT = """\
Kehittämis- ja hallintokeskus
MAKSATUSPÄÄTÖS
Dnro KEHA/3321/2021
Asia: Palkkatuen maksaminen
Tuensaaja: Esimerkki Oy
KEHA-keskus on käsitellyt maksatushakemuksen ja maksaa palkkatuen ajalta 1.1.-31.3.2021.
Maksettava määrä 4 500,00 euroa.
"""

UNRELATED = """\
Henkilökunnan virkistyspäivä
Tervetuloa mukaan syksyn virkistyspäivään Nuuksioon. Ohjelmassa on retki ja lounas.
Ilmoittautumiset perjantaihin mennessä.
"""


def _problems(text: str, form: str = "yaml") -> list[str]:
    with pytest.raises(PlanError) as caught:
        parse_plan(text, form, "test plan")
    return caught.value.problems


def _has(problems: list[str], *parts: str) -> bool:
    return any(all(part in line for part in parts) for line in problems)


# --- the shipped sample plan ------------------------------------------------------------------


def test_sample_plan_loads_and_validates() -> None:
    plan = sample_plan()
    assert isinstance(plan, RecordsPlan)
    assert "ESIMERKKI" in plan.title and "EXEMPEL" in plan.title
    assert plan.version == "0.1-esimerkki"
    assert re.fullmatch(r"[0-9a-f]{64}", plan.content_hash)
    leaves = plan.leaves()
    assert 8 <= len(leaves) <= 15
    assert plan.find(plan.general_class) in leaves
    for leaf in leaves:
        assert leaf.title_fi and leaf.title_sv, leaf.code
        for process in leaf.processes:
            assert set(process.doc_types) <= set(DOC_TYPES), process.id
            assert process.keywords_fi or process.keywords_sv, process.id
    assert [c.code for c in plan.lineage("03.01.01")] == ["03", "03.01", "03.01.01"]
    assert plan.lineage("99.01") == []
    # Permanent retention is used, and the file says the values are illustrative.
    assert any(p.retention_period == -1 for leaf in leaves for p in leaf.processes)
    source = resources.files("metadata.plans").joinpath("sample_tos.yaml").read_text("utf-8")
    assert "NOT AN OFFICIAL" in source and "ILLUSTRATIVE" in source


def test_sample_plan_ships_as_package_data() -> None:
    """setuptools installs metadata/plans only if it is a package; package-data takes *.yaml."""
    setuptools = pytest.importorskip("setuptools")
    assert "metadata.plans" in setuptools.find_packages(str(ROOT), include=["metadata*"])
    assert '"*.yaml"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert load_plan(ROOT / "metadata/plans/sample_tos.yaml") == sample_plan()


def test_enumerations_are_verbatim_sahke2() -> None:
    assert PUBLICITY_CLASSES == SAHKE2_PUBLICITY
    assert PERSONAL_DATA_VALUES == SAHKE2_PERSONAL_DATA
    processes = [p for leaf in sample_plan().leaves() for p in leaf.processes]
    assert {p.publicity_class for p in processes} == set(SAHKE2_PUBLICITY)
    assert {p.personal_data for p in processes} <= set(SAHKE2_PERSONAL_DATA)
    for p in processes:
        secret = p.publicity_class != "Julkinen"
        assert (p.secrecy_period is not None and bool(p.secrecy_reason)) == secret, p.id


@pytest.mark.shared
def test_enumerations_match_the_sahke2_xsd() -> None:
    if not SAHKE2_XSD.exists():
        pytest.skip(f"SÄHKE2 schema not available: {SAHKE2_XSD}")
    ns = {"xs": "http://www.w3.org/2001/XMLSchema"}
    tree = etree.parse(str(SAHKE2_XSD))

    def values(name: str) -> tuple[str, ...]:
        path = f"//xs:simpleType[@name='{name}']//xs:enumeration/@value"
        return tuple(str(v) for v in tree.xpath(path, namespaces=ns))

    assert values("PublicityClassType") == PUBLICITY_CLASSES
    assert values("PersonalDataType") == PERSONAL_DATA_VALUES


# --- validation -------------------------------------------------------------------------------


def test_broken_plan_reports_every_problem_at_once() -> None:
    problems = _problems(BROKEN_YAML)
    assert _has(problems, "00.01 process a", "publicity_class", "Osittain salassa pidettävä")
    assert _has(problems, "00.02 process b", "secrecy_reason", "required")
    assert _has(problems, "00.02", "code", "duplicate")
    assert _has(problems, "00.02 process c", "doc_types", "'tiedote'")
    assert _has(problems, "general_class", "00")
    assert len(problems) == 5, problems
    for line in problems:
        assert "\n" not in line and "pydantic" not in line and "errors.pydantic.dev" not in line


def test_plan_error_message_lists_the_problems() -> None:
    with pytest.raises(PlanError) as caught:
        parse_plan(BROKEN_YAML, "yaml", "broken.yaml")
    message = str(caught.value)
    assert message.startswith("broken.yaml: 5 problems:")
    assert all(line in message for line in caught.value.problems)
    assert not isinstance(caught.value, ValueError)  # pydantic would swallow a ValueError


def test_validation_checks_structure_and_rules() -> None:
    text = (
        SMALL_YAML.replace('code: "00.01"', "code: 00.01")
        .replace("id: yleinen-salainen", "id: yleinen")
        .replace("retention_trigger: asian", "retension_trigger: asian")
        .replace("keywords_fi: [yleishallin, tiedote]", "keywords_fi: [yle, 'a|b']")
        .replace(
            "publicity_class: Julkinen", "publicity_class: Julkinen\n            secrecy_reason: X"
        )
    )
    problems = _problems(text)
    assert _has(problems, "code", "quote it in YAML")  # 00.01 unquoted is the number 0.01
    assert _has(problems, "process yleinen", "id", "duplicate process id")
    assert _has(problems, "retension_trigger", "unknown key")
    assert _has(problems, "keywords_fi", "'yle'", "too short")
    assert _has(problems, "keywords_fi", "list separator")
    assert _has(problems, "secrecy_reason", "must be empty", "Julkinen")


def test_hierarchy_rules() -> None:
    wrong_child = SMALL_YAML.replace('code: "00.01"', 'code: "01.01"').replace(
        'general_class: "00.01"', 'general_class: "01.01"'
    )
    assert _has(_problems(wrong_child), "01.01", "code", "subclass of 00 must be coded 00.NN")
    no_process = SMALL_YAML.split("        processes:")[0]
    assert _has(_problems(no_process), "00.01", "processes", "at least one process")
    csv_orphan = SMALL_CSV.replace("00;Hallinto;Förvaltning;;;;;;;;;;;;\n", "")
    assert _has(_problems(csv_orphan, "csv"), "00.01", "parent class 00 missing")


def test_csv_problems_are_reported_with_the_plan_problems() -> None:
    text = SMALL_CSV.replace("retention_period;", "retention;").replace(
        "00.01;;;yleinen-salainen", "00.01;Muu nimi;;yleinen-salainen"
    )
    problems = _problems(text, "csv")
    assert _has(problems, "unknown column 'retention'")
    assert _has(problems, "00.01", "title_fi", "differs between rows")
    assert _has(problems, "process yleinen", "retention_period", "required")


def test_unreadable_files() -> None:
    assert _has(_problems("title: [unclosed"), "yaml:")
    assert _has(_problems("- just a list"), "expected a mapping")
    assert _has(_problems("x", "xml"), "unknown form")


# --- the two file forms -----------------------------------------------------------------------


def test_csv_and_yaml_forms_load_equal(tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text(SMALL_YAML, encoding="utf-8")
    (tmp_path / "plan.csv").write_text(SMALL_CSV, encoding="utf-8")
    from_yaml = load_plan(tmp_path / "plan.yaml")
    from_csv = load_plan(tmp_path / "plan.csv")
    assert from_csv == from_yaml
    assert from_csv.content_hash == from_yaml.content_hash
    assert from_yaml.leaves()[0].processes[1].agency_kinds == ("ely", "te")


def test_sample_plan_round_trips_through_csv(tmp_path: Path) -> None:
    plan = sample_plan()
    (tmp_path / "sample.csv").write_text(plan.to_csv(), encoding="utf-8")
    again = load_plan(tmp_path / "sample.csv")
    assert again == plan and again.content_hash == plan.content_hash


def test_content_hash_follows_content_not_layout() -> None:
    plan = parse_plan(SMALL_YAML, "yaml")
    reordered = "# comment\n" + SMALL_YAML.replace("state: luonnos\n", "").replace(
        "author: testi\n", "author: testi\nstate: luonnos\n"
    )
    assert parse_plan(reordered, "yaml").content_hash == plan.content_hash
    bumped = parse_plan(SMALL_YAML.replace('version: "1"', 'version: "2"'), "yaml")
    assert bumped.version == "2" and bumped.content_hash != plan.content_hash


# --- class assignment -------------------------------------------------------------------------


def test_agency_kind_from_registry_code() -> None:
    assert agency_kind("UUDELY") == "ely"
    assert agency_kind("pirely") == "ely"
    assert agency_kind("UUDTE") == "te"
    assert agency_kind("KEHA") == "keha"
    assert agency_kind("STM") is None


def test_palkkatuki_decision_from_te_office() -> None:
    plan = sample_plan()
    found = assign_class(
        plan, "paatos", "UUDTE", PALKKATUKI_DECISION, find_diary_numbers(PALKKATUKI_DECISION)
    )
    assert (found.code, found.process_id) == ("03.01.01", "palkkatuki")
    assert found.title_fi == "Palkkatuki" and found.title_sv == "Lönesubvention"
    assert found.confidence >= 0.8
    assert "palkkatu" in found.reason and "paatos" in found.reason
    assert found.defaults.publicity_class == "Osittain salassapidettävä"
    assert found.defaults.secrecy_reason == "JulkL 24 § 1 mom. 25 k."
    assert found.defaults.retention_period == 10
    assert (found.plan_version, found.plan_hash) == (plan.version, plan.content_hash)


def test_describe_then_assign() -> None:
    """The pipeline's use: describe() supplies type and diary numbers, HETUs lift the value."""
    description = describe(PALKKATUKI_DECISION)
    found = assign_class(
        sample_plan(), description.doc_type, "UUDTE", PALKKATUKI_DECISION,
        description.diary_numbers,
    )  # fmt: skip
    assert found.code == "03.01.01"
    has_hetu = any(p.valid for p in description.personal_data)
    assert has_hetu
    assert personal_data_value(has_hetu, found.defaults.personal_data) == "sisältää henkilötietoja"


def test_class_code_in_older_diary_number() -> None:
    found = assign_class(
        sample_plan(), "kirje", "UUDELY", OLD_DIARY_LETTER, ["UUDELY/1290/07.01/2010"]
    )
    assert (found.code, found.process_id) == ("07.01", "luonnonsuojelu")
    assert found.confidence >= 0.8
    assert "UUDELY/1290/07.01/2010" in found.reason
    assert found.defaults.retention_period == -1
    # Without the diary number the same letter has no topic: general class, low confidence.
    plain = assign_class(sample_plan(), "kirje", "UUDELY", OLD_DIARY_LETTER)
    assert plain.code == "00.01" and plain.confidence < 0.4


def test_diary_number_of_an_upper_class_or_another_agency_weighs_less() -> None:
    plan = sample_plan()
    own = assign_class(plan, "kirje", "UUDELY", "", ["UUDELY/7/07.01/2010"])
    other = assign_class(plan, "kirje", "UUDELY", "", ["VARELY/7/07.01/2010"])
    deeper = assign_class(plan, "kirje", "UUDELY", "", ["UUDELY/7/07.01.00/2010"])
    assert own.code == other.code == deeper.code == "07.01"
    assert own.confidence > deeper.confidence > other.confidence


def test_swedish_development_grant_decision() -> None:
    found = assign_class(sample_plan(), "paatos", "VARELY", SV_GRANT_DECISION, ["VARELY/45/2016"])
    assert (found.code, found.process_id) == ("04.01.01", "kehittamisavustus")
    assert found.title_sv == "Utvecklingsbidrag för företag"
    assert found.confidence >= 0.7
    assert "utvecklingsbidrag" in found.reason
    assert found.defaults.secrecy_reason == "JulkL 24 § 1 mom. 20 k."


def test_keha_payment_decision_goes_to_payment_class() -> None:
    found = assign_class(sample_plan(), "maksatuspaatos", "KEHA", KEHA_PAYMENT, ["KEHA/3321/2021"])
    assert (found.code, found.process_id) == ("05.01", "maksatus")
    assert found.confidence >= 0.7
    assert found.runner_up == "03.01.01"  # the grant it pays, held back by the agency kind
    assert found.defaults.retention_trigger == "maksupäivä (viimeinen maksuerä)"


def test_unrelated_text_falls_back_to_general_class() -> None:
    found = assign_class(sample_plan(), "muu", "UUDELY", UNRELATED)
    assert (found.code, found.process_id) == ("00.01", "yleishallinto")
    assert found.confidence <= 0.2
    assert "general class" in found.reason
    assert 0.0 <= found.confidence <= 1.0


def test_competing_classes_give_low_confidence() -> None:
    text = (
        "PÄÄTÖS\nAsia: Palkkatuki ja starttiraha\n"
        "Hakija on hakenut palkkatukea ja starttirahaa. Palkkatuki ja starttiraha myönnetään.\n"
    )
    found = assign_class(sample_plan(), "paatos", "UUDTE", text)
    assert found.code in ("03.01.01", "03.02.01")
    assert found.runner_up in ("03.01.01", "03.02.01") and found.runner_up != found.code
    assert found.confidence <= 0.5
    assert "runner-up" in found.reason


def test_doc_type_alone_is_weak_evidence() -> None:
    letter = assign_class(sample_plan(), "kirje", "UUDTE", "Hyvä asiakas,\nKiitos viestistä.\n")
    assert letter.code == "00.01" and letter.confidence < 0.3  # ties go to the general class
    invoice = assign_class(sample_plan(), "lasku", "KEHA", "LASKU\nEräpäivä 1.2.2020\n")
    assert invoice.code == "02.01" and invoice.confidence >= 0.7


def test_keyword_matching_folds_inflects_and_weights_the_heading() -> None:
    plan = sample_plan()
    ocr_like = "PAATOS\nAsia: STARTTIRAHAN myöntäminen\nYrittäjäksi ryhtyvälle.\n"
    assert assign_class(plan, "paatos", "UUDTE", ocr_like).code == "03.02.01"
    compound = "Lausunto\nLuonnonsuojelualueen perustamisesta\n"
    assert assign_class(plan, "lausunto", "UUDELY", compound).code == "07.01"
    heading_only = assign_class(plan, "muu", "UUDELY", "Vesistön säännöstely\n" + "x\n" * 10)
    body_only = assign_class(plan, "muu", "UUDELY", "x\n" * 10 + "Vesistön säännöstely\n")
    assert heading_only.code == body_only.code == "07.02"
    assert heading_only.confidence > body_only.confidence


def test_class_defaults_for_a_manual_class() -> None:
    plan = sample_plan()
    staff = class_defaults(plan, "01.01")
    assert staff.publicity_class == "Salassa pidettävä"
    assert staff.secrecy_period == 50 and staff.secrecy_reason == "JulkL 24 § 1 mom. 32 k."
    recruiting = class_defaults(plan, "01.01", "rekrytointi")
    assert recruiting.retention_period == 2
    with pytest.raises(KeyError):
        class_defaults(plan, "01")  # not a leaf
    with pytest.raises(KeyError):
        class_defaults(plan, "01.01", "palkkatuki")


def test_personal_data_rule_only_lifts() -> None:
    none, some = "ei sisällä henkilötietoja", "sisältää henkilötietoja"
    special = "sisältää erityisiä henkilötietoryhmiä"
    assert personal_data_value(True, none) == some
    assert personal_data_value(False, none) == none
    assert personal_data_value(True, special) == special
    assert personal_data_value(False, special) == special
    with pytest.raises(ValueError):
        personal_data_value(True, "sisältää henkilötietoa")


def test_content_hash_is_never_stale() -> None:
    plan = parse_plan(SMALL_YAML, "yaml")
    before = plan.content_hash
    assert plan.model_copy(update={"version": "2"}).content_hash != before
