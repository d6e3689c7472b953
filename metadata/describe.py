"""The describe stage: propose descriptive metadata for one document's text."""

from __future__ import annotations

from metadata.dates import find_dates
from metadata.doctype import classify
from metadata.identifiers import (
    find_business_ids,
    find_diary_numbers,
    find_personal_identity_codes,
)
from metadata.language import detect_language
from metadata.models import Description
from metadata.title import extract_title

LANGUAGES = ("fin", "swe", "eng")
_TRUST_DETECTION = 0.5


def describe(text: str, *, hint_language: str | None = None) -> Description:
    """Describe ``text`` (plain text, e.g. OCR output) as a ``Description``.

    Language: the detector's answer, unless it is ``und`` or less confident than 0.5 and a
    ``hint_language`` (one of fin/swe/eng, e.g. from the ingest request) is given; then the
    hint is used with confidence 0.5. Identity codes are returned masked only. Pure function,
    no I/O.
    """
    language, confidence = detect_language(text)
    if hint_language in LANGUAGES and (language == "und" or confidence < _TRUST_DETECTION):
        language, confidence = hint_language, _TRUST_DETECTION
    doc_type, type_confidence, reason = classify(text, language)
    return Description(
        language=language,
        language_confidence=confidence,
        doc_type=doc_type,
        doc_type_confidence=type_confidence,
        doc_type_reason=reason,
        title=extract_title(text, doc_type),
        diary_numbers=find_diary_numbers(text),
        dates=find_dates(text),
        business_ids=find_business_ids(text),
        personal_data=find_personal_identity_codes(text),
    )
