"""Page OCR on a Dask cluster (ARKKI_TASK_RUNNER=dask), through prefect-dask's DaskTaskRunner.

The runner owns the cluster: ARKKI_DASK_ADDRESS (tcp://scheduler:8786) connects to a running
one; without it a local cluster of ARKKI_WORKERS processes, one thread each, starts for the
flow run and stops with it. Documents stay Prefect tasks in the flow's process (they write
the catalog and the index); each page is one plain Dask task, not a Prefect task run: a
Prefect task run per page cost as much CPU as the page's OCR (measured, see flows/ingest.py)
and would need every Dask worker to reach the Prefect API.

A worker rebuilds what a page needs (store, catalog, Tesseract) from the Settings it is sent,
once per process, so the store and catalog must be reachable from every worker (S3 and
PostgreSQL, or a shared folder). Tesseract runs in the worker's process, single-threaded
(OMP_THREAD_LIMIT=1), one page at a time.
"""

from __future__ import annotations

import logging
import os
import threading
from concurrent.futures import Future, InvalidStateError
from contextlib import suppress
from dataclasses import replace
from pathlib import Path
from types import TracebackType
from typing import Any

from flows import steps
from flows.config import Settings, open_catalog, open_store
from flows.progress import sink
from flows.steps import Context, PageJob, PageResult
from ocr.engine import OcrEngine, OcrError, TesseractEngine
from ocr.models import PageOcr

WORKER_ENV = {"OMP_THREAD_LIMIT": "1", "OMP_NUM_THREADS": "1"}


def task_runner(settings: Settings) -> Any:
    """prefect-dask's DaskTaskRunner for these settings (not yet started)."""
    from prefect_dask import DaskTaskRunner

    if settings.dask_address:
        return DaskTaskRunner(address=settings.dask_address)
    return DaskTaskRunner(
        cluster_kwargs={
            "n_workers": settings.workers,
            "threads_per_worker": 1,  # the GIL is held while tesserocr works: threads don't add
            "processes": True,
            "env": WORKER_ENV,
            "dashboard_address": None,
            "silence_logs": logging.ERROR,
        }
    )


class DaskPages:
    """Page OCR submitted to the DaskTaskRunner's cluster; the results come back as
    concurrent futures, and each finished page advances the progress display here."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._runner = task_runner(settings)
        self._client: Any = None

    def __enter__(self) -> DaskPages:
        if os.environ.get("PREFECT_LOGGING_LEVEL", "CRITICAL") == "CRITICAL":
            logging.getLogger("distributed").setLevel(logging.ERROR)  # arkki's quiet terminal
        self._runner.__enter__()
        self._client = self._runner.client
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._runner.__exit__(kind, error, trace)

    def submit_page(self, ctx: Context, job: PageJob) -> Future[PageResult]:
        remote = self._client.submit(
            ocr_page_in_worker,
            self._settings,
            ctx.route_languages,
            job,
            key=f"ocr-{job.document_id}-{job.number}-{job.file.sha256[:12]}",
            pure=False,
        )
        local = _RemotePage(remote)

        def finished(done: Any) -> None:
            if local.cancelled():
                return
            try:
                result: PageResult = done.result()
            except Exception as error:  # a worker died or the cluster went away
                result = steps.failed_page(job, error)
            sink().advance("ocr")
            with suppress(InvalidStateError):  # cancelled meanwhile
                local.set_result(result)

        remote.add_done_callback(finished)
        return local


class _RemotePage(Future[PageResult]):
    def __init__(self, remote: Any) -> None:
        super().__init__()
        self._remote = remote

    def cancel(self) -> bool:
        self._remote.cancel()
        return super().cancel()


# In each Dask worker -----------------------------------------------------------------------
_contexts: dict[str, Context] = {}
_contexts_lock = threading.Lock()


def ocr_page_in_worker(settings: Settings, route_languages: bool, job: PageJob) -> PageResult:
    """One page in a Dask worker; a page that fails is retried once, then reported failed
    (its document goes to review), as on the local runner."""
    ctx = replace(_worker_context(settings), route_languages=route_languages)
    try:
        try:
            return steps.ocr_page(ctx, job)
        except OcrError:
            raise
        except Exception:  # e.g. a store hiccup: worth one more try
            return steps.ocr_page(ctx, job)
    except Exception as error:
        return steps.failed_page(job, error)


def _worker_context(settings: Settings) -> Context:
    for name, value in WORKER_ENV.items():  # before Tesseract's OpenMP runtime loads
        os.environ[name] = value
    key = settings.model_dump_json()
    with _contexts_lock:
        if key not in _contexts:
            store = open_store(settings)
            engine: OcrEngine = (
                InProcessTesserocr(settings.ocr_timeout_s)
                if settings.ocr_engine == "tesserocr"
                else TesseractEngine(timeout_s=settings.ocr_timeout_s)
            )
            _contexts[key] = Context(
                settings=settings,
                store=store,
                catalog=open_catalog(settings),
                engine=engine,
                search=None,
            )
        return _contexts[key]


class InProcessTesserocr:
    """tesserocr in the Dask worker's own process: the worker is already one process per
    page at a time, and Dask's worker processes are daemons, which may not start the
    process pool that TesserocrEngine uses. Same name and version, so page checkpoints
    are shared with the local runner."""

    name = "tesserocr"

    def __init__(self, timeout_s: int, psm: int = 3) -> None:
        self.timeout_s = timeout_s
        self.psm = psm
        self._lock = threading.Lock()  # a loaded API serves one page at a time

    def version(self) -> str:
        from ocr.tesserocr_engine import _tesserocr

        return f"{_tesserocr().PyTessBaseAPI.Version()} (tesserocr)"

    def recognise(self, image: Path, languages: str, ppi: int) -> PageOcr:
        from ocr.tesserocr_engine import recognise_in_worker

        with self._lock:
            return recognise_in_worker(
                str(image), languages, ppi, self.psm, self.timeout_s, self.version()
            )

    def orientation(self, image: Path, ppi: int) -> tuple[int, float]:
        from ocr.tesserocr_engine import orientation_in_worker

        with self._lock:
            return orientation_in_worker(str(image), ppi)
