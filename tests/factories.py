"""Records built for tests (no tests here): ``stored_record`` makes the ``RecordMetadata`` that
ingest would have stored, classed from the shipped sample plan, without running OCR.

The test modules keep their own thin wrappers (``make_record``, ``review_record``), each
passing the values its exported XML, checksums and catalog rows were written against.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from datetime import date, datetime

from archive_schema.record import (
    Derivative,
    PageRecord,
    RecordMetadata,
    RecordStatus,
    StoredFile,
)
from metadata.models import DOC_TYPES, Description, RecordsClass, Restriction, Retention
from metadata.plan import PlanClass, Process, RecordsPlan, sample_plan
from ocr.models import PageFacts
from ocr.quality import PageQuality

PLAN = sample_plan()
# An object's bytes, or a made-up (sha256, size) for an object no test reads back.
Content = bytes | tuple[str, int]


def checksum(content: Content) -> tuple[str, int]:
    """The SHA-256 and size of ``content``."""
    if isinstance(content, bytes):
        return hashlib.sha256(content).hexdigest(), len(content)
    return content


def flat_key(sha256: str) -> str:
    """``originals/<sha256>``: the object key of an original when the store is never read."""
    return f"originals/{sha256}"


def leaf_for(doc_type: str, plan: RecordsPlan = PLAN) -> tuple[PlanClass, Process]:
    """The first leaf class, and its first process, that uses ``doc_type``."""
    for leaf in plan.leaves():
        for process in leaf.processes:
            if doc_type in process.doc_types:
                return leaf, process
    raise AssertionError(doc_type)


def leaf_of(code: str, plan: RecordsPlan = PLAN) -> tuple[PlanClass, Process]:
    """Leaf class ``code`` and its first process."""
    leaf = plan.find(code)
    assert leaf is not None and leaf.is_leaf, code
    return leaf, leaf.processes[0]


def stored_record(
    rid: str,
    *,
    doc_type: str = "paatos",
    klass: str | None = None,
    class_doc_type: str | None = None,
    diary: list[str] | None = None,
    day: date | None = date(2017, 3, 12),
    language: str = "fin",
    title: str | None = None,
    language_confidence: float = 0.98,
    doc_type_confidence: float = 0.91,
    doc_type_reason: str = "test",
    class_confidence: float = 0.8,
    class_reason: str = "test",
    model_version: str = "type-2026.1",
    plan_stamp: bool = True,
    originals: Sequence[tuple[str, Content]] | None = None,
    original_key: Callable[[str], str] = flat_key,
    media_type: str = "image/tiff",
    page_size: tuple[int, int] = (2480, 3508),
    ink_ratio: float = 0.05,
    ocr_engine: str = "tesseract 5.3",
    page_quality: Sequence[PageQuality | None] = (None,),
    page_text: bool = False,
    pdf: Content | None = None,
    pdf_key: str | None = None,
    pdf_conformance: str = "PDF/A-2b",
    status: RecordStatus = RecordStatus.STORED,
    review_reasons: list[str] | None = None,
    agency: str = "UUDELY",
    batch: str = "batch-1",
    ocr_confidence: float = 90.0,
    created: datetime = datetime(2026, 1, 5, 10, 0),
) -> RecordMetadata:
    """A stored record of ``rid`` whose class, restriction and retention come from the sample
    plan: class ``klass`` (its first process) or else the class of ``class_doc_type``
    (default ``doc_type``).

    ``title``: default ``"<type name> <rid>"``; ``diary``: default ``["UUDELY/1290/2017"]``.
    ``plan_stamp``: record the plan's version and hash in the description.
    ``originals``: (file name, content) of each original; default one, ``<rid>.tif`` holding
    ``b"scan of <rid>"``, filed under ``original_key(sha256)``. ``page_quality``: one entry a
    page (all pages of ``<rid>.tif``); ``page_text``: give each page text and ALTO keys under
    ``derivatives/pages/``. ``pdf``: the searchable PDF's content (None: no PDF), stored at
    ``pdf_key`` (default ``derivatives/<rid>.pdf``).
    """
    leaf, process = leaf_of(klass) if klass is not None else leaf_for(class_doc_type or doc_type)
    if originals is None:
        originals = [(f"{rid}.tif", f"scan of {rid}".encode())]
    files = []
    for name, content in originals:
        sha, size = checksum(content)
        files.append(
            StoredFile(
                name=name, sha256=sha, size=size, key=original_key(sha), media_type=media_type
            )
        )
    width, height = page_size
    facts = PageFacts(
        source_page=0,
        width=width,
        height=height,
        ppi=300,
        ppi_source="metadata",
        mode="L",
        bits_per_sample=8,
        ink_ratio=ink_ratio,
        blank=False,
    )
    pages = []
    for number, quality in enumerate(page_quality, start=1):
        folder = f"derivatives/pages/{rid[-2:]}/{rid}-{number}"
        pages.append(
            PageRecord(
                number=number,
                file=f"{rid}.tif",
                facts=facts,
                ocr_engine=ocr_engine,
                quality=quality,
                text_key=f"{folder}/page.txt" if page_text else "",
                alto_key=f"{folder}/alto.xml" if page_text else "",
            )
        )
    derivatives = []
    if pdf is not None:
        sha, size = checksum(pdf)
        derivatives.append(
            Derivative(
                kind="searchable-pdf",
                key=pdf_key or f"derivatives/{rid}.pdf",
                sha256=sha,
                size=size,
                media_type="application/pdf",
                conformance=pdf_conformance,
            )
        )
    description = Description(
        language=language,
        language_confidence=language_confidence,
        doc_type=doc_type,
        doc_type_confidence=doc_type_confidence,
        doc_type_reason=doc_type_reason,
        title=title or f"{DOC_TYPES[doc_type][0].capitalize()} {rid}",
        diary_numbers=["UUDELY/1290/2017"] if diary is None else diary,
        document_date=day,
        records_class=RecordsClass(
            code=leaf.code,
            title_fi=leaf.title_fi,
            process_id=process.id,
            confidence=class_confidence,
            reason=class_reason,
        ),
        restriction=Restriction(
            publicity_class=process.publicity_class,
            security_period=process.secrecy_period,
            security_reason=process.secrecy_reason,
            personal_data=process.personal_data,
        ),
        retention=Retention(
            period=process.retention_period,
            reason=process.retention_reason,
            trigger=process.retention_trigger,
        ),
        model_version=model_version,
        plan_version=PLAN.version if plan_stamp else "",
        plan_hash=PLAN.content_hash if plan_stamp else "",
    )
    return RecordMetadata(
        id=rid,
        batch_id=batch,
        agency=agency,
        status=status,
        review_reasons=[] if review_reasons is None else review_reasons,
        files=files,
        pages=pages,
        description=description,
        ocr_confidence=ocr_confidence,
        derivatives=derivatives,
        created_at=created,
    )
