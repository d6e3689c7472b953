"""The validation screen marks the words Tesseract was unsure of and previews the record's
SÄHKE2 XML once it can be transferred."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from archive_schema.sahke2_model import SAHKE2_NS
from infra.store import LocalObjectStore
from metadata.plan import sample_plan
from tests.test_web_support import Web, review_record
from tests.test_web_support import accounts_catalog as accounts_catalog
from tests.test_web_support import web as web
from web.review_text import low_confidence_words, marked_text, sahke2_preview

ALTO = b"""<?xml version="1.0" encoding="UTF-8"?>
<alto xmlns="http://www.loc.gov/standards/alto/ns-v3#"><Layout><Page><PrintSpace>
<TextBlock><TextLine>
<String CONTENT="Palkkatuki" WC="0.96"/><String CONTENT="myonnettiin" WC="0.41"/>
<String CONTENT="&lt;b&gt;" WC="0.2"/><String CONTENT="vuodeksi." WC="0.55"/>
</TextLine></TextBlock></PrintSpace></Page></Layout></alto>"""


def test_words_under_the_confidence_threshold_are_marked_and_the_rest_escaped(
    tmp_path: Path,
) -> None:
    store = LocalObjectStore(tmp_path / "objects")
    record, _ = review_record("r1")
    store.put_bytes("records/r1/page-1.alto.xml", ALTO, "application/xml")
    page = record.pages[0].model_copy(update={"alto_key": "records/r1/page-1.alto.xml"})
    record = record.model_copy(update={"pages": [page]})
    low = low_confidence_words(record, store)
    assert low == {"myonnettiin", "b", "vuodeksi"}
    shown = str(marked_text("Palkkatuki myonnettiin <b> vuodeksi.", low))
    assert shown == (
        'Palkkatuki <mark class="lowconf">myonnettiin</mark> '
        '&lt;<mark class="lowconf">b</mark>&gt; <mark class="lowconf">vuodeksi</mark>.'
    )


def test_a_record_without_alto_or_with_a_broken_one_marks_nothing(tmp_path: Path) -> None:
    store = LocalObjectStore(tmp_path / "objects")
    record, _ = review_record("r2")
    assert low_confidence_words(record, store) == set()
    store.put_bytes("records/r2/page-1.alto.xml", b"<alto", "application/xml")
    page = record.pages[0].model_copy(update={"alto_key": "records/r2/page-1.alto.xml"})
    assert low_confidence_words(record.model_copy(update={"pages": [page]}), store) == set()


def test_the_preview_is_the_records_sahke2_once_approved_or_nothing_while_fields_miss() -> None:
    plan = sample_plan()
    record, _ = review_record("r3")
    xml = sahke2_preview(record, plan)
    root = etree.fromstring(xml.encode())
    assert root.tag == f"{{{SAHKE2_NS}}}Metadata"
    assert root.findtext(f".//{{{SAHKE2_NS}}}Record/{{{SAHKE2_NS}}}NativeId") == "r3"
    missing = record.model_copy(
        update={"description": record.description.model_copy(update={"retention": None})}
    )
    assert sahke2_preview(missing, plan) == ""


def test_the_validation_screen_shows_both(web: Web) -> None:
    record, data = review_record("r4")
    web.add(record, data, text="Palkkatuki myönnettiin <vuodeksi>")
    page = web.client("aino").get("/tasks/r4")
    assert page.status_code == 200
    assert 'id="sahke2-xml"' in page.text and "&lt;Metadata" in page.text
    assert "myönnettiin &lt;vuodeksi&gt;" in page.text  # no ALTO here: nothing marked, escaped
