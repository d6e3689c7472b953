"""The validation screen's OCR text with the words Tesseract was unsure of marked, and the
SÄHKE2 XML the record would be transferred as.

``low_confidence_words`` reads the word confidences (``WC``, 0–1) from the record's stored
ALTO pages; ``marked_text`` escapes the (already masked) text and wraps each of those words
in ``<mark class="lowconf">``. ``sahke2_preview`` is the record's SÄHKE2 XML as it would be
once approved, with placeholder transfer and contact information, or ``""`` while anything
mandatory is missing (the check lists what).
"""

from __future__ import annotations

import re
from html import escape

from lxml import etree
from markupsafe import Markup

from archive_schema.record import RecordMetadata, RecordStatus
from archive_schema.sahke2 import ExportRefused, build_sahke2
from archive_schema.sahke2_model import TransferInfo
from infra.store import ObjectStore, StoreError
from metadata.plan import RecordsPlan

LOW_CONFIDENCE = 0.6  # ALTO WC under this is marked (Tesseract's word confidence / 100)
_WORD = re.compile(r"\w[\w\-/]*", re.UNICODE)
PREVIEW_TRANSFER = TransferInfo(
    native_id="esikatselu",
    title="Esikatselu / Förhandsgranskning",
    contract_id="(siirtosopimus)",
    organisation="(organisaatio)",
    contact_name="(yhteyshenkilö)",
    contact_address="(osoite)",
    contact_phone="(puhelin)",
    contact_email="(sähköposti)",
)


def low_confidence_words(record: RecordMetadata, store: ObjectStore) -> set[str]:
    """The words of the record's pages that Tesseract read with confidence under 0.6."""
    words: set[str] = set()
    for page in record.pages:
        if not page.alto_key:
            continue
        try:
            root = etree.fromstring(store.get_bytes(page.alto_key))
        except (StoreError, etree.XMLSyntaxError):
            continue
        for string in root.iter("{*}String"):
            try:
                confidence = float(string.get("WC", "1"))
            except ValueError:
                continue
            content = string.get("CONTENT", "")
            if confidence < LOW_CONFIDENCE and content:
                words.update(_WORD.findall(content))
    return words


def marked_text(text: str, low: set[str]) -> Markup:
    """``text`` HTML-escaped, with every word in ``low`` wrapped in a mark."""
    out: list[str] = []
    position = 0
    for match in _WORD.finditer(text):
        out.append(escape(text[position : match.start()]))
        word = escape(match.group())
        out.append(f'<mark class="lowconf">{word}</mark>' if match.group() in low else word)
        position = match.end()
    out.append(escape(text[position:]))
    return Markup("".join(out))


def sahke2_preview(record: RecordMetadata, plan: RecordsPlan) -> str:
    """The record's SÄHKE2 XML once approved, or "" where it cannot be built yet."""
    approved = record.model_copy(update={"status": RecordStatus.STORED})
    try:
        return build_sahke2([approved], plan, PREVIEW_TRANSFER).decode()
    except ExportRefused:
        return ""
