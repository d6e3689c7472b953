"""SÄHKE2 export, property-based: random valid series always validate; broken ones are refused.

Hypothesis builds series of several cases with 1-4 records each, drawing publicity classes
(with security period and reason where not public), personal-data values, retention (incl. -1
permanent), languages, document types, titles in Finnish and Swedish with XML-special
characters, several originals and a PDF/A-2b derivative, and dates. Every export (streamed and
one-shot, byte-identical) must validate against KA's ``Sahke2_2019_03.xsd``; every single
mutation that breaks a mandatory field must be refused, naming the record and the field,
with nothing written.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from archive_schema.record import Derivative, RecordMetadata, RecordStatus, StoredFile
from archive_schema.sahke2 import ExportRefused, build_sahke2, write_sahke2
from archive_schema.sahke2_model import TransferInfo
from metadata.models import DOC_TYPES, Description, RecordsClass, Restriction, Retention
from metadata.plan import sample_plan
from metadata.plan_terms import PERSONAL_DATA_VALUES, PUBLIC, PUBLICITY_CLASSES

SHARED = Path(__file__).resolve().parents[2] / "shared"
PLAN = sample_plan()
LEAVES = [leaf for leaf in PLAN.leaves() if len(PLAN.lineage(leaf.code)) >= 2]
INFO = TransferInfo(
    native_id="siirto-ominaisuus",
    title="Ominaisuustesti & <siirto>",
    contract_id="KA/1/2026",
    organisation="ELY-keskus",
    contact_name="Kirjaamo",
    contact_address="PL 1, 00100 Helsinki",
    contact_phone="+358 295 000 000",
    contact_email="kirjaamo@example.fi",
)
MEDIA = ("image/tiff", "image/png", "image/jpeg")
SUFFIX = {"image/tiff": "tif", "image/png": "png", "image/jpeg": "jpg"}
TEXT = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzäöåÄÖÅéü ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789&<>\"'-.,§/",
    min_size=1,
    max_size=40,
).filter(lambda t: t.strip() != "")
TITLES = st.one_of(
    TEXT,
    st.sampled_from(
        [
            "Päätös palkkatuesta & <liite>",
            "Beslut om lönesubvention för år 2017",
            "Ärende: Åbo > Närpes",
            "Hakemus \"yritystuki\" 'ÄÖÅ'",
        ]
    ),
)
settings.register_profile("sahke2", max_examples=40, deadline=None)


@pytest.fixture(scope="module")
def schema() -> Any:
    found = sorted(SHARED.glob("schemas/**/Sahke2_2019_03.xsd")) if SHARED.is_dir() else []
    if not found:
        pytest.skip(f"Sahke2_2019_03.xsd not found under {SHARED} (the shared reference folder)")
    return etree.XMLSchema(etree.parse(str(found[0])))


@st.composite
def restrictions(draw: st.DrawFn) -> Restriction:
    publicity = draw(st.sampled_from(PUBLICITY_CLASSES))
    secret = publicity != PUBLIC
    return Restriction(
        publicity_class=publicity,
        security_period=draw(st.integers(1, 100)) if secret else None,
        security_reason=draw(st.sampled_from(["JulkL 24 § 1 mom. 25 k.", "JulkL 24 § 32 k."]))
        if secret
        else None,
        personal_data=draw(st.sampled_from(PERSONAL_DATA_VALUES)),
    )


def _sha(draw: st.DrawFn) -> str:
    return hashlib.sha256(draw(st.binary(min_size=1, max_size=16))).hexdigest()


@st.composite
def records(draw: st.DrawFn, rid: str, diary: list[str]) -> RecordMetadata:
    leaf = draw(st.sampled_from(LEAVES))
    day = draw(st.one_of(st.none(), st.dates(date(1950, 1, 1), date(2030, 12, 31))))
    files = [
        StoredFile(
            name=f"scans/{rid}-{i}.{SUFFIX[media]}",
            sha256=_sha(draw),
            size=draw(st.integers(1, 10**9)),
            key=f"originals/{rid}-{i}",
            media_type=media,
        )
        for i, media in enumerate(draw(st.lists(st.sampled_from(MEDIA), min_size=1, max_size=3)))
    ]
    derivatives = [
        Derivative(
            kind="searchable-pdf",
            key=f"derivatives/{rid}.pdf",
            sha256=_sha(draw),
            size=draw(st.integers(1, 10**9)),
            media_type="application/pdf",
            conformance="PDF/A-2b",
        )
    ] * draw(st.integers(0, 1))
    description = Description(
        language=draw(st.sampled_from(["fin", "swe", "eng"])),
        language_confidence=draw(st.floats(0, 1)),
        doc_type=draw(st.sampled_from(sorted(DOC_TYPES))),
        doc_type_confidence=draw(st.floats(0, 1)),
        doc_type_reason="property test",
        title=draw(TITLES),
        diary_numbers=diary,
        dates=draw(st.lists(st.dates(date(1950, 1, 1), date(2030, 12, 31)), max_size=3)),
        document_date=day,
        records_class=RecordsClass(
            code=leaf.code,
            title_fi=leaf.title_fi,
            process_id=leaf.processes[0].id if leaf.processes else "p",
            confidence=draw(st.floats(0, 1)),
            reason="property test",
        ),
        restriction=draw(restrictions()),
        retention=Retention(
            period=draw(st.one_of(st.just(-1), st.integers(0, 120))),
            reason=draw(TEXT),
            trigger=draw(st.one_of(st.none(), st.just("asian päättyminen"))),
        ),
        model_version=draw(st.sampled_from(["", "type-2026.1"])),
        plan_version=PLAN.version,
        plan_hash=PLAN.content_hash,
    )
    return RecordMetadata(
        id=rid,
        batch_id="batch-p",
        agency=draw(st.sampled_from(["UUDELY", "VARELY", "KEHA"])),
        status=RecordStatus.STORED,
        files=files,
        pages=[],
        description=description,
        ocr_confidence=draw(st.one_of(st.none(), st.floats(0, 100))),
        derivatives=derivatives,
        created_at=datetime(2026, 1, 5, 10, 0),
    )


@st.composite
def series(draw: st.DrawFn) -> list[RecordMetadata]:
    """2-5 cases of 1-4 records, interleaved; some records carry a second diary number."""
    out: list[RecordMetadata] = []
    for case in range(draw(st.integers(2, 5))):
        number = f"{draw(st.sampled_from(['UUDELY', 'VARELY', 'KEHA']))}/{100 + case}/2017"
        for n in range(draw(st.integers(1, 4))):
            extra = draw(st.lists(st.just(f"LAPELY/{case}{n}/2018"), max_size=1))
            out.append(draw(records(f"c{case}-r{n}", [number, *extra])))
    return draw(st.permutations(out))


def streamed(records_: list[RecordMetadata], verify: Any = None) -> tuple[bytes, io.BytesIO]:
    by_id = {r.id: r for r in records_}

    def load(ids: Sequence[str]) -> Iterator[RecordMetadata]:
        return (by_id[i] for i in ids)

    buffer = io.BytesIO()
    write_sahke2(iter(records_), load, PLAN, INFO, buffer, verify=verify)
    return buffer.getvalue(), buffer


@pytest.mark.shared
@settings(settings.get_profile("sahke2"))
@given(series())
def test_every_random_valid_series_validates(schema: Any, records_: list[RecordMetadata]) -> None:
    xml, _ = streamed(records_)
    assert xml == build_sahke2(records_, PLAN, INFO)
    doc = etree.fromstring(xml)
    assert schema.validate(doc), "\n".join(f"{e.line}: {e.message}" for e in schema.error_log)
    cases = {r.description.diary_numbers[0] for r in records_}
    assert len(doc) == 2 + len(cases)
    titles = {t.text for t in doc.iterfind("{*}CaseFile/{*}Action/{*}Record/{*}Title")}
    assert titles == {r.description.title for r in records_}  # & < > ä ö å survive


MUTATIONS = ("no retention", "wrong publicity", "no diary number", "bad checksum", "not in store")


def mutate(record: RecordMetadata, how: str) -> tuple[RecordMetadata, str]:
    """The broken record and the ``"<field>:"`` its refusal must name."""
    d = record.description
    if how == "no retention":
        return _describe(record, retention=None), "RetentionPeriod:"
    if how == "wrong publicity":
        assert d.restriction is not None
        wrong = d.restriction.model_copy(update={"publicity_class": "Osittain salassa pidettävä"})
        return _describe(record, restriction=wrong), "Restriction/PublicityClass:"
    if how == "no diary number":
        return _describe(record, diary_numbers=[]), "CaseFile/NativeId:"
    first = record.files[0]
    if how == "bad checksum":
        broken = first.model_copy(update={"sha256": first.sha256[:-1] + "x"})
        return record.model_copy(update={"files": [broken, *record.files[1:]]}), (
            f"Document {first.name}: HashValue:"
        )
    return record, f"Document {first.name}: HashValue: does not match"


def _describe(record: RecordMetadata, **changes: Any) -> RecordMetadata:
    return record.model_copy(update={"description": record.description.model_copy(update=changes)})


@settings(settings.get_profile("sahke2"))
@given(series(), st.data())
def test_every_broken_record_is_refused_by_name_and_field(
    records_: list[RecordMetadata], data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(records_) - 1))
    how = data.draw(st.sampled_from(MUTATIONS))
    broken, field = mutate(records_[index], how)
    batch = [*records_[:index], broken, *records_[index + 1 :]]
    missing = broken.files[0].key if how == "not in store" else None

    def verify(file: StoredFile) -> bool:
        return file.key != missing

    expected = f"record {broken.id}: {field}"
    buffer = io.BytesIO()
    by_id = {r.id: r for r in batch}
    with pytest.raises(ExportRefused) as refused:
        write_sahke2(iter(batch), lambda ids: (by_id[i] for i in ids), PLAN, INFO, buffer, verify)
    assert buffer.getvalue() == b""
    assert any(p.startswith(expected) for p in refused.value.problems), refused.value.problems
    assert all(p.startswith(f"record {broken.id}: ") for p in refused.value.problems)
    with pytest.raises(ExportRefused) as one_shot:
        build_sahke2(batch, PLAN, INFO, verify=verify)
    assert one_shot.value.problems == refused.value.problems
