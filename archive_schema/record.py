"""arkki's own record description: the JSON stored for every document.

It is the single source from which the National Archives' formats (SÄHKE2 transfer XML,
METS/PREMIS preservation packages) are produced, so it keeps everything they need:
checksums of the stored originals, the technical facts of each page, the OCR engine and
the proposed description with its confidence.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field

from metadata.models import Description
from ocr.models import PageFacts
from ocr.quality import PageQuality


class RecordStatus(StrEnum):
    STORED = "stored"
    NEEDS_REVIEW = "needs_review"
    DUPLICATE = "duplicate"


class StoredFile(BaseModel):
    name: str  # file name in the batch, relative to the batch folder
    sha256: str
    size: int
    key: str  # object-store key of the original
    media_type: str


class PageRecord(BaseModel):
    number: int  # 1-based page number within the document
    file: str  # name of the source file
    facts: PageFacts
    ocr_engine: str = ""
    ocr_languages: str = ""
    ocr_confidence: float | None = None
    quality: PageQuality | None = None  # OCR quality score and review flag
    word_count: int = 0
    rotation: int = 0
    skew_degrees: float = 0.0
    text_key: str = ""
    alto_key: str = ""


class Derivative(BaseModel):
    kind: str  # "searchable-pdf"
    key: str
    sha256: str
    size: int
    media_type: str
    conformance: str = ""  # e.g. "PDF/A-2b" where arkki's check found no problem
    problems: list[str] = Field(default_factory=list)  # what the conformance check found


class RecordMetadata(BaseModel):
    id: str
    batch_id: str
    agency: str
    series: str = ""
    status: RecordStatus
    review_reasons: list[str] = Field(default_factory=list)
    files: list[StoredFile]
    pages: list[PageRecord]
    description: Description
    ocr_confidence: float | None
    derivatives: list[Derivative] = Field(default_factory=list)
    created_at: datetime
