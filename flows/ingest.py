"""The ``ingest`` Prefect flow: a scan batch in, stored, described and indexed records out.

Each document is one Prefect task (inspect, OCR its pages, finish); pages of all running
documents share a pool of ``ARKKI_WORKERS`` threads, each driving one single-threaded
Tesseract, so workers × threads never exceeds the cores. With ARKKI_TASK_RUNNER=dask the
pages go to a Dask cluster instead (flows/dask_pages.py). Prefect runs in its local
(ephemeral) mode unless PREFECT_API_URL points at a server.
"""

from __future__ import annotations

import queue
import shutil
import time
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from concurrent.futures import wait as futures_wait
from dataclasses import replace
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.exceptions import TerminationSignal
from prefect.futures import PrefectFuture, wait
from prefect.task_runners import ThreadPoolTaskRunner
from pydantic import BaseModel

from archive_schema.record import StoredFile
from flows import steps
from flows.batch import BatchPlan, PlannedDocument, plan_batch, preflight
from flows.config import (
    Settings,
    open_catalog,
    open_engine,
    open_plan,
    open_search,
    open_store,
    open_type_model,
)
from flows.dask_pages import DaskPages
from flows.progress import Interrupted, sink, stop_requested
from flows.steps import Context, DocumentResult, Outcome, PageJob, PageResult, Quarantined
from ocr.engine import OcrError, check_languages


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


def _ocr_one_page(ctx: Context, job: PageJob) -> PageResult:
    """OCR a page; one bad page must not stop the batch: its record goes to review."""
    try:
        try:
            result = steps.ocr_page(ctx, job)
        except OcrError:
            raise
        except Exception:  # e.g. a store hiccup: worth one more try
            result = steps.ocr_page(ctx, job)
    except Exception as error:
        result = steps.failed_page(job, error)
    sink().advance("ocr")
    return result


@task(name="process-document", cache_policy=NO_CACHE)
def process_document_task(
    ctx: Context,
    pages: Executor | DaskPages,
    plan: BatchPlan,
    planned: PlannedDocument,
    stored: dict[str, StoredFile],
    languages: str,
    batch: tuple[str, str, str],
) -> tuple[steps.Inspected, DocumentResult | None]:
    """One document: inspect it, OCR its pages on the shared page pool, finish it.

    One Prefect task per document, not per page: Prefect's bookkeeping per task run cost
    the two-core machine as much CPU as a page's OCR (measured), and a document is the unit
    that is stored, retried and resumed.
    """
    inspected = steps.inspect_document(ctx, plan, planned, stored, languages)
    sink().advance("inspect")
    document = inspected.prepared
    if document is None:
        return inspected, None
    sink().grow("ocr", len(document.jobs))
    sink().grow("describe", 1)
    futures = [_submit_page(pages, ctx, job) for job in document.jobs]
    while not all(future.done() for future in futures):
        if stop_requested.is_set():
            for future in futures:
                future.cancel()
            raise Interrupted("interrupted")
        futures_wait(futures, timeout=0.5)
    result = steps.finish_document(ctx, document, [f.result() for f in futures], batch)
    sink().advance("describe")
    return inspected, result


def _submit_page(pages: Executor | DaskPages, ctx: Context, job: PageJob) -> Future[PageResult]:
    if isinstance(pages, DaskPages):  # ARKKI_TASK_RUNNER=dask
        return pages.submit_page(ctx, job)
    return pages.submit(_ocr_one_page, ctx, job)


def _page_pool(settings: Settings) -> ThreadPoolExecutor | DaskPages:
    if settings.task_runner == "dask":
        return DaskPages(settings)
    return ThreadPoolExecutor(settings.workers, thread_name_prefix="arkki-page")


def build_context(settings: Settings) -> Context:
    store = open_store(settings)
    return Context(
        settings=settings,
        store=store,
        catalog=open_catalog(settings),
        engine=open_engine(settings),
        search=open_search(settings),
        plan=open_plan(settings),
        type_model=open_type_model(settings, store),
    )


def run_ingest(
    source: Path, agency: str | None, languages: str | None, settings: Settings
) -> IngestReport:
    """Plan the batch and run the flow with a task runner sized to ARKKI_WORKERS."""
    manifest = preflight(source)  # fails fast, before Prefect starts, on unusable input
    stop_requested.clear()  # a stop belongs to the run it interrupted
    check_languages(languages or manifest.languages or settings.ocr_languages)
    open_engine(settings)  # an engine that cannot load fails here, with one line
    open_plan(settings)  # so does a records plan with problems
    open_type_model(settings, open_store(settings))  # the first run trains the built-in model
    runner = ThreadPoolTaskRunner(max_workers=3 * settings.workers + 1)  # type: ignore[var-annotated]
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
    _, index_problem = steps.index_records(ctx.catalog, ctx.store, ctx.search)
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
    """Run the documents as a stream of Prefect tasks, a few more than there are workers.

    Pages of every running document share one pool of ``workers`` threads, each driving one
    single-threaded Tesseract at a time, so the cores stay busy while a document is being
    inspected or finished, and memory stays bounded for batches of thousands of files.
    """
    in_flight = (
        3 * ctx.settings.workers + 1
    )  # inspecting and finishing documents must not starve the page pool
    waiting = deque(plan.documents)
    running: set[PrefectFuture[Any]] = set()
    done: queue.Queue[PrefectFuture[Any]] = queue.Queue()
    inspected: list[steps.Inspected] = []
    finished: list[DocumentResult] = []
    sink().start("inspect", len(plan.documents))
    sink().start("ocr", 0)
    sink().start("describe", 0)
    with _page_pool(ctx.settings) as pages:
        try:
            while waiting or running:
                while waiting and len(running) < in_flight and not stop_requested.is_set():
                    planned = waiting.popleft()
                    future = process_document_task.submit(
                        ctx, pages, plan, planned, stored, languages, batch
                    )
                    future.add_done_callback(done.put)
                    running.add(future)
                try:
                    finished_future = done.get(timeout=0.5)
                except queue.Empty:
                    if stop_requested.is_set():
                        _wait_quietly(running)
                        raise Interrupted("interrupted") from None
                    continue
                running.discard(finished_future)
                item, result = finished_future.result()
                inspected.append(item)
                if result is not None:
                    finished.append(result)
        except TerminationSignal as error:  # Prefect's own SIGTERM handler, while a flow runs
            stop_requested.set()  # running documents stop at their next page
            raise Interrupted("terminated", terminated=True) from error
        except BaseException:
            stop_requested.set()
            raise
    return inspected, finished


def _wait_quietly(running: Iterable[PrefectFuture[Any]]) -> None:
    """Let running documents stop at their next page; pages in Tesseract finish and stay
    checkpointed for the re-run."""
    wait(list(running), timeout=30)


def _in_plan_order(
    planned: list[PlannedDocument], results: list[DocumentResult]
) -> list[DocumentResult]:
    order = {document.id: index for index, document in enumerate(planned)}
    return sorted(results, key=lambda r: order.get(r.id, len(order)))


__all__ = ["IngestReport", "Outcome", "ingest", "run_ingest"]
