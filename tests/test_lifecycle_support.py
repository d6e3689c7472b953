"""Shared helpers of the lifecycle tests (no tests here): records written straight into a real
catalog and store (no OCR) with a class of the sample plan, an original, page files, a
searchable PDF and text, so destruction and fixity have real objects to work on."""

from __future__ import annotations

from datetime import UTC, date, datetime

from archive_schema.record import RecordMetadata, RecordStatus
from flows.config import Settings, open_catalog, open_store
from infra.store import original_key
from metadata.plan import sample_plan
from ocr.quality import PageQuality
from tests.factories import stored_record

PLAN = sample_plan()
# sample plan: 00.01 public, 6 y from case closure; 00.02 permanent; 00.03 not public, 10 y
PUBLIC_CLASS, PERMANENT_CLASS, SECRET_CLASS = "00.01", "00.02", "00.03"


def make_record(
    rid: str,
    klass: str = PUBLIC_CLASS,
    document_date: date | None = date(2017, 3, 12),
    diaries: list[str] | None = None,
    status: RecordStatus = RecordStatus.STORED,
    agency: str = "UUDELY",
    created: datetime | None = None,
    batch: str = "b-1",
    quality: list[float | None] | None = None,
    doc_type: str = "kirje",
) -> tuple[RecordMetadata, bytes]:
    data = f"scan of {rid}".encode()
    record = stored_record(
        rid,
        doc_type=doc_type,
        klass=klass,
        diary=diaries if diaries is not None else [f"UUDELY/{rid[-4:]}/2017"],
        day=document_date,
        title=f"Asiakirja {rid}",
        language_confidence=0.9,
        doc_type_confidence=0.9,
        doc_type_reason="t",
        class_confidence=0.9,
        class_reason="t",
        model_version="",
        plan_stamp=False,
        originals=[(f"{rid}.tif", data)],
        original_key=original_key,
        page_size=(620, 877),
        ink_ratio=0.1,
        ocr_engine="",
        page_quality=[
            None
            if score is None
            else PageQuality(
                score=score,
                mean_confidence=score,
                lexicon_share=None,
                words_checked=10,
                flagged=score < 80,
            )
            for score in quality or [90.0]
        ],
        page_text=True,
        pdf=f"%PDF searchable {rid}".encode(),
        pdf_key=f"records/{rid}/searchable.pdf",
        pdf_conformance="",
        status=status,
        agency=agency,
        batch=batch,
        created=created or datetime(2018, 1, 10, tzinfo=UTC),
    )
    return record, data


def add_record(
    settings: Settings, record: RecordMetadata, data: bytes, created: datetime | None = None
) -> None:
    """Store the record's objects and catalog row (``created``: the ingest time)."""
    from sqlalchemy import update

    from infra.catalog import records

    catalog, store = open_catalog(settings), open_store(settings)
    store.put_bytes(record.files[0].key, data, "image/tiff")
    catalog.register_original(record.files[0].sha256, len(data), record.files[0].key, "x.tif")
    for page in record.pages:
        store.put_bytes(page.text_key, b"page text", "text/plain")
        store.put_bytes(page.alto_key, b"<alto/>", "application/xml")
    store.put_bytes(record.derivatives[0].key, f"%PDF searchable {record.id}".encode())
    store.put_bytes(f"records/{record.id}/text.txt", b"text", "text/plain")
    store.put_bytes(f"records/{record.id}/record.json", record.model_dump_json().encode())
    catalog.add_record(
        record.id,
        record.batch_id,
        record.status.value,
        record.description.doc_type,
        record.agency,
        record.description.title,
        record.model_dump_json(),
    )
    with catalog.engine.begin() as conn:
        conn.execute(
            update(records)
            .where(records.c.id == record.id)
            .values(created_at=created or record.created_at)
        )
    catalog.engine.dispose()
