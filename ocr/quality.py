"""A page's OCR quality score, and whether an archivist should look at the page.

Tesseract's mean word confidence alone misjudges pages: noise read as confident nonsense
scores high, and a clean page in a rare font scores low. So the score also asks whether the
words are words: the share of the page's word-like tokens that Voikko (Finnish) or the
Swedish word list recognises in any of the page's OCR languages. Where no lexicon covers
the page's languages, the score is the confidence alone.

    score = (1 - LEXICON_WEIGHT) × mean confidence + LEXICON_WEIGHT × 100 × lexicon share

A page scoring under the threshold (ARKKI_REVIEW_OCR_QUALITY) is flagged with a reason.
"""

from __future__ import annotations

from pydantic import BaseModel

from infra.lexicon import is_known, languages_with_lexicon
from ocr.models import PageOcr

LEXICON_WEIGHT = 0.5
MIN_WORDS_FOR_LEXICON = 8  # fewer checkable words say little about the page
MIN_WORD_LENGTH = 3
_STRIP = ".,;:!?()[]{}\"'«»“”„‘’*–—-/"


class PageQuality(BaseModel):
    score: float  # 0–100
    mean_confidence: float
    lexicon_share: float | None  # None where no lexicon covers the page or too few words
    words_checked: int
    flagged: bool
    reason: str = ""


def checkable_words(words: list[str]) -> list[str]:
    """Tokens worth looking up: letters only, not short, not an all-capitals abbreviation."""
    out = []
    for raw in words:
        word = raw.strip(_STRIP)
        if len(word) < MIN_WORD_LENGTH or not word.isalpha():
            continue
        if word.isupper() and len(word) <= 5:  # ELY, KEHA, TE, SÄHKE
            continue
        out.append(word)
    return out


def assess(ocr: PageOcr, threshold: float) -> PageQuality:
    """Score one OCR'd page and flag it when the score is under ``threshold``."""
    languages = [c for c in ocr.languages.split("+") if c in languages_with_lexicon()]
    words = checkable_words([w.text for w in ocr.words])
    share: float | None = None
    if languages and len(words) >= MIN_WORDS_FOR_LEXICON:
        share = sum(is_known(w, languages) for w in words) / len(words)
    confidence = ocr.mean_confidence
    if share is None:
        score = confidence
    else:
        score = (1 - LEXICON_WEIGHT) * confidence + LEXICON_WEIGHT * 100 * share
    score = round(score, 1)
    reason = ""
    if not ocr.words:
        reason = "no words were recognised"
    elif score < threshold:
        reason = f"OCR quality {score:.0f} is under {threshold:.0f} (mean word confidence "
        reason += f"{confidence:.0f}"
        if share is not None:
            reason += f", {100 * share:.0f}% of {len(words)} words found in the dictionary"
        reason += ")"
    return PageQuality(
        score=score,
        mean_confidence=confidence,
        lexicon_share=None if share is None else round(share, 3),
        words_checked=len(words),
        flagged=bool(reason),
        reason=reason,
    )
