"""Which described records an archivist must look at, and why.

A record needs review when its document type or records-plan class is less certain than the
configured thresholds, or when a field that its type is expected to carry was not found. The
reasons are short English sentences stored with the record and shown in the work queue. OCR
quality flags are added by the pipeline, which knows the pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from metadata.models import Description

# Fields a document of each type normally carries; a missing one is worth a human look.
EXPECTED_FIELDS: dict[str, tuple[str, ...]] = {
    "paatos": ("document_date", "diary_numbers"),
    "maksatuspaatos": ("document_date", "diary_numbers"),
    "lausunto": ("document_date", "diary_numbers"),
    "oikaisuvaatimus": ("document_date",),
    "hakemus": ("document_date",),
    "lasku": ("document_date", "business_ids"),
    "sopimus": ("document_date",),
    "kirje": ("document_date",),
    "poytakirja": ("document_date",),
    "muistio": ("document_date",),
    "muu": (),
}
_FIELD_NAMES = {
    "document_date": "document date",
    "diary_numbers": "diary number",
    "business_ids": "business ID",
}


@dataclass(frozen=True)
class ReviewThresholds:
    type_confidence: float
    class_confidence: float


def review_reasons(description: Description, thresholds: ReviewThresholds) -> list[str]:
    """Why ``description`` needs an archivist (empty: it does not). Fields an archivist has
    already set by hand are never questioned again."""
    reasons: list[str] = []
    hand_set = description.corrected
    if "doc_type" not in hand_set and description.doc_type_confidence < thresholds.type_confidence:
        reasons.append(
            f"document type uncertain ({description.doc_type}, confidence "
            f"{description.doc_type_confidence:.2f} < {thresholds.type_confidence:.2f})"
        )
    assigned = description.records_class
    if (
        "records_class" not in hand_set
        and assigned is not None
        and assigned.confidence < thresholds.class_confidence
    ):
        reasons.append(
            f"records-plan class uncertain ({assigned.code} {assigned.title_fi}, confidence "
            f"{assigned.confidence:.2f} < {thresholds.class_confidence:.2f}): {assigned.reason}"
        )
    for field in EXPECTED_FIELDS.get(description.doc_type, ()):
        if field not in hand_set and not getattr(description, field):
            reasons.append(f"no {_FIELD_NAMES[field]} found in a {description.doc_type}")
    return reasons
