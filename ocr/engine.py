"""OCR engine port and its Tesseract adapter (via pytesseract).

Contract: ``recognise`` runs exactly one Tesseract pass over an image file and returns the
text, word boxes with confidences (read from the ALTO), ALTO XML and a one-page searchable
PDF from that pass.
The PDF is Tesseract's text-only page (invisible text, no image): rendering the image into
the PDF cost Tesseract ~0.7 s a page here, while ocr.pdf.searchable_page lays the text over
the unchanged page image in ~0.05 s. The engine is single-threaded (OMP_THREAD_LIMIT=1);
parallelism comes from running several pages at once, so workers × threads never exceeds
the cores.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from functools import cache
from pathlib import Path
from typing import Protocol

import pytesseract
from lxml import etree

from ocr.models import PageOcr, Word


class OcrError(Exception):
    pass


class OcrEngine(Protocol):
    name: str

    def version(self) -> str: ...

    def recognise(self, image: Path, languages: str, ppi: int) -> PageOcr: ...

    def orientation(self, image: Path, ppi: int) -> tuple[int, float]: ...


@cache
def tesseract_version() -> str:
    try:
        return str(pytesseract.get_tesseract_version())
    except pytesseract.TesseractNotFoundError as error:
        raise OcrError(
            "tesseract is not installed (Debian: apt-get install tesseract-ocr "
            "tesseract-ocr-fin tesseract-ocr-swe tesseract-ocr-eng tesseract-ocr-osd)"
        ) from error


@cache
def installed_languages() -> frozenset[str]:
    return frozenset(pytesseract.get_languages(config=""))


def check_languages(languages: str) -> None:
    missing = [lang for lang in languages.split("+") if lang not in installed_languages()]
    if missing:
        raise OcrError(
            f"Tesseract language data missing: {', '.join(missing)} "
            f"(Debian: apt-get install {' '.join('tesseract-ocr-' + m for m in missing)})"
        )


RENDERER_CONFIG = {  # one recognition pass feeds every renderer
    "tessedit_create_txt": "1",
    "tessedit_create_alto": "1",
    "tessedit_create_pdf": "1",
    "textonly_pdf": "1",
}


class TesseractEngine:
    """Debian's tesseract CLI through pytesseract: one process per page."""

    name = "tesseract"

    def __init__(self, psm: int = 3, timeout_s: int = 300) -> None:
        self.psm = psm
        self.timeout_s = timeout_s
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")

    def version(self) -> str:
        return tesseract_version()

    def recognise(self, image: Path, languages: str, ppi: int) -> PageOcr:
        started = time.perf_counter()
        settings = " ".join(f"-c {name}={value}" for name, value in RENDERER_CONFIG.items())
        with tempfile.TemporaryDirectory(prefix="arkki-ocr-") as tmp:
            base = str(Path(tmp) / "page")
            try:
                pytesseract.pytesseract.run_tesseract(
                    str(image),
                    base,
                    extension="txt",
                    lang=languages,
                    config=f"--dpi {ppi} --psm {self.psm} {settings}",
                    timeout=self.timeout_s,
                )
            except (pytesseract.TesseractError, RuntimeError) as error:
                raise OcrError(f"tesseract failed on {image.name}: {error}") from error
            return read_outputs(base, self.name, self.version(), languages, started)

    def orientation(self, image: Path, ppi: int) -> tuple[int, float]:
        """Clockwise rotation that uprights the page, with Tesseract OSD's confidence."""
        try:
            osd = pytesseract.image_to_osd(
                str(image), config=f"--dpi {ppi}", output_type=pytesseract.Output.DICT
            )
        except pytesseract.TesseractError:
            return 0, 0.0
        return int(osd.get("rotate", 0)) % 360, float(osd.get("orientation_conf", 0.0))


def read_outputs(base: str, engine: str, version: str, languages: str, started: float) -> PageOcr:
    """The txt, ALTO and text-only PDF files one Tesseract pass wrote next to ``base``."""
    text = Path(base + ".txt").read_text(encoding="utf-8")
    alto = Path(base + ".xml").read_text(encoding="utf-8")
    words = alto_words(alto)
    confidences = [word.confidence for word in words]
    return PageOcr(
        engine=engine,
        engine_version=version,
        languages=languages,
        text=normalise_text(text),
        words=words,
        mean_confidence=round(sum(confidences) / len(confidences), 2) if words else 0.0,
        alto=alto,
        pdf=Path(base + ".pdf").read_bytes(),
        seconds=round(time.perf_counter() - started, 3),
    )


def alto_words(alto: str) -> list[Word]:
    """Words with boxes and confidences (ALTO WC 0–1 → 0–100) from Tesseract's ALTO."""
    root = etree.fromstring(alto.encode("utf-8"))
    words: list[Word] = []
    for string in root.iter("{*}String"):
        text = (string.get("CONTENT") or "").strip()
        if not text:
            continue
        words.append(
            Word(
                text=text,
                confidence=round(100 * float(string.get("WC") or 0), 1),
                left=int(float(string.get("HPOS") or 0)),
                top=int(float(string.get("VPOS") or 0)),
                width=int(float(string.get("WIDTH") or 0)),
                height=int(float(string.get("HEIGHT") or 0)),
            )
        )
    return words


def normalise_text(text: str) -> str:
    """Tesseract's text with form feeds removed and runs of blank lines collapsed."""
    text = text.replace("\x0c", "")
    return re.sub(r"\n{3,}", "\n\n", text).strip()
