"""The ingest pipeline as small typed steps. Each has a contract and returns a typed result.

store_originals   every file is stored, content-addressed by SHA-256, before anything else
inspect_document  each document: duplicate, quarantined files (with reasons), or page jobs
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

from PIL import Image
from pydantic import BaseModel
from sqlalchemy import update

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
from infra.catalog import records as catalog_records
from infra.search.base import IndexDocument, SearchIndex, add_years
from infra.store import ObjectStore, original_key
from metadata.classifier import TypeModel
from metadata.describe import describe
from metadata.language import detect_language
from metadata.masking import mask_personal_identity_codes
from metadata.plan import RecordsPlan
from metadata.review import ReviewThresholds, review_reasons
from ocr.cleanup import DESKEW_MIN_DEGREES, analyse_layout, clean_for_ocr, level
from ocr.engine import OcrEngine, OcrError, installed_languages
from ocr.models import PageFacts, PageOcr
from ocr.pages import PageLimits, inspect_file, load_page
from ocr.pdf import merge_pdfs, searchable_page, turned_page
from ocr.pdfa import pdfa_problems
from ocr.quality import PageQuality, assess

log = logging.getLogger("arkki")

RETRY_ORIENTATION_BELOW = 60.0  # mean word confidence that suggests an upside-down page
CHECKPOINT_VERSION = "2"  # 2: page quality scores
DIRECT_MEDIA_TYPES = ("image/png", "image/jpeg", "image/tiff")


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
    plan: RecordsPlan | None = None  # None: the shipped sample plan
    type_model: TypeModel | None = None  # None: the document-type rules alone
    route_languages: bool = False  # languages not given: read each page's language first

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
    direct_input: bool = False  # Tesseract can read this page straight from the stored file


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


# inspect_document --------------------------------------------------------------------------
class Inspected(BaseModel):
    prepared: PreparedDocument | None = None
    duplicate: DocumentResult | None = None
    quarantined: list[Quarantined] = []


def inspect_document(
    ctx: Context,
    plan: BatchPlan,
    planned: PlannedDocument,
    stored: dict[str, StoredFile],
    languages: str,
) -> Inspected:
    """A planned document is a duplicate, or its readable pages become jobs and its
    unreadable files are quarantined with a reason. Decodes every page once."""
    names = [f.name for f in planned.files]
    if ctx.catalog.record(planned.id) is not None:
        duplicate = DocumentResult(id=planned.id, outcome=Outcome.DUPLICATE, source_files=names)
        return Inspected(duplicate=duplicate)
    quarantined: list[Quarantined] = []
    prepared = _prepare(ctx, plan, planned, stored, languages, quarantined)
    for item in quarantined:
        sha = stored[item.file].sha256 if item.file in stored else None
        ctx.catalog.quarantine_file(plan.id, item.file, sha, item.reason)
    return Inspected(prepared=prepared, quarantined=quarantined)


def record_batch_problems(ctx: Context, plan: BatchPlan) -> list[Quarantined]:
    """Manifest problems (malformed, names a missing file) go to quarantine with the batch."""
    problems = [Quarantined(file=name, reason=reason) for name, reason in plan.problems]
    for item in problems:
        ctx.catalog.quarantine_file(plan.id, item.file, None, item.reason)
    return problems


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
                direct_input=inspection.media_type in DIRECT_MEDIA_TYPES
                and len(inspection.pages) == 1,
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
        "routed" if ctx.route_languages else "fixed",
        ctx.settings.ocr_clean,
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


def failed_page(job: PageJob, error: Exception) -> PageResult:
    log.exception("page %s of %s failed", job.number, job.file.name)
    record = PageRecord(number=job.number, file=job.file.name, facts=job.facts)
    problem = f"page {job.number} ({job.file.name}) failed: {type(error).__name__}: {error}"
    return PageResult(number=job.number, record=record, text="", problem=problem[:300])


def _ocr_image_page(ctx: Context, job: PageJob, record: PageRecord, prefix: str) -> PageResult:
    workdir = ctx.settings.workdir / job.batch_id
    workdir.mkdir(parents=True, exist_ok=True)
    source = ctx.store.materialize(job.file.key, workdir)
    # Where the PDF can carry the stored scan itself, the OCR input is only for Tesseract:
    # an uncompressed PNM, written in milliseconds; otherwise a PNG that the PDF embeds.
    suffix = ".pnm" if job.direct_input else ".png"
    input_path = workdir / f"{Path(prefix).name}{suffix}"
    try:
        ocr, page_image = _recognise_upright(ctx, job, source, input_path)
        if ctx.route_languages:
            ocr = _in_its_own_language(ctx, ocr, _ocr_input(ctx, page_image), job.facts.ppi)
        if page_image == source or not job.direct_input:
            page_pdf = searchable_page(page_image, ocr.pdf)
        else:
            turn = ocr.skew_degrees - ocr.rotation
            page_pdf = turned_page(source, ocr.pdf, turn, job.facts.ppi)
    except OcrError as error:
        problem = f"page {job.number}: {error}"
        return PageResult(number=job.number, record=record, text="", problem=problem)
    finally:
        input_path.unlink(missing_ok=True)
        _ocr_input(ctx, input_path).unlink(missing_ok=True)
    pdf_key, alto_key, text_key = (f"{prefix}/page.pdf", f"{prefix}/alto.xml", f"{prefix}/page.txt")
    ctx.store.put_bytes(pdf_key, page_pdf, "application/pdf")
    ctx.store.put_bytes(alto_key, ocr.alto.encode(), "application/xml")
    ctx.store.put_bytes(text_key, ocr.text.encode(), "text/plain; charset=utf-8")
    record = record.model_copy(
        update={
            "ocr_engine": f"{ocr.engine} {ocr.engine_version}",
            "ocr_languages": ocr.languages,
            "ocr_confidence": ocr.mean_confidence,
            "quality": _quality(ctx, ocr, job.facts),
            "word_count": ocr.word_count,
            "rotation": ocr.rotation,
            "skew_degrees": ocr.skew_degrees,
            "text_key": text_key,
            "alto_key": alto_key,
        }
    )
    return PageResult(number=job.number, record=record, text=ocr.text, pdf_key=pdf_key)


def _quality(ctx: Context, ocr: PageOcr, facts: PageFacts) -> PageQuality:
    """The page's OCR quality; a page that looks blank and reads as empty is not flagged."""
    quality = assess(ocr, ctx.settings.review_ocr_quality)
    if facts.blank and not ocr.words:
        return quality.model_copy(update={"flagged": False, "reason": ""})
    return quality


def _recognise_upright(
    ctx: Context, job: PageJob, source: Path, input_path: Path
) -> tuple[PageOcr, Path]:
    """OCR the levelled page; where it reads badly, ask Tesseract OSD and try it turned.

    The turn comes from the page's own text lines where they show it (facts.upright_turn),
    else from Tesseract OSD for a page lying on its side. A page that needs no turning or
    levelling is handed to Tesseract as the stored file itself, so the common case costs
    one Tesseract pass and nothing else.
    """
    facts, ppi, languages = job.facts, job.facts.ppi, job.languages
    known_turn = facts.upright_turn or 0
    upright_as_is = (
        not known_turn and not facts.lines_vertical and abs(facts.skew_degrees) < DESKEW_MIN_DEGREES
    )
    if upright_as_is and job.direct_input and ctx.settings.ocr_clean == "none":
        ocr = ctx.engine.recognise(source, languages, ppi)
        master, used = None, source
    else:
        master = _grey(load_page(source, job.file.media_type, facts.source_page, ppi))
        rotation = known_turn
        if facts.lines_vertical and not known_turn:
            _save_input(master, input_path, ppi)
            turn, _ = ctx.engine.orientation(input_path, ppi)
            rotation = turn if turn in (90, 270) else 90
        # a page lying on its side had no skew measured (its lines ran down the page)
        skew = facts.skew_degrees if rotation in (0, 180) else None
        ocr = _recognise(ctx, master, rotation, skew, input_path, languages, ppi)
        used = input_path
    if ocr.mean_confidence >= RETRY_ORIENTATION_BELOW:
        return ocr, used
    if master is None:
        master = _grey(load_page(source, job.file.media_type, facts.source_page, ppi))
        _save_input(master, input_path, ppi)
    turn, confidence = ctx.engine.orientation(input_path, ppi)
    if turn == 0 or confidence < 1.0:
        if used == input_path:  # the input file now holds the master, not what was read
            ocr = _recognise(
                ctx, master, ocr.rotation, ocr.skew_degrees, input_path, languages, ppi
            )
        return ocr, used
    rotation = (ocr.rotation + turn) % 360
    second = _recognise(ctx, master, rotation, None, input_path, languages, ppi)
    if second.mean_confidence > ocr.mean_confidence:
        return second, input_path
    return _recognise(
        ctx, master, ocr.rotation, ocr.skew_degrees, input_path, languages, ppi
    ), input_path


def _in_its_own_language(ctx: Context, ocr: PageOcr, image: Path, ppi: int) -> PageOcr:
    """Read the page again with its detected language first, where that differs.

    Tesseract's multi-language models lean on the first language: a Swedish page read with
    fin+swe loses å (på → pä). Only pages of the batch's minority language pay a second pass.
    """
    order = ocr.languages.split("+")
    language, confidence = detect_language(ocr.text)
    if language not in installed_languages() or language == order[0] or confidence < 0.6:
        return ocr
    languages = "+".join([language, *(code for code in order if code != language)])
    second = ctx.engine.recognise(image, languages, ppi)
    return second.model_copy(update={"rotation": ocr.rotation, "skew_degrees": ocr.skew_degrees})


def _save_input(image: Image.Image, path: Path, ppi: int) -> None:
    """The OCR input: a quickly compressed PNG that Tesseract and img2pdf both read, or an
    uncompressed PNM where only Tesseract reads it (resolution is passed to Tesseract)."""
    if path.suffix == ".pnm":
        image.save(path, "PPM")
    else:
        image.save(path, compress_level=1, dpi=(ppi, ppi))


def _ocr_input(ctx: Context, page_image: Path) -> Path:
    """Where the OCR input is: the page image itself, or its cleaned copy beside it."""
    if ctx.settings.ocr_clean == "none":
        return page_image
    return page_image.with_name(page_image.stem + "-clean" + page_image.suffix)


def _grey(image: Image.Image) -> Image.Image:
    return image if image.mode in ("L", "1") else image.convert("L")


def _recognise(
    ctx: Context,
    master: Image.Image,
    rotation: int,
    skew: float | None,
    path: Path,
    languages: str,
    ppi: int,
) -> PageOcr:
    """OCR the master turned by ``rotation``; skew is measured again when not known."""
    upright = level(master, rotation, 0.0) if rotation else master
    if skew is None:
        skew = analyse_layout(upright).skew_degrees
    levelled = level(upright, 0, skew)
    _save_input(levelled, path, ppi)
    if ctx.settings.ocr_clean != "none":
        _save_input(clean_for_ocr(levelled, ctx.settings.ocr_clean), _ocr_input(ctx, path), ppi)
    ocr = ctx.engine.recognise(_ocr_input(ctx, path), languages, ppi)
    applied = skew if abs(skew) >= DESKEW_MIN_DEGREES else 0.0
    return ocr.model_copy(update={"rotation": rotation, "skew_degrees": applied})


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
    description = describe(text, model=ctx.type_model, plan=ctx.plan, agency=agency)
    reasons = list(document.problems) + [p.problem for p in pages if p.problem]
    confidences = [p.record.ocr_confidence for p in pages if p.record.ocr_confidence is not None]
    ocr_confidence = round(sum(confidences) / len(confidences), 2) if confidences else None
    reasons += [
        f"page {p.number}: {p.record.quality.reason}"
        for p in pages
        if p.record.quality and p.record.quality.flagged
    ]
    if not text.strip():
        reasons.append("no text was recognised")
        if all(p.record.facts.blank for p in pages):
            reasons.append("every page looks blank: a separator sheet, or writing too faint?")
    else:
        thresholds = ReviewThresholds(
            type_confidence=ctx.settings.review_type_confidence,
            class_confidence=ctx.settings.review_class_confidence,
        )
        reasons += review_reasons(description, thresholds)
    derivatives = _searchable_pdf(ctx, document, pages)
    reasons += [f"searchable PDF: {problem}" for d in derivatives for problem in d.problems]
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
    """The document's searchable PDF/A-2b, checked by ocr.pdfa before it is stored."""
    page_pdfs = [ctx.store.get_bytes(p.pdf_key) for p in pages if p.pdf_key]
    if not page_pdfs or len(page_pdfs) != len(pages):
        return []  # born-digital PDFs are searchable already; a failed page leaves none
    data = merge_pdfs(page_pdfs, title=document.id)
    problems = pdfa_problems(data)
    if problems:
        log.warning("searchable PDF of %s is not PDF/A-2b: %s", document.id, "; ".join(problems))
    key = f"records/{document.id}/searchable.pdf"
    head = ctx.store.put_bytes(key, data, "application/pdf")
    return [
        Derivative(
            kind="searchable-pdf",
            key=key,
            sha256=head.sha256,
            size=head.size,
            media_type="application/pdf",
            conformance="" if problems else "PDF/A-2b",
            problems=problems,
        )
    ]


# index_records -----------------------------------------------------------------------------
def index_document(record: RecordMetadata, text: str) -> IndexDocument:
    """The record as the search index holds it: identity codes masked in the title and text
    (unmasked text stays in the store), with the access-control fields. The secrecy period
    runs from the document's date, else from the day the record was stored (later, so never
    too short); a non-public record with no period keeps ``secret_until`` empty (secret)."""
    description = record.description
    restriction = description.restriction
    start = description.document_date or record.created_at.date()
    secret_until = None
    if restriction is not None and restriction.security_period is not None:
        secret_until = add_years(start, max(0, restriction.security_period))
    return IndexDocument(
        id=record.id,
        title=mask_personal_identity_codes(description.title),
        text=mask_personal_identity_codes(text),
        doc_type=description.doc_type,
        agency=record.agency,
        language=description.language,
        diary_numbers=description.diary_numbers,
        dates=description.dates,
        batch_id=record.batch_id,
        status=record.status.value,
        records_class=description.records_class.code if description.records_class else "",
        publicity=restriction.publicity_class if restriction else "",
        secret_until=secret_until,
        personal_data=restriction.personal_data if restriction else "",
        document_date=description.document_date,
    )


def index_records(
    catalog: Catalog, store: ObjectStore, search: SearchIndex | None, batch_size: int = 200
) -> tuple[int, str]:
    """Index every catalog record not yet in the search index. Returns (count, problem).

    An unavailable index never fails an ingest: the records stay marked unindexed and the
    next run (or ``arkki reindex``) picks them up.
    """
    if search is None:
        return 0, "no search index configured"
    try:
        full = search.needs_full_index()
    except Exception as error:  # the index is down: nothing is lost, the next run catches up
        log.debug("search index unavailable: %s", error)
        return 0, f"search indexing failed ({error}); records will be indexed later"
    if full:  # the index was emptied for a new schema: every record goes in again
        with catalog.engine.begin() as conn:
            conn.execute(update(catalog_records).values(indexed=False))
    pending = list(catalog.unindexed())
    done = 0
    for start in range(0, len(pending), batch_size):
        chunk = pending[start : start + batch_size]
        documents = []
        for row in chunk:
            record = RecordMetadata.model_validate_json(row["record"])
            text = store.get_bytes(f"records/{record.id}/text.txt").decode()
            documents.append(index_document(record, text))
        try:
            search.index(documents)
        except Exception as error:  # any backend failure: keep the records for the next run
            # not a warning here: the caller reports the returned problem (the CLI as one
            # line, the ingest in its batch report); a log line would print it twice
            log.debug("search indexing failed, will retry on the next run: %s", error)
            return done, f"search indexing failed ({error}); records will be indexed later"
        catalog.mark_indexed([d.id for d in documents])
        done += len(documents)
    if full:
        try:
            search.full_index_done()
        except Exception as error:
            return done, f"search index: could not clear the full-index mark ({error})"
    return done, ""
