"""The same OCR port on tesserocr: Tesseract as a library, its models kept loaded.

tesserocr's wheel bundles Tesseract 5.5.4 (Debian bookworm ships 5.3) and reads Debian's
language data. Pages run in a pool of worker processes, one page at a time each, and every
worker keeps one loaded API per language list, so a page costs the recognition alone, not a
process start and a model load. Processes, not threads: measured here, two threads calling
tesserocr took as long as one (the GIL is held while Tesseract works). One recognition pass
writes the same txt, ALTO and text-only PDF files as the CLI engine, and they are read the
same way.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import signal
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import cache
from pathlib import Path
from threading import Lock
from typing import Any, TypeVar

from ocr.engine import RENDERER_CONFIG, OcrError, read_outputs
from ocr.models import PageOcr

DEBIAN_TESSDATA = Path("/usr/share/tesseract-ocr/5/tessdata")
GRACE_S = 30  # on top of Tesseract's own per-page limit, before a worker is given up on
T = TypeVar("T")


def tessdata_path() -> str:
    """Where the language data lives: TESSDATA_PREFIX, else Debian's folder."""
    configured = os.environ.get("TESSDATA_PREFIX")
    return str(Path(configured) if configured else DEBIAN_TESSDATA) + "/"


@cache
def _tesserocr() -> Any:
    try:
        import tesserocr
    except ImportError as error:
        raise OcrError(
            "the tesserocr engine needs the tesserocr package (pip install tesserocr); "
            "or set ARKKI_OCR_ENGINE=tesseract"
        ) from error
    return tesserocr


# In each worker process ------------------------------------------------------------------
_apis: dict[str, Any] = {}


def _worker_start() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    os.environ["OMP_THREAD_LIMIT"] = "1"


def _api(languages: str, psm: int) -> Any:
    key = f"{languages}:{psm}"
    if key not in _apis:
        tesserocr = _tesserocr()
        try:
            _apis[key] = tesserocr.PyTessBaseAPI(path=tessdata_path(), lang=languages, psm=psm)
        except RuntimeError as error:
            raise OcrError(f"tesserocr could not load {languages}: {error}") from error
    return _apis[key]


def recognise_in_worker(
    image: str, languages: str, ppi: int, psm: int, timeout_s: int, version: str
) -> PageOcr:
    started = time.perf_counter()
    api = _api(languages, psm)
    for name, value in {**RENDERER_CONFIG, "user_defined_dpi": str(ppi)}.items():
        api.SetVariable(name, value)
    with tempfile.TemporaryDirectory(prefix="arkki-ocr-") as tmp:
        base = str(Path(tmp) / "page")
        if not api.ProcessPages(base, image, timeout=timeout_s * 1000):
            raise OcrError(
                f"tesserocr failed on {Path(image).name} (unreadable, or over {timeout_s} s)"
            )
        return read_outputs(base, "tesserocr", version, languages, started)


def orientation_in_worker(image: str, ppi: int) -> tuple[int, float]:
    api = _api("osd", _tesserocr().PSM.OSD_ONLY)
    api.SetVariable("user_defined_dpi", str(ppi))
    api.SetImageFile(image)
    result = api.DetectOrientationScript()
    api.Clear()
    if not result:
        return 0, 0.0
    # tesserocr reports how the image is turned; the port returns the turn back to upright
    return (360 - int(result["orient_deg"])) % 360, float(result["orient_conf"])


# In the pipeline's process ----------------------------------------------------------------
class TesserocrEngine:
    name = "tesserocr"

    def __init__(self, workers: int = 1, psm: int = 3, timeout_s: int = 300) -> None:
        self.workers = workers
        self.psm = psm
        self.timeout_s = timeout_s
        self._pool: ProcessPoolExecutor | None = None
        self._lock = Lock()
        _tesserocr()
        atexit.register(self.close)

    def version(self) -> str:
        return f"{_tesserocr().PyTessBaseAPI.Version()} (tesserocr)"

    def recognise(self, image: Path, languages: str, ppi: int) -> PageOcr:
        return self._run(
            recognise_in_worker,
            str(image),
            languages,
            ppi,
            self.psm,
            self.timeout_s,
            self.version(),
        )

    def orientation(self, image: Path, ppi: int) -> tuple[int, float]:
        """Clockwise rotation that uprights the page, with Tesseract OSD's confidence."""
        return self._run(orientation_in_worker, str(image), ppi)

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None

    def _submit(self, function: Callable[..., T], *args: Any) -> Future[T]:
        with self._lock:
            if self._pool is None:
                # spawn: forking a process that runs Prefect's threads is not safe
                context = multiprocessing.get_context("spawn")
                self._pool = ProcessPoolExecutor(
                    self.workers, mp_context=context, initializer=_worker_start
                )
            return self._pool.submit(function, *args)

    def _run(self, function: Callable[..., T], *args: Any) -> T:
        future = self._submit(function, *args)
        try:
            result: T = future.result(timeout=self.timeout_s + GRACE_S)
            return result
        except BrokenProcessPool as error:
            self._discard_pool()
            raise OcrError(f"a tesserocr worker died on {Path(str(args[0])).name}") from error
        except TimeoutError as error:
            self._discard_pool()
            raise OcrError(
                f"tesserocr did not finish {Path(str(args[0])).name} in {self.timeout_s} s"
            ) from error

    def _discard_pool(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            for process in list(getattr(pool, "_processes", {}).values()):
                process.kill()
            pool.shutdown(wait=False, cancel_futures=True)
