"""Shared helpers of the lifecycle tests (no tests here): records written straight into a real
catalog and store (no OCR) with a class of the sample plan, an original, page files, a
searchable PDF and text, so destruction and fixity have real objects to work on."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime

from archive_schema.record import (
    Derivative,
    PageRecord,
    RecordMetadata,
    RecordStatus,
    StoredFile,
)
from flows.config import Settings, open_catalog, open_store
from infra.store import original_key
from metadata.models import Description, RecordsClass, Restriction, Retention
from metadata.plan import sample_plan
from metadata.plan_assign import class_defaults
from ocr.models import PageFacts
from ocr.quality import PageQuality

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
    sha = hashlib.sha256(data).hexdigest()
    leaf = PLAN.find(klass)
    assert leaf is not None
    d = class_defaults(PLAN, klass)
    facts = PageFacts(
        source_page=0,
        width=620,
        height=877,
        ppi=300,
        ppi_source="metadata",
        mode="L",
        bits_per_sample=8,
        ink_ratio=0.1,
        blank=False,
    )
    pages = []
    for number, score in enumerate(quality or [90.0], start=1):
        folder = f"derivatives/pages/{rid[-2:]}/{rid}-{number}"
        pages.append(
            PageRecord(
                number=number,
                file=f"{rid}.tif",
                facts=facts,
                quality=None
                if score is None
                else PageQuality(
                    score=score,
                    mean_confidence=score,
                    lexicon_share=None,
                    words_checked=10,
                    flagged=score < 80,
                ),
                text_key=f"{folder}/page.txt",
                alto_key=f"{folder}/alto.xml",
            )
        )
    pdf = f"%PDF searchable {rid}".encode()
    record = RecordMetadata(
        id=rid,
        batch_id=batch,
        agency=agency,
        status=status,
        files=[
            StoredFile(
                name=f"{rid}.tif",
                sha256=sha,
                size=len(data),
                key=original_key(sha),
                media_type="image/tiff",
            )
        ],
        pages=pages,
        description=Description(
            language="fin",
            language_confidence=0.9,
            doc_type=doc_type,
            doc_type_confidence=0.9,
            doc_type_reason="t",
            title=f"Asiakirja {rid}",
            diary_numbers=diaries if diaries is not None else [f"UUDELY/{rid[-4:]}/2017"],
            document_date=document_date,
            records_class=RecordsClass(
                code=klass,
                title_fi=leaf.title_fi,
                process_id=leaf.processes[0].id,
                confidence=0.9,
                reason="t",
            ),
            restriction=Restriction(
                publicity_class=d.publicity_class,
                security_period=d.secrecy_period,
                security_reason=d.secrecy_reason,
                personal_data=d.personal_data,
            ),
            retention=Retention(
                period=d.retention_period, reason=d.retention_reason, trigger=d.retention_trigger
            ),
        ),
        ocr_confidence=90.0,
        derivatives=[
            Derivative(
                kind="searchable-pdf",
                key=f"records/{rid}/searchable.pdf",
                sha256=hashlib.sha256(pdf).hexdigest(),
                size=len(pdf),
                media_type="application/pdf",
            )
        ],
        created_at=created or datetime(2018, 1, 10, tzinfo=UTC),
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
