"""The same OCR port on tesserocr: Tesseract as a library, its models kept loaded.

tesserocr's wheel bundles Tesseract 5.5.4 (Debian bookworm ships 5.3) and reads Debian's
language data. Each thread keeps one loaded API per language list, so a page costs the
recognition alone, not a process start and a model load; tesserocr releases the GIL while
Tesseract works, so a thread pool runs pages truly in parallel. One recognition pass writes
the same txt, ALTO and text-only PDF files as the CLI engine, and they are read the same.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from functools import cache
from pathlib import Path
from typing import Any

from ocr.engine import RENDERER_CONFIG, OcrError, read_outputs
from ocr.models import PageOcr

DEBIAN_TESSDATA = Path("/usr/share/tesseract-ocr/5/tessdata")


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


class TesserocrEngine:
    name = "tesserocr"

    def __init__(self, psm: int = 3, timeout_s: int = 300) -> None:
        self.psm = psm
        self.timeout_s = timeout_s
        self._local = threading.local()
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        _tesserocr()

    def version(self) -> str:
        return f"{_tesserocr().PyTessBaseAPI.Version()} (tesserocr)"

    def _api(self, languages: str) -> Any:
        apis: dict[str, Any] = self._local.__dict__.setdefault("apis", {})
        if languages not in apis:
            tesserocr = _tesserocr()
            try:
                api = tesserocr.PyTessBaseAPI(path=tessdata_path(), lang=languages, psm=self.psm)
            except RuntimeError as error:
                raise OcrError(f"tesserocr could not load {languages}: {error}") from error
            apis[languages] = api
        return apis[languages]

    def recognise(self, image: Path, languages: str, ppi: int) -> PageOcr:
        started = time.perf_counter()
        api = self._api(languages)
        for name, value in {**RENDERER_CONFIG, "user_defined_dpi": str(ppi)}.items():
            api.SetVariable(name, value)
        with tempfile.TemporaryDirectory(prefix="arkki-ocr-") as tmp:
            base = str(Path(tmp) / "page")
            ok = api.ProcessPages(base, str(image), timeout=self.timeout_s * 1000)
            if not ok:
                raise OcrError(
                    f"tesserocr failed on {image.name} (unreadable, or over {self.timeout_s} s)"
                )
            return read_outputs(base, self.name, self.version(), languages, started)

    def orientation(self, image: Path, ppi: int) -> tuple[int, float]:
        """Clockwise rotation that uprights the page, with Tesseract OSD's confidence."""
        tesserocr = _tesserocr()
        api = self._local.__dict__.get("osd")
        if api is None:
            api = tesserocr.PyTessBaseAPI(
                path=tessdata_path(), lang="osd", psm=tesserocr.PSM.OSD_ONLY
            )
            self._local.osd = api
        api.SetVariable("user_defined_dpi", str(ppi))
        api.SetImageFile(str(image))
        result = api.DetectOrientationScript()
        api.Clear()
        if not result:
            return 0, 0.0
        # tesserocr reports how the image is rotated; the CLI's "rotate" is the turn back
        return (360 - int(result["orient_deg"])) % 360, float(result["orient_conf"])
