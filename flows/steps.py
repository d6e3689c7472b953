"""The ingest pipeline as small typed steps. Each has a contract and returns a typed result.

store_originals   every file is stored, content-addressed by SHA-256, before anything else
inspect_documents each document: duplicate, quarantined files (with reasons), or page jobs
ocr_page          one page: level it, one Tesseract pass, checkpoint the result
finish_document   describe, searchable PDF, record JSON, catalog row (stored / needs_review)
index_records     push unindexed records to the search index; failures wait for the next run

The Prefect flow in flows/ingest.py only composes these; they run the same without Prefect.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from metadata.describe import describe
from PIL import Image
from pydantic import BaseModel

from archive_schema.record import (
    Derivative,
    PageRecord,
    RecordMetadata,
    RecordStatus,
    StoredFile,
)
from flows.batch import BatchFile, BatchPlan, PlannedDocument
from flows.config import Settings
from infra.catalog import Catalog, now
from infra.search.base import IndexDocument, SearchIndex
from infra.store import ObjectStore, original_key
from ocr.cleanup import analyse_layout, level
from ocr.engine import OcrEngine, OcrError
from ocr.models import PageFacts, PageOcr
from ocr.pages import PageLimits, inspect_file, load_page
from ocr.pdf import image_page_pdf, merge_pdfs

log = logging.getLogger("arkki")

RETRY_ORIENTATION_BELOW = 60.0  # mean word confidence that suggests an upside-down page
CHECKPOINT_VERSION = "1"


class Outcome(StrEnum):
    DONE = "done"
    DUPLICATE = "duplicate"
    QUARANTINED = "quarantined"
    NEEDS_REVIEW = "needs_review"


@dataclass(frozen=True)
class Context:
    settings: Settings
    store: ObjectStore
    catalog: Catalog
    engine: OcrEngine
    search: SearchIndex | None

    @property
    def limits(self) -> PageLimits:
        return PageLimits(
            min_ppi=self.settings.min_ppi, max_megapixels=self.settings.max_megapixels
        )


class Quarantined(BaseModel):
    file: str
    reason: str


class PageJob(BaseModel):
    document_id: str
    batch_id: str
    number: int
    file: StoredFile
    facts: PageFacts
    languages: str
    pdf_text: str = ""


class PageResult(BaseModel):
    number: int
    record: PageRecord
    text: str
    pdf_key: str = ""
    problem: str = ""


class PreparedDocument(BaseModel):
    id: str
    files: list[StoredFile]
    jobs: list[PageJob]
    problems: list[str]


class DocumentResult(BaseModel):
    id: str
    outcome: Outcome
    source_files: list[str]
    record: RecordMetadata | None = None
    text: str = ""


# store_originals ---------------------------------------------------------------------------
def store_originals(ctx: Context, plan: BatchPlan) -> dict[str, StoredFile]:
    """Put every batch file into the store under its SHA-256 and register it in the catalog.

    Idempotent: an original already stored is verified by checksum and left as it is.
    """
    from ocr.pages import sniff_media_type

    stored: dict[str, StoredFile] = {}
    for batch_file in plan.files:
        key = original_key(batch_file.sha256)
        media_type = sniff_media_type(batch_file.path) or "application/octet-stream"
        ctx.store.put_file(key, batch_file.path, batch_file.sha256, media_type)
        ctx.catalog.register_original(batch_file.sha256, batch_file.size, key, batch_file.name)
        stored[batch_file.name] = StoredFile(
            name=batch_file.name,
            sha256=batch_file.sha256,
            size=batch_file.size,
            key=key,
            media_type=media_type,
        )
    return stored


# inspect_documents -------------------------------------------------------------------------
def inspect_documents(
    ctx: Context, plan: BatchPlan, stored: dict[str, StoredFile], languages: str
) -> tuple[list[PreparedDocument], list[DocumentResult], list[Quarantined]]:
    """Split planned documents into work (page jobs), duplicates and quarantined files."""
    prepared: list[PreparedDocument] = []
    duplicates: list[DocumentResult] = []
    quarantined = [Quarantined(file=name, reason=reason) for name, reason in plan.problems]
    for planned in plan.documents:
        names = [f.name for f in planned.files]
        if ctx.catalog.record(planned.id) is not None:
            duplicates.append(
                DocumentResult(id=planned.id, outcome=Outcome.DUPLICATE, source_files=names)
            )
            continue
        document = _prepare(ctx, plan, planned, stored, languages, quarantined)
        if document is not None:
            prepared.append(document)
    for item in quarantined:
        sha = stored[item.file].sha256 if item.file in stored else None
        ctx.catalog.quarantine_file(plan.id, item.file, sha, item.reason)
    return prepared, duplicates, quarantined


def _prepare(
    ctx: Context,
    plan: BatchPlan,
    planned: PlannedDocument,
    stored: dict[str, StoredFile],
    languages: str,
    quarantined: list[Quarantined],
) -> PreparedDocument | None:
    files: list[StoredFile] = []
    jobs: list[PageJob] = []
    problems: list[str] = []
    workdir = ctx.settings.workdir / plan.id
    for batch_file in planned.files:
        reason = batch_file.name_problem or _inspect(
            ctx, batch_file, stored, workdir, jobs, planned.id, plan.id, languages
        )
        if reason:
            quarantined.append(Quarantined(file=batch_file.name, reason=reason))
            problems.append(f"file quarantined: {reason}")
        else:
            files.append(stored[batch_file.name])
    if not jobs:
        return None
    for number, job in enumerate(jobs, start=1):
        job.number = number
    return PreparedDocument(id=planned.id, files=files, jobs=jobs, problems=problems)


def _inspect(
    ctx: Context,
    batch_file: BatchFile,
    stored: dict[str, StoredFile],
    workdir: Path,
    jobs: list[PageJob],
    document_id: str,
    batch_id: str,
    languages: str,
) -> str:
    original = stored[batch_file.name]
    path = ctx.store.materialize(original.key, workdir)
    inspection = inspect_file(path, batch_file.name, ctx.limits)
    if not inspection.ok:
        return inspection.reason
    for index, facts in enumerate(inspection.pages):
        jobs.append(
            PageJob(
                document_id=document_id,
                batch_id=batch_id,
                number=0,
                file=original,
                facts=facts,
                languages=languages,
                pdf_text=inspection.pdf_text[index] if inspection.pdf_text else "",
            )
        )
    return ""


# ocr_page ----------------------------------------------------------------------------------
def page_key(ctx: Context, job: PageJob) -> str:
    parts = [
        CHECKPOINT_VERSION,
        job.file.sha256,
        str(job.facts.source_page),
        ctx.engine.name,
        ctx.engine.version(),
        job.languages,
    ]
    return hashlib.sha256(":".join(parts).encode()).hexdigest()


def ocr_page(ctx: Context, job: PageJob) -> PageResult:
    """Level the page and OCR it once; a finished page is read back from its checkpoint."""
    key = page_key(ctx, job)
    prefix = f"derivatives/pages/{key[:2]}/{key}"
    checkpoint = ctx.catalog.page_result_key(key)
    if checkpoint:
        result = PageResult.model_validate_json(ctx.store.get_bytes(checkpoint))
        result.number = job.number
        result.record.number = job.number
        return result
    record = PageRecord(number=job.number, file=job.file.name, facts=job.facts)
    if job.facts.text_layer:
        result = PageResult(number=job.number, record=record, text=job.pdf_text)
    else:
        result = _ocr_image_page(ctx, job, record, prefix)
    json_key = f"{prefix}/result.json"
    ctx.store.put_bytes(json_key, result.model_dump_json().encode(), "application/json")
    ctx.catalog.remember_page(key, json_key)
    return result


def _ocr_image_page(ctx: Context, job: PageJob, record: PageRecord, prefix: str) -> PageResult:
    workdir = ctx.settings.workdir / job.batch_id
    workdir.mkdir(parents=True, exist_ok=True)
    source = ctx.store.materialize(job.file.key, workdir)
    image = load_page(source, job.file.media_type, job.facts.source_page, job.facts.ppi)
    if image.mode not in ("L", "1"):
        image = image.convert("L")
    ppi = job.facts.ppi
    if job.facts.blank:
        pdf = image_page_pdf(image, ppi)
        pdf_key = f"{prefix}/page.pdf"
        ctx.store.put_bytes(pdf_key, pdf, "application/pdf")
        return PageResult(number=job.number, record=record, text="", pdf_key=pdf_key)
    input_path = workdir / f"{Path(prefix).name}.pnm"
    try:
        ocr = _recognise_upright(ctx, image, input_path, job.languages, ppi)
    except OcrError as error:
        problem = f"page {job.number}: {error}"
        return PageResult(number=job.number, record=record, text="", problem=problem)
    finally:
        input_path.unlink(missing_ok=True)
    pdf_key, alto_key, text_key = (f"{prefix}/page.pdf", f"{prefix}/alto.xml", f"{prefix}/page.txt")
    ctx.store.put_bytes(pdf_key, ocr.pdf, "application/pdf")
    ctx.store.put_bytes(alto_key, ocr.alto.encode(), "application/xml")
    ctx.store.put_bytes(text_key, ocr.text.encode(), "text/plain; charset=utf-8")
    record = record.model_copy(
        update={
            "ocr_engine": f"{ocr.engine} {ocr.engine_version}",
            "ocr_languages": ocr.languages,
            "ocr_confidence": ocr.mean_confidence,
            "word_count": ocr.word_count,
            "rotation": ocr.rotation,
            "skew_degrees": ocr.skew_degrees,
            "text_key": text_key,
            "alto_key": alto_key,
        }
    )
    return PageResult(number=job.number, record=record, text=ocr.text, pdf_key=pdf_key)


def _recognise_upright(
    ctx: Context, master: Image.Image, input_path: Path, languages: str, ppi: int
) -> PageOcr:
    """OCR the levelled page; where it reads badly, ask Tesseract OSD and try it turned."""
    layout = analyse_layout(master)
    rotation = 0
    if layout.vertical_lines:
        master.save(input_path)
        turn, _ = ctx.engine.orientation(input_path, ppi)
        rotation = turn if turn in (90, 270) else 90
    ocr = _recognise(ctx, master, rotation, input_path, languages, ppi)
    if ocr.mean_confidence >= RETRY_ORIENTATION_BELOW:
        return ocr
    turn, confidence = ctx.engine.orientation(input_path, ppi)
    if turn == 0 or confidence < 1.0:
        return ocr
    second = _recognise(ctx, master, (rotation + turn) % 360, input_path, languages, ppi)
    return second if second.mean_confidence > ocr.mean_confidence else ocr


def _recognise(
    ctx: Context, master: Image.Image, rotation: int, path: Path, languages: str, ppi: int
) -> PageOcr:
    upright = level(master, rotation, 0.0) if rotation else master
    skew = analyse_layout(upright).skew_degrees
    level(upright, 0, skew if abs(skew) >= 0.15 else 0.0).save(path)
    ocr = ctx.engine.recognise(path, languages, ppi)
    return ocr.model_copy(update={"rotation": rotation, "skew_degrees": skew})


# finish_document ---------------------------------------------------------------------------
def finish_document(
    ctx: Context,
    document: PreparedDocument,
    pages: list[PageResult],
    batch: tuple[str, str, str],
) -> DocumentResult:
    """Describe the document, write its derivatives and record, and add the catalog row.

    The catalog row is written last and atomically: a crash before it leaves no record, and
    the re-run finds the pages in their checkpoints.
    """
    batch_id, agency, series = batch
    pages = sorted(pages, key=lambda p: p.number)
    text = "\n\n".join(p.text for p in pages if p.text)
    description = describe(text)
    reasons = list(document.problems) + [p.problem for p in pages if p.problem]
    confidences = [p.record.ocr_confidence for p in pages if p.record.ocr_confidence is not None]
    ocr_confidence = round(sum(confidences) / len(confidences), 2) if confidences else None
    if ocr_confidence is not None and ocr_confidence < ctx.settings.review_ocr_confidence:
        reasons.append(
            f"OCR confidence {ocr_confidence:.0f} is below {ctx.settings.review_ocr_confidence:.0f}"
        )
    if description.doc_type_confidence < ctx.settings.review_type_confidence:
        reasons.append(
            f"document type uncertain ({description.doc_type}, "
            f"confidence {description.doc_type_confidence:.2f})"
        )
    if not text.strip():
        reasons.append("no text was recognised")
    derivatives = _searchable_pdf(ctx, document, pages)
    record = RecordMetadata(
        id=document.id,
        batch_id=batch_id,
        agency=agency,
        series=series,
        status=RecordStatus.NEEDS_REVIEW if reasons else RecordStatus.STORED,
        review_reasons=reasons,
        files=document.files,
        pages=[p.record for p in pages],
        description=description,
        ocr_confidence=ocr_confidence,
        derivatives=derivatives,
        created_at=now(),
    )
    ctx.store.put_bytes(f"records/{document.id}/text.txt", text.encode(), "text/plain")
    ctx.store.put_bytes(
        f"records/{document.id}/record.json",
        record.model_dump_json(indent=2).encode(),
        "application/json",
    )
    added = ctx.catalog.add_record(
        document.id,
        batch_id,
        record.status.value,
        description.doc_type,
        agency,
        description.title,
        record.model_dump_json(),
    )
    names = [f.name for f in document.files]
    if not added:
        return DocumentResult(id=document.id, outcome=Outcome.DUPLICATE, source_files=names)
    outcome = Outcome.NEEDS_REVIEW if reasons else Outcome.DONE
    return DocumentResult(
        id=document.id, outcome=outcome, source_files=names, record=record, text=text
    )


def _searchable_pdf(
    ctx: Context, document: PreparedDocument, pages: list[PageResult]
) -> list[Derivative]:
    page_pdfs = [ctx.store.get_bytes(p.pdf_key) for p in pages if p.pdf_key]
    if not page_pdfs or len(page_pdfs) != len(pages):
        return []  # born-digital PDFs are searchable already; a failed page leaves none
    data = merge_pdfs(page_pdfs, title=document.id)
    key = f"records/{document.id}/searchable.pdf"
    head = ctx.store.put_bytes(key, data, "application/pdf")
    return [
        Derivative(
            kind="searchable-pdf",
            key=key,
            sha256=head.sha256,
            size=head.size,
            media_type="application/pdf",
        )
    ]


# index_records -----------------------------------------------------------------------------
def index_document(record: RecordMetadata, text: str) -> IndexDocument:
    description = record.description
    return IndexDocument(
        id=record.id,
        title=description.title,
        text=text,
        doc_type=description.doc_type,
        agency=record.agency,
        language=description.language,
        diary_numbers=description.diary_numbers,
        dates=description.dates,
        batch_id=record.batch_id,
        status=record.status.value,
    )


def index_records(ctx: Context, batch_size: int = 200) -> tuple[int, str]:
    """Index every catalog record not yet in the search index. Returns (count, problem).

    An unavailable index never fails an ingest: the records stay marked unindexed and the
    next run (or ``arkki reindex``) picks them up.
    """
    if ctx.search is None:
        return 0, "no search index configured"
    pending = list(ctx.catalog.unindexed())
    done = 0
    for start in range(0, len(pending), batch_size):
        chunk = pending[start : start + batch_size]
        documents = []
        for row in chunk:
            record = RecordMetadata.model_validate_json(row["record"])
            text = ctx.store.get_bytes(f"records/{record.id}/text.txt").decode()
            documents.append(index_document(record, text))
        try:
            ctx.search.index(documents)
        except Exception as error:  # any backend failure: keep the records for the next run
            log.warning("search indexing failed, will retry on the next run: %s", error)
            return done, f"search indexing failed ({error}); records will be indexed later"
        ctx.catalog.mark_indexed([d.id for d in documents])
        done += len(documents)
    return done, ""
