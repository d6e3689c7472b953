"""SÄHKE2 2019 transfer XML: records of every type validate against KA's XSD; bad ones refused."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from archive_schema.record import (
    RecordMetadata,
    RecordStatus,
    StoredFile,
)
from archive_schema.sahke2 import (
    ExportRefused,
    TransferInfo,
    build_sahke2,
    check_series,
    sahke2_problems,
    write_checked,
    write_sahke2,
)
from archive_schema.sahke2_model import SAHKE2_NS
from metadata.describe import describe
from metadata.models import DOC_TYPES, Restriction
from metadata.plan import sample_plan
from ocr.quality import PageQuality
from tests.factories import stored_record

SHARED = Path(__file__).resolve().parents[2] / "shared"
NS = {"s": SAHKE2_NS}
PLAN = sample_plan()
INFO = TransferInfo(
    native_id="siirto-2026-0001",
    title="KEHA-keskuksen digitoidut asiakirjat",
    contract_id="KA/1234/07.01.01.03.01/2026",
    organisation="KEHA-keskus",
    contact_name="Kirjaamo",
    contact_address="PL 250, 00521 Helsinki",
    contact_phone="+358 295 000 000",
    contact_email="kirjaamo@example.fi",
)
MEDIA = ("image/tiff", "image/png", "image/jpeg")


@pytest.fixture(scope="module")
def schema() -> Any:
    found = sorted(SHARED.glob("schemas/**/Sahke2_2019_03.xsd")) if SHARED.is_dir() else []
    if not found:
        pytest.skip(f"Sahke2_2019_03.xsd not found under {SHARED} (the shared reference folder)")
    return etree.XMLSchema(etree.parse(str(found[0])))


def assert_valid(schema: Any, xml: bytes) -> Any:
    doc = etree.fromstring(xml)
    assert schema.validate(doc), "\n".join(f"{e.line}: {e.message}" for e in schema.error_log)
    return doc


def make_record(
    rid: str,
    doc_type: str = "paatos",
    diary: list[str] | None = None,
    day: date = date(2017, 3, 12),
    media_type: str = "image/tiff",
    **changes: Any,
) -> RecordMetadata:
    """A stored record whose class, restriction and retention come from the sample plan."""
    sha = hashlib.sha256(rid.encode()).hexdigest()
    record = stored_record(
        rid,
        doc_type=doc_type,
        diary=diary,
        day=day,
        originals=[(f"scans/{rid}.tif", (sha, 1000))],
        media_type=media_type,
        page_quality=[
            PageQuality(
                score=91.5,
                mean_confidence=90.0,
                lexicon_share=0.9,
                words_checked=120,
                flagged=False,
            )
        ],
        pdf=(sha[::-1], 2000),
    )
    return record.model_copy(update=changes)


def with_description(record: RecordMetadata, **changes: Any) -> RecordMetadata:
    return record.model_copy(update={"description": record.description.model_copy(update=changes)})


def test_every_doc_type_validates_against_the_xsd(schema: Any) -> None:
    records = [
        make_record(f"r{i}", t, [f"UUDELY/{100 + i}/2017"], media_type=MEDIA[i % 3])
        for i, t in enumerate(DOC_TYPES)
    ]
    assert sahke2_problems(records, PLAN) == []
    doc = assert_valid(schema, build_sahke2(records, PLAN, INFO))
    assert len(doc.findall("s:CaseFile", NS)) == len(DOC_TYPES)
    types = [t.text for t in doc.findall("s:CaseFile/s:Action/s:Record/s:Type", NS)]
    assert types == [fi for fi, _ in DOC_TYPES.values()]
    formats = {
        (f.findtext("s:Name", namespaces=NS), f.findtext("s:Version", namespaces=NS))
        for f in doc.iter(f"{{{SAHKE2_NS}}}Format")
    }
    assert formats == {("fmt/353", "6.0"), ("fmt/13", "1.2"), ("fmt/43", "1.01"), ("fmt/477", "2b")}
    assert {a.text for a in doc.iter(f"{{{SAHKE2_NS}}}HashAlgorithm")} == {"SHA-256"}
    assert {u.text for u in doc.iter(f"{{{SAHKE2_NS}}}UseType")} == {"Arkisto", "Julkaisu"}


def test_case_file_with_several_actions_in_date_order(schema: Any) -> None:
    records = [
        make_record("late", "paatos", day=date(2017, 5, 2)),
        make_record("early", "hakemus", day=date(2017, 1, 20)),
        make_record(
            "middle", "poytakirja", ["UUDELY/1290/2017", "VARELY/45/2017"], day=date(2017, 3, 1)
        ),
    ]
    doc = assert_valid(schema, build_sahke2(records, PLAN, INFO))
    (case,) = doc.findall("s:CaseFile", NS)
    assert case.findtext("s:NativeId", namespaces=NS) == "UUDELY/1290/2017"
    assert case.findtext("s:Created", namespaces=NS) == "2017-01-20"
    ids = [a.findtext("s:Record/s:NativeId", namespaces=NS) for a in case.findall("s:Action", NS)]
    assert ids == ["early", "middle", "late"]
    assert doc.findtext(".//s:Record[s:NativeId='middle']/s:OtherId", namespaces=NS) == (
        "VARELY/45/2017"
    )
    # the strictest restriction and the longest retention of the case's records
    assert case.findtext("s:Restriction/s:PublicityClass", namespaces=NS) == "Salassa pidettävä"
    assert case.findtext("s:RetentionPeriod", namespaces=NS) == "-1"
    custom = doc.find(".//s:Record/s:Custom", NS)
    assert custom is not None and {etree.QName(c).localname for c in custom} >= {
        "batchId",
        "ocrEngine",
        "ocrQualityMean",
        "typeModelVersion",
        "planHash",
    }


def test_elements_in_the_schema_order() -> None:
    xml = build_sahke2([make_record("r1", "oikaisuvaatimus")], PLAN, INFO)
    doc = etree.fromstring(xml)

    def tags(element: Any) -> list[str]:
        return [etree.QName(c).localname for c in element]

    assert etree.QName(doc).namespace == SAHKE2_NS
    assert tags(doc) == ["TransferInformation", "ContactInformation", "CaseFile"]
    case = doc.find("s:CaseFile", NS)
    assert tags(case) == [
        "Created",
        "NativeId",
        "Language",
        "Restriction",
        "Title",
        "RetentionPeriod",
        "RetentionReason",
        "Status",
        "ClassificationScheme",
        "Function",
        "Type",
        "Action",
    ]
    assert tags(case.find("s:Action/s:Record", NS)) == [
        "Created",
        "NativeId",
        "Language",
        "Restriction",
        "Title",
        "RetentionPeriod",
        "RetentionReason",
        "Status",
        "Function",
        "Type",
        "Authenticity",
        "Document",
        "Document",
        "Custom",
    ]
    assert tags(case.find(".//s:Record/s:Restriction", NS)) == [
        "PublicityClass",
        "SecurityPeriod",
        "SecurityReason",
        "PersonalData",
    ]
    assert tags(case.find(".//s:Document", NS)) == [
        "NativeId",
        "UseType",
        "File",
        "Format",
        "HashAlgorithm",
        "HashValue",
    ]


def test_two_level_class_repeats_its_leaf_as_sub_function() -> None:
    doc = etree.fromstring(build_sahke2([make_record("r1", "lasku")], PLAN, INFO))
    codes = [c.text for c in doc.iter(f"{{{SAHKE2_NS}}}FunctionCode")]
    assert codes == ["02", "02.01", "02.01"]
    doc = etree.fromstring(build_sahke2([make_record("r2", "paatos")], PLAN, INFO))
    assert [c.text for c in doc.iter(f"{{{SAHKE2_NS}}}FunctionCode")][-1] == "01.01"


def test_described_finnish_and_swedish_texts(schema: Any) -> None:
    texts = {
        "fi": "PÄÄTÖS\nDnro UUDELY/1290/2017\nHelsinki 12.3.2017\nAsia: Palkkatuki\n"
        "Elinkeino-, liikenne- ja ympäristökeskus myöntää hakijalle palkkatukea työttömän "
        "työnhakijan palkkaamiseen. Päätöstä sovelletaan hakemuksen mukaisesti.",
        "sv": "BESLUT\nDnr VARELY/45/2016\nÅbo 3.4.2016\nÄrende: Lönesubvention\n"
        "Närings-, trafik- och miljöcentralen beviljar sökanden lönesubvention för att "
        "anställa en arbetslös arbetssökande. Beslutet tillämpas enligt ansökan.",
    }
    records = [
        make_record(f"d-{lang}", description=describe(text, plan=PLAN))
        for lang, text in texts.items()
    ]
    doc = assert_valid(schema, build_sahke2(records, PLAN, INFO))
    assert [e.text for e in doc.findall("s:CaseFile/s:Language", NS)] == ["fi", "sv"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"retention": None}, "RetentionPeriod"),
        (
            {
                "restriction": Restriction(
                    publicity_class="Osittain salassa pidettävä",
                    security_period=25,
                    security_reason="JulkL 24 §",
                    personal_data="sisältää henkilötietoja",
                )
            },
            "Restriction/PublicityClass",
        ),
        ({"diary_numbers": []}, "CaseFile/NativeId"),
        (
            {
                "restriction": Restriction(
                    publicity_class="Salassa pidettävä", personal_data="sisältää henkilötietoja"
                )
            },
            "Restriction/SecurityReason",
        ),
        ({"records_class": None}, "Function"),
        ({"language": "und"}, "Language"),
    ],
)
def test_refused_naming_record_and_field(change: dict[str, Any], field: str) -> None:
    good = make_record("ok")
    bad = with_description(make_record("bad-1"), **change)
    with pytest.raises(ExportRefused) as refused:
        build_sahke2([good, bad], PLAN, INFO)
    assert any(p.startswith(f"record bad-1: {field}:") for p in refused.value.problems), (
        refused.value.problems
    )
    assert not any("record ok:" in p for p in refused.value.problems)


def test_every_problem_is_listed_at_once() -> None:
    records = [
        with_description(make_record("a"), retention=None, diary_numbers=[]),
        with_description(make_record("b"), restriction=None),
        make_record("c", status=RecordStatus.NEEDS_REVIEW, review_reasons=["low OCR quality"]),
        make_record("d", media_type="application/msword"),
    ]
    problems = sahke2_problems(records, PLAN)
    assert [p.split(":")[0] for p in problems] == [
        "record a",
        "record a",
        "record b",
        "record c",
        "record d",
    ]
    assert "low OCR quality" in problems[3]


def test_checksum_verification_is_the_callers() -> None:
    record = make_record("r1")
    seen: list[str] = []

    def verify(file: StoredFile) -> bool:
        seen.append(file.key)
        return not file.key.startswith("derivatives/")

    with pytest.raises(ExportRefused, match=re.escape("record r1: Document r1.pdf: HashValue")):
        build_sahke2([record], PLAN, INFO, verify=verify)
    assert seen == [record.files[0].key, "derivatives/r1.pdf"]
    broken = record.model_copy(
        update={"derivatives": [record.derivatives[0].model_copy(update={"conformance": ""})]}
    )
    assert any("not PDF/A-2b" in p for p in sahke2_problems([broken], PLAN))


def test_the_reference_example_validates(schema: Any) -> None:
    assert schema.validate(etree.parse(str(SHARED / "schemas" / "sahke2_minimal_2019_03.xml")))


def stream_export(
    records: list[RecordMetadata], verify: Any = None, loads: list[list[str]] | None = None
) -> bytes:
    """``write_sahke2`` over ``records`` into memory; ``loads`` records each load call."""
    by_id = {r.id: r for r in records}

    def load(ids: Sequence[str]) -> Iterator[RecordMetadata]:
        if loads is not None:
            loads.append(list(ids))
        return (by_id[i] for i in reversed(ids))  # any order: the writer must not care

    buffer = io.BytesIO()
    write_sahke2(iter(records), load, PLAN, INFO, buffer, verify=verify)
    return buffer.getvalue()


@pytest.mark.shared
def test_streamed_export_is_byte_for_byte_the_one_shot(schema: Any) -> None:
    records = [
        make_record(f"r{i}", t, [f"UUDELY/{100 + i % 4}/2017"], day=date(2017, 1 + i % 12, 3))
        for i, t in enumerate(DOC_TYPES)
    ]
    records.append(make_record("x", "paatos", ["VARELY/9/2018", "UUDELY/100/2017"]))
    loads: list[list[str]] = []
    streamed = stream_export(records, verify=lambda _f: True, loads=loads)
    assert streamed == build_sahke2(records, PLAN, INFO, verify=lambda _f: True)
    assert_valid(schema, streamed)
    # one load per case, cases in order of first appearance, each case's ids in source order
    assert [ids[0] for ids in loads] == ["r0", "r1", "r2", "r3", "x"]
    assert sorted(i for ids in loads for i in ids) == sorted(r.id for r in records)


def test_streamed_export_refuses_before_writing_anything() -> None:
    records = [
        make_record("ok"),
        with_description(make_record("a"), retention=None),
        make_record("ok"),
        with_description(make_record("b"), diary_numbers=[]),
    ]
    buffer = io.BytesIO()
    with pytest.raises(ExportRefused) as refused:
        write_sahke2(iter(records), lambda ids: [], PLAN, INFO, buffer)
    assert refused.value.problems == [
        "record a: RetentionPeriod: no retention",
        "record ok: NativeId: the same record id twice",
        "record b: CaseFile/NativeId: no diary number; the record cannot join a CaseFile",
    ]
    assert buffer.getvalue() == b""
    with pytest.raises(ExportRefused, match="records: none to transfer"):
        write_sahke2(iter([]), lambda ids: [], PLAN, INFO, buffer)


def test_streamed_export_refuses_a_record_changed_between_the_passes() -> None:
    record = make_record("r1")
    checked = check_series([record], PLAN)
    changed = record.model_copy(
        update={"files": [record.files[0].model_copy(update={"sha256": "0" * 64})]}
    )
    with pytest.raises(ExportRefused, match="record r1: changed since it was checked"):
        write_checked(checked, lambda ids: [changed], PLAN, INFO, io.BytesIO())
    with pytest.raises(ExportRefused, match="record r1: NativeId: gone since it was checked"):
        write_checked(checked, lambda ids: [], PLAN, INFO, io.BytesIO())


def test_the_cli_writer_leaves_no_file_when_writing_is_refused(tmp_path: Path) -> None:
    from flows.export_cli import write_atomically

    out = tmp_path / "out" / "transfer.xml"
    checked = check_series([make_record("r1")], PLAN)

    def refuse(stream: Any) -> None:
        write_checked(checked, lambda ids: [], PLAN, INFO, stream)  # r1 gone meanwhile

    with pytest.raises(ExportRefused):
        write_atomically(out, refuse)
    assert list(out.parent.iterdir()) == []
    write_atomically(
        out,
        lambda stream: write_checked(checked, lambda ids: [make_record("r1")], PLAN, INFO, stream),
    )
    assert out.read_bytes() == build_sahke2([make_record("r1")], PLAN, INFO)
    assert list(out.parent.iterdir()) == [out]
