"""What the validation screen shows and does: the record's form values, the fields arkki was
unsure about, the live SÄHKE2 check, and the archivist's decision.

Contract: ``decide`` applies an archivist's corrections (only the fields whose value differs
from the stored one) through ``metadata.corrections.apply_corrections`` and approves the
record with ``Catalog.correct_record``'s compare-and-swap, so the record, one ``corrections``
row per field and the audit row are written in one transaction; it then removes the task.
It refuses (``ReviewError`` with an HTTP status and one line) where the user does not hold the
task's lease (409), the record changed since the screen was loaded (``version``; 409), or a
value is invalid (422). ``return_to_registry`` takes the task out of the queue with a note,
audited. Neither ever edits or removes an audit row.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from archive_schema.record import RecordMetadata, RecordStatus
from archive_schema.sahke2 import sahke2_problems
from infra.catalog import Catalog, ConcurrentChange, now
from infra.store import ObjectStore
from infra.worklist import Worklist
from metadata.corrections import CORRECTABLE, CorrectionError, apply_corrections
from metadata.models import Description
from metadata.plan import RecordsPlan

# which form fields a kind of review reason is about
REASON_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("document type uncertain", ("doc_type",)),
    ("records-plan class uncertain", ("records_class",)),
    ("no document date", ("document_date",)),
    ("no diary number", ("diary_numbers",)),
)


class ReviewError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Decision:
    record_id: str
    status: str
    changes: list[tuple[str, str, str]]


def version_of(record_json: str) -> str:
    """A short fingerprint of the stored record: the form carries it back."""
    return hashlib.sha256(record_json.encode()).hexdigest()[:16]


def shown_values(d: Description) -> dict[str, str]:
    """Every correctable field as the one-line text the form shows and sends back."""
    r, t = d.restriction, d.retention
    cls = d.records_class
    values = {
        "doc_type": d.doc_type,
        "records_class": f"{cls.code}:{cls.process_id}" if cls else "",
        "publicity_class": r.publicity_class if r else "",
        "security_period": "" if r is None or r.security_period is None else str(r.security_period),
        "security_reason": (r.security_reason or "") if r else "",
        "personal_data": r.personal_data if r else "",
        "retention_period": str(t.period) if t else "",
        "retention_reason": t.reason if t else "",
        "retention_trigger": (t.trigger or "") if t else "",
        "title": d.title,
        "language": d.language,
        "document_date": d.document_date.isoformat() if d.document_date else "",
        "diary_numbers": ", ".join(d.diary_numbers),
    }
    assert set(values) == set(CORRECTABLE)
    return values


def uncertain_fields(record: RecordMetadata) -> dict[str, str]:
    """Field → the review reason that questions it."""
    found: dict[str, str] = {}
    for reason in record.review_reasons:
        for start, fields in REASON_FIELDS:
            if reason.lower().startswith(start):
                for field in fields:
                    found.setdefault(field, reason)
    return found


def sahke2_check(record: RecordMetadata, plan: RecordsPlan) -> dict[str, Any]:
    """The SÄHKE2 problems of the record as it is, and those left once it is approved."""
    problems = sahke2_problems([record], plan)
    approved = record.model_copy(update={"status": RecordStatus.STORED})
    after = sahke2_problems([approved], plan)
    return {"valid": not problems, "problems": problems, "after_approval": after}


def load(catalog: Catalog, record_id: str) -> tuple[dict[str, Any], RecordMetadata]:
    row = catalog.record(record_id)
    if row is None:
        raise ReviewError(404, f"record {record_id} not found")
    return row, RecordMetadata.model_validate_json(row["record"])


def decide(
    catalog: Catalog,
    store: ObjectStore,
    plan: RecordsPlan,
    worklist: Worklist,
    record_id: str,
    user: str,
    version: str,
    fields: dict[str, str],
    reason: str,
) -> Decision:
    """Correct (where any field differs) and approve the record; see the module contract."""
    unknown = sorted(set(fields) - set(CORRECTABLE))
    if unknown:
        raise ReviewError(422, f"unknown field {unknown[0]} (one of {', '.join(CORRECTABLE)})")
    if not worklist.holds(record_id, user):
        raise ReviewError(409, f"record {record_id}: claim the task first (or your lease expired)")
    row, record = load(catalog, record_id)
    if version != version_of(row["record"]):
        raise ReviewError(409, f"record {record_id} changed since you opened it; reload it")
    if record.status != RecordStatus.NEEDS_REVIEW:
        raise ReviewError(409, f"record {record_id} is {record.status.value}, not in review")
    current = shown_values(record.description)
    assignments = {f: v.strip() for f, v in fields.items() if v.strip() != current[f]}
    try:
        description, changes = apply_corrections(
            record.description, assignments, plan, user, now(), reason
        )
    except CorrectionError as error:
        raise ReviewError(422, str(error)) from error
    changes.append(("status", record.status.value, RecordStatus.STORED.value))
    updated = record.model_copy(update={"description": description, "status": RecordStatus.STORED})
    try:
        catalog.correct_record(
            record_id,
            row["record"],
            {
                "record": updated.model_dump_json(),
                "status": RecordStatus.STORED.value,
                "doc_type": description.doc_type,
                "title": description.title,
            },
            changes,
            user,
            reason,
        )
    except ConcurrentChange as error:
        raise ReviewError(409, str(error)) from error
    worklist.finish(record_id)
    store.put_bytes(
        f"records/{record_id}/record.json",
        updated.model_dump_json(indent=2).encode(),
        "application/json",
    )
    return Decision(record_id, RecordStatus.STORED.value, changes)


def return_to_registry(
    catalog: Catalog, worklist: Worklist, record_id: str, user: str, note: str
) -> None:
    note = note.strip()
    if not note or len(note) > 2000:
        raise ReviewError(422, "note: 1 to 2000 characters telling the registry what to do")
    load(catalog, record_id)
    from infra.worklist import LeaseLost

    try:
        worklist.return_to_registry(record_id, user, note)
    except LeaseLost:
        raise ReviewError(409, f"record {record_id}: claim the task first") from None
    catalog.audit(user, "return-to-registry", record_id, {"note": note})
