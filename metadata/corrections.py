"""An archivist's corrections to a record's description, validated before anything is written.

``apply_corrections`` takes ``FIELD=VALUE`` assignments, checks every value (document types
from ``DOC_TYPES``, classes from the records plan, publicity and personal-data values verbatim
from SÄHKE2, diary numbers and dates by their form) and returns the corrected description and
the list of ``(field, old, new)`` changes. It writes nothing: the caller stores the record, the
corrections and the audit row together. A corrected field is marked in
``Description.corrected`` so that re-describing the record and retraining keep it.

Setting ``records_class`` re-inherits the class's restriction and retention defaults, except
fields the archivist has set by hand (in the same call or earlier).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

from metadata.models import (
    DOC_TYPES,
    CorrectionMark,
    Description,
    RecordsClass,
    Restriction,
    Retention,
)
from metadata.plan import RecordsPlan
from metadata.plan_assign import class_defaults
from metadata.plan_terms import PERSONAL_DATA_VALUES, PUBLICITY_CLASSES

LANGUAGES = ("fin", "swe", "eng")
_DIARY = re.compile(
    r"^[A-ZÅÄÖ]{2,10}(?:/[A-ZÅÄÖ]{2,10})*/\d{1,6}(?:/\d{1,4}(?:\.\d{1,4})*)?/\d{4}$"
)
_RESTRICTION_FIELDS = ("publicity_class", "security_period", "security_reason", "personal_data")
_RETENTION_FIELDS = ("retention_period", "retention_reason", "retention_trigger")
CORRECTABLE = (
    "doc_type",
    "records_class",
    *_RESTRICTION_FIELDS,
    *_RETENTION_FIELDS,
    "title",
    "language",
    "document_date",
    "diary_numbers",
)


class CorrectionError(ValueError):
    """A correction that cannot be applied; the message is one line naming the field."""


def parse_assignments(items: list[str]) -> dict[str, str]:
    """``["doc_type=paatos", "title=…"]`` → ``{"doc_type": "paatos", …}``, fields checked."""
    parsed: dict[str, str] = {}
    for item in items:
        field, sep, value = item.partition("=")
        field = field.strip()
        if not sep:
            raise CorrectionError(f"--field {item}: expected FIELD=VALUE")
        if field not in CORRECTABLE:
            raise CorrectionError(
                f"--field {item}: unknown field {field} (one of {', '.join(CORRECTABLE)})"
            )
        if field in parsed:
            raise CorrectionError(f"--field {field} is given twice")
        parsed[field] = value.strip()
    if not parsed:
        raise CorrectionError("nothing to correct: give at least one --field FIELD=VALUE")
    return parsed


def apply_corrections(
    description: Description,
    assignments: dict[str, str],
    plan: RecordsPlan,
    actor: str,
    at: datetime,
    reason: str = "",
) -> tuple[Description, list[tuple[str, str, str]]]:
    """The corrected description and its ``(field, old, new)`` changes (unchanged fields are
    left out). Raises ``CorrectionError`` on the first invalid value; nothing is changed then.
    """
    if not actor.strip():
        raise CorrectionError("a correction needs the name of who made it")
    updated = description.model_copy(deep=True)
    changes: list[tuple[str, str, str]] = []
    hand_set = set(description.corrected) | set(assignments)
    if "records_class" in assignments:
        _set_class(updated, assignments["records_class"], plan, hand_set)
    for field, raw in assignments.items():
        if field == "records_class":
            continue
        _SETTERS[field](updated, raw)
    _check_restriction(updated.restriction)
    mark = CorrectionMark(actor=actor, at=at, reason=reason)
    for field in assignments:
        old, new = _shown(description, field), _shown(updated, field)
        if old != new:
            changes.append((field, old, new))
            updated.corrected[field] = mark
    return updated, changes


def _set_class(description: Description, raw: str, plan: RecordsPlan, hand_set: set[str]) -> None:
    code, _, process = raw.partition(":")
    try:
        defaults = class_defaults(plan, code, process or None)
    except KeyError as error:
        leaves = ", ".join(leaf.code for leaf in plan.leaves())
        raise CorrectionError(
            f"records_class={raw}: not a class (with that process) of the plan "
            f"{plan.version!r}; classes: {leaves}"
        ) from error
    leaf = plan.find(code)
    assert leaf is not None  # class_defaults found it
    process_id = process or leaf.processes[0].id
    description.records_class = RecordsClass(
        code=code,
        title_fi=leaf.title_fi,
        title_sv=leaf.title_sv or "",
        process_id=process_id,
        confidence=1.0,
        reason="set by an archivist",
    )
    restriction = description.restriction
    inherited = {
        "publicity_class": defaults.publicity_class,
        "security_period": defaults.secrecy_period,
        "security_reason": defaults.secrecy_reason,
        "personal_data": defaults.personal_data,
    }
    if restriction is not None:
        for field in _RESTRICTION_FIELDS:
            if field in hand_set:
                inherited[field] = getattr(restriction, field)
    description.restriction = Restriction.model_validate(inherited)
    retention = description.retention
    kept = {
        "period": defaults.retention_period,
        "reason": defaults.retention_reason,
        "trigger": defaults.retention_trigger,
    }
    if retention is not None:
        for field in _RETENTION_FIELDS:
            if field in hand_set:
                kept[field.removeprefix("retention_")] = getattr(
                    retention, field.removeprefix("retention_")
                )
    description.retention = Retention.model_validate(kept)
    description.plan_version, description.plan_hash = plan.version, plan.content_hash


def _set_doc_type(description: Description, raw: str) -> None:
    if raw not in DOC_TYPES:
        raise CorrectionError(f"doc_type={raw}: unknown type (one of {', '.join(DOC_TYPES)})")
    description.doc_type = raw
    description.doc_type_confidence = 1.0
    description.doc_type_reason = "set by an archivist"


def _restriction(description: Description) -> Restriction:
    if description.restriction is None:
        description.restriction = Restriction(
            publicity_class="Julkinen", personal_data="ei sisällä henkilötietoja"
        )
    return description.restriction


def _retention(description: Description, field: str) -> Retention:
    if description.retention is None:
        raise CorrectionError(f"{field}: the record has no retention yet; set records_class first")
    return description.retention


def _set_publicity(description: Description, raw: str) -> None:
    if raw not in PUBLICITY_CLASSES:
        raise CorrectionError(
            f"publicity_class={raw}: one of {' | '.join(PUBLICITY_CLASSES)} (SÄHKE2, verbatim)"
        )
    restriction = _restriction(description)
    restriction.publicity_class = raw
    if raw == "Julkinen":
        restriction.security_period, restriction.security_reason = None, None


def _set_personal_data(description: Description, raw: str) -> None:
    if raw not in PERSONAL_DATA_VALUES:
        raise CorrectionError(
            f"personal_data={raw}: one of {' | '.join(PERSONAL_DATA_VALUES)} (SÄHKE2, verbatim)"
        )
    _restriction(description).personal_data = raw


def _years(field: str, raw: str, low: int) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise CorrectionError(f"{field}={raw}: a whole number of years") from None
    if value < low or value > 1000:
        raise CorrectionError(f"{field}={raw}: out of range ({low}…1000)")
    return value


def _set_security_period(description: Description, raw: str) -> None:
    _restriction(description).security_period = _years("security_period", raw, 1) if raw else None


def _set_security_reason(description: Description, raw: str) -> None:
    _restriction(description).security_reason = raw or None


def _set_retention_period(description: Description, raw: str) -> None:
    _retention(description, "retention_period").period = _years("retention_period", raw, -1)


def _set_retention_reason(description: Description, raw: str) -> None:
    if not raw:
        raise CorrectionError("retention_reason: must not be empty (SÄHKE2 RetentionReason)")
    _retention(description, "retention_reason").reason = raw


def _set_retention_trigger(description: Description, raw: str) -> None:
    _retention(description, "retention_trigger").trigger = raw or None


def _set_title(description: Description, raw: str) -> None:
    if not raw or len(raw) > 200:
        raise CorrectionError("title: 1 to 200 characters")
    description.title = raw


def _set_language(description: Description, raw: str) -> None:
    if raw not in LANGUAGES:
        raise CorrectionError(f"language={raw}: one of {', '.join(LANGUAGES)}")
    description.language, description.language_confidence = raw, 1.0


def _set_document_date(description: Description, raw: str) -> None:
    description.document_date = parse_date(raw) if raw else None


def parse_date(raw: str) -> date:
    """``2020-02-01`` or ``1.2.2020``."""
    try:
        if re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", raw):
            day, month, year = (int(part) for part in raw.split("."))
            return date(year, month, day)
        return date.fromisoformat(raw)
    except ValueError:
        raise CorrectionError(
            f"document_date={raw}: a date such as 2020-02-01 or 1.2.2020"
        ) from None


def _set_diary_numbers(description: Description, raw: str) -> None:
    numbers = [n.strip().upper() for n in raw.split(",") if n.strip()]
    for number in numbers:
        if not _DIARY.match(number):
            raise CorrectionError(
                f"diary_numbers: {number} is not AGENCY/number/[class/]year, e.g. UUDELY/1290/2017"
            )
    description.diary_numbers = list(dict.fromkeys(numbers))


def _check_restriction(restriction: Restriction | None) -> None:
    if restriction is None or restriction.publicity_class == "Julkinen":
        return
    missing = [
        name
        for name, value in (
            ("security_period", restriction.security_period),
            ("security_reason", restriction.security_reason),
        )
        if value in (None, "")
    ]
    if missing:
        raise CorrectionError(
            f"publicity_class {restriction.publicity_class} needs {' and '.join(missing)} "
            "too (JHS 191: Salassapitoaika, Salassapitoperuste)"
        )


def _shown(description: Description, field: str) -> str:
    """A field's value as one line of text, for the audit trail."""
    restriction, retention = description.restriction, description.retention
    value: object
    if field in _RESTRICTION_FIELDS:
        value = getattr(restriction, field) if restriction else None
    elif field in _RETENTION_FIELDS:
        value = getattr(retention, field.removeprefix("retention_")) if retention else None
    elif field == "records_class":
        value = (
            f"{description.records_class.code}:{description.records_class.process_id}"
            if description.records_class
            else None
        )
    elif field == "diary_numbers":
        value = ", ".join(description.diary_numbers)
    else:
        value = getattr(description, field)
    return "" if value is None else str(value)


_SETTERS: dict[str, Callable[[Description, str], None]] = {
    "doc_type": _set_doc_type,
    "publicity_class": _set_publicity,
    "security_period": _set_security_period,
    "security_reason": _set_security_reason,
    "personal_data": _set_personal_data,
    "retention_period": _set_retention_period,
    "retention_reason": _set_retention_reason,
    "retention_trigger": _set_retention_trigger,
    "title": _set_title,
    "language": _set_language,
    "document_date": _set_document_date,
    "diary_numbers": _set_diary_numbers,
}
