"""The ``ingest`` Prefect flow: a scan batch in, stored, described and indexed records out.

Pages are OCR'd as Prefect tasks on a thread pool of ``ARKKI_WORKERS`` threads; each task runs
a single-threaded Tesseract process, so workers × threads never exceeds the cores. Prefect
runs in its local (ephemeral) mode unless PREFECT_API_URL points at a server.
"""

from __future__ import annotations

import queue
import shutil
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture, wait
from prefect.task_runners import ThreadPoolTaskRunner
from pydantic import BaseModel

from archive_schema.record import StoredFile
from flows import steps
from flows.batch import BatchPlan, PlannedDocument, plan_batch, preflight
from flows.config import Settings, open_catalog, open_engine, open_search, open_store
from flows.progress import Interrupted, sink, stop_requested
from flows.steps import Context, DocumentResult, Outcome, PageJob, PageResult, Quarantined
from ocr.engine import check_languages


class IngestStats(BaseModel):
    pages: int
    seconds: float
    pages_per_minute: float


class IngestReport(BaseModel):
    batch_id: str
    documents: list[DocumentResult]
    quarantined: list[Quarantined]
    stats: IngestStats
    index_problem: str = ""


@task(name="ocr-page", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=2)
def ocr_page_task(ctx: Context, job: PageJob) -> PageResult:
    try:
        result = steps.ocr_page(ctx, job)
    except Exception as error:  # one bad page must not stop the batch: its record is reviewed
        result = steps.failed_page(job, error)
    sink().advance("ocr")
    return result


@task(name="inspect-document", cache_policy=NO_CACHE)
def inspect_document_task(
    ctx: Context,
    plan: BatchPlan,
    planned: PlannedDocument,
    stored: dict[str, StoredFile],
    languages: str,
) -> steps.Inspected:
    result = steps.inspect_document(ctx, plan, planned, stored, languages)
    sink().advance("inspect")
    return result


@task(name="finish-document", cache_policy=NO_CACHE)
def finish_document_task(
    ctx: Context,
    document: steps.PreparedDocument,
    pages: list[PageResult],
    batch: tuple[str, str, str],
) -> DocumentResult:
    result = steps.finish_document(ctx, document, pages, batch)
    sink().advance("describe")
    return result


def build_context(settings: Settings) -> Context:
    return Context(
        settings=settings,
        store=open_store(settings),
        catalog=open_catalog(settings),
        engine=open_engine(settings),
        search=open_search(settings),
    )


def run_ingest(
    source: Path, agency: str | None, languages: str | None, settings: Settings
) -> IngestReport:
    """Plan the batch and run the flow with a task runner sized to ARKKI_WORKERS."""
    manifest = preflight(source)  # fails fast, before Prefect starts, on unusable input
    check_languages(languages or manifest.languages or settings.ocr_languages)
    open_engine(settings)  # an engine that cannot load fails here, with one line
    runner = ThreadPoolTaskRunner(max_workers=settings.workers)  # type: ignore[var-annotated]
    configured = ingest.with_options(task_runner=runner)  # type: ignore[arg-type]
    return configured(source=str(source), agency=agency, languages=languages, settings=settings)


@flow(name="ingest", log_prints=False, validate_parameters=False)
def ingest(
    source: str, agency: str | None, languages: str | None, settings: Settings
) -> IngestReport:
    started = time.perf_counter()
    plan = plan_batch(Path(source), agency)
    batch_agency = (agency or plan.manifest.agency or "").upper()
    batch_languages = languages or plan.manifest.languages or settings.ocr_languages
    ctx = replace(
        build_context(settings), route_languages=not (languages or plan.manifest.languages)
    )
    ctx.catalog.upsert_batch(plan.id, str(plan.source), batch_agency, plan.manifest.series)

    sink().start("store", len(plan.files))
    stored = steps.store_originals(ctx, plan)
    sink().advance("store", len(plan.files))

    quarantined = steps.record_batch_problems(ctx, plan)
    batch = (plan.id, batch_agency, plan.manifest.series)
    inspected, finished = _stream_documents(ctx, plan, stored, batch_languages, batch)
    quarantined += [q for item in inspected for q in item.quarantined]
    duplicates = [item.duplicate for item in inspected if item.duplicate]
    pages = sum(len(item.prepared.jobs) for item in inspected if item.prepared)

    sink().start("index", 1)
    _, index_problem = steps.index_records(ctx)
    sink().advance("index")
    shutil.rmtree(settings.workdir / plan.id, ignore_errors=True)

    seconds = round(time.perf_counter() - started, 2)
    report = IngestReport(
        batch_id=plan.id,
        documents=_in_plan_order(plan.documents, duplicates + finished),
        quarantined=quarantined,
        stats=IngestStats(
            pages=pages,
            seconds=seconds,
            pages_per_minute=round(pages * 60 / seconds, 1) if seconds and pages else 0.0,
        ),
        index_problem=index_problem,
    )
    status = "finished_with_quarantine" if quarantined else "finished"
    ctx.catalog.finish_batch(plan.id, status, report.model_dump(mode="json", exclude={"documents"}))
    return report


def _stream_documents(
    ctx: Context,
    plan: BatchPlan,
    stored: dict[str, StoredFile],
    languages: str,
    batch: tuple[str, str, str],
) -> tuple[list[steps.Inspected], list[DocumentResult]]:
    """Inspect, OCR and finish documents as a stream on the task runner's threads.

    At most ``workers`` inspections are in flight, so OCR starts as soon as the first
    document is inspected rather than after the whole batch, and memory stays bounded for
    batches of thousands of files. A document is finished once all its pages are back;
    finishing gets the page results themselves, so it never holds a worker thread waiting.
    """
    workers = ctx.settings.workers
    waiting = deque(plan.documents)
    done: queue.Queue[PrefectFuture[Any]] = queue.Queue()
    inspecting: set[PrefectFuture[Any]] = set()
    page_futures: dict[str, list[PrefectFuture[PageResult]]] = {}
    documents: dict[str, steps.PreparedDocument] = {}
    page_of: dict[PrefectFuture[Any], str] = {}
    outstanding: dict[str, int] = {}
    finishing: list[PrefectFuture[DocumentResult]] = []
    inspected: list[steps.Inspected] = []
    sink().start("inspect", len(plan.documents))
    sink().start("ocr", 0)
    sink().start("describe", 0)

    def submit(future: PrefectFuture[Any]) -> PrefectFuture[Any]:
        future.add_done_callback(done.put)
        return future

    while waiting or inspecting or outstanding:
        while waiting and len(inspecting) < workers:
            planned = waiting.popleft()
            inspecting.add(
                submit(inspect_document_task.submit(ctx, plan, planned, stored, languages))
            )
        try:
            future = done.get(timeout=0.5)
        except queue.Empty:
            if stop_requested.is_set():
                _cancel(inspecting, page_of)
                raise Interrupted("interrupted") from None
            continue
        if future in inspecting:
            inspecting.discard(future)
            item: steps.Inspected = future.result()
            inspected.append(item)
            if item.prepared:
                document = item.prepared
                documents[document.id] = document
                sink().grow("ocr", len(document.jobs))
                sink().grow("describe", 1)
                outstanding[document.id] = len(document.jobs)
                futures = [ocr_page_task.submit(ctx, job) for job in document.jobs]
                page_futures[document.id] = futures
                for page_future in futures:
                    page_of[page_future] = document.id
                    submit(page_future)
            continue
        document_id = page_of.pop(future)
        outstanding[document_id] -= 1
        if outstanding[document_id] == 0:  # every page of the document is back
            del outstanding[document_id]
            results = [f.result() for f in page_futures.pop(document_id)]
            finishing.append(
                finish_document_task.submit(ctx, documents[document_id], results, batch)
            )
    wait(finishing)
    return inspected, [future.result() for future in finishing]


def _cancel(*groups: Iterable[PrefectFuture[Any]]) -> None:
    """Drop queued tasks; pages already being OCR'd finish and stay checkpointed."""
    for group in groups:
        for future in group:
            wrapped = getattr(future, "wrapped_future", None)
            if wrapped is not None:
                wrapped.cancel()


def _in_plan_order(
    planned: list[PlannedDocument], results: list[DocumentResult]
) -> list[DocumentResult]:
    order = {document.id: index for index, document in enumerate(planned)}
    return sorted(results, key=lambda r: order.get(r.id, len(order)))


__all__ = ["IngestReport", "Outcome", "ingest", "run_ingest"]
