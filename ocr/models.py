"""What the OCR stage knows about a page: technical facts of the image and the OCR result."""

from __future__ import annotations

from pydantic import BaseModel, Field


class PageFacts(BaseModel):
    """Technical facts of one page image, recorded before OCR (they feed MIX later)."""

    source_page: int  # 0-based page index within its file
    width: int
    height: int
    ppi: int
    ppi_source: str  # "metadata", "estimated from A4", "pdf image"
    mode: str  # PIL mode of the master, e.g. "L", "RGB", "1"
    bits_per_sample: int
    ink_ratio: float  # share of dark pixels on a reduced, thresholded copy
    blank: bool
    skew_degrees: float = 0.0  # estimated: turn the page this much (counter-clockwise) to level it
    lines_vertical: bool = False  # estimated: text lines run top-to-bottom (page lies at 90°/270°)
    # estimated from where the text lines' ink lies: the clockwise turn that uprights the page
    # (0, 90, 180, 270); None where the page shows too few clear lines to tell
    upright_turn: int | None = None
    text_layer: bool = False  # a born-digital PDF page with its own text


class Word(BaseModel):
    text: str
    confidence: float
    left: int
    top: int
    width: int
    height: int


class PageOcr(BaseModel):
    """One Tesseract pass over one page."""

    engine: str
    engine_version: str
    languages: str
    rotation: int = 0  # degrees clockwise applied to the master before OCR
    skew_degrees: float = 0.0  # deskew angle applied before OCR
    text: str
    words: list[Word] = Field(default_factory=list)
    mean_confidence: float  # mean word confidence, 0–100; 0 where no words
    alto: str = ""  # ALTO XML from the same pass
    pdf: bytes = b""  # one-page PDF holding only the invisible text layer, from the same pass
    seconds: float = 0.0

    @property
    def word_count(self) -> int:
        return len(self.words)
