"""``arkki correct``, ``arkki train`` and ``arkki history``: an archivist's corrections, the
model retrained from them, and the audit trail that shows who changed what, when and why.

None of these start Prefect: they are single, short transactions on the catalog and store.
"""

from __future__ import annotations

import getpass
import json
import sys
import time
from collections import Counter
from typing import Any

from rich.console import Console

from archive_schema.record import RecordMetadata, RecordStatus
from flows.config import Settings, open_catalog, open_plan, open_search, open_store
from flows.queries import resolve_record
from flows.steps import index_records
from infra.catalog import ConcurrentChange, now
from metadata.classifier import TrainingExample, builtin_examples, train_type_model
from metadata.corrections import CorrectionError, apply_corrections, parse_assignments
from metadata.model_registry import publish

# An archivist's answer is worth more than one generated example: each corrected record is
# repeated this many times in the training data (measured in tests/test_corrections.py: with
# one copy a single correction does not move the model on its own record).
CORRECTION_WEIGHT = 5


def default_actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _emit(document: Any) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False, default=str) + "\n")


def run_correct(
    record_id: str,
    fields: list[str],
    actor: str,
    reason: str,
    approve: bool,
    as_json: bool,
    settings: Settings,
) -> None:
    """Apply ``FIELD=VALUE`` corrections to one record, audited, and re-index it."""
    from flows.cli import UsageProblem

    try:
        assignments = parse_assignments(fields)
    except CorrectionError as error:
        raise UsageProblem(str(error)) from error
    row = resolve_record(record_id, settings)
    record = RecordMetadata.model_validate_json(row["record"])
    at = now()
    try:
        description, changes = apply_corrections(
            record.description, assignments, open_plan(settings), actor, at, reason
        )
    except CorrectionError as error:
        raise UsageProblem(f"{row['id']}: {error}") from error
    status = RecordStatus.STORED if approve else record.status
    if approve and record.status == RecordStatus.NEEDS_REVIEW:
        changes.append(("status", record.status.value, status.value))
    if not changes:
        _report(row["id"], [], record.status.value, as_json)
        return
    updated = record.model_copy(update={"description": description, "status": status})
    updated_json = updated.model_dump_json()
    catalog = open_catalog(settings)
    try:
        catalog.correct_record(
            row["id"],
            row["record"],
            {
                "record": updated_json,
                "status": status.value,
                "doc_type": description.doc_type,
                "title": description.title,
            },
            changes,
            actor,
            reason,
        )
    except ConcurrentChange as error:
        raise UsageProblem(str(error)) from error
    store = open_store(settings)
    store.put_bytes(
        f"records/{row['id']}/record.json",
        updated.model_dump_json(indent=2).encode(),
        "application/json",
    )
    index_records(catalog, store, open_search(settings))
    _report(row["id"], changes, status.value, as_json)


def _report(
    record_id: str, changes: list[tuple[str, str, str]], status: str, as_json: bool
) -> None:
    if as_json:
        _emit(
            {
                "id": record_id,
                "status": status,
                "changes": [{"field": f, "old": o, "new": n} for f, o, n in changes],
            }
        )
        return
    console = Console()
    if not changes:
        console.print(f"{record_id}: nothing changed (the values were already so)")
        return
    console.print(f"{record_id}: corrected, now {status}", markup=False)
    for field, old, new in changes:
        console.print(f"  {field}: {old or '-'} → {new}", markup=False, soft_wrap=True)


def correction_examples(settings: Settings) -> list[TrainingExample]:
    """The latest document-type correction of every record, as training examples."""
    catalog, store = open_catalog(settings), open_store(settings)
    latest: dict[str, str] = {}
    for row in catalog.corrections("doc_type"):
        latest[row["record_id"]] = row["new_value"]
    examples: list[TrainingExample] = []
    for record_id in sorted(latest):
        found = catalog.record(record_id)
        if found is None:
            continue
        record = RecordMetadata.model_validate_json(found["record"])
        text = store.get_bytes(f"records/{record_id}/text.txt").decode()
        example = TrainingExample(
            text=text,
            doc_type=latest[record_id],
            language=record.description.language,
            source="correction",
            group=record_id,
        )
        examples += [example] * CORRECTION_WEIGHT
    return examples


def run_train(seed: int, actor: str, as_json: bool, settings: Settings) -> None:
    """Retrain the document-type model on the generated corpus and every correction, and
    publish it; the same data and seed give the same model and version."""
    started = time.perf_counter()
    corrections = correction_examples(settings)
    examples = builtin_examples(seed) + corrections
    model = train_type_model(examples, seed=seed)
    store = open_store(settings)
    version = publish(store, model, actor)
    seconds = round(time.perf_counter() - started, 1)
    corrected_records = len(corrections) // CORRECTION_WEIGHT
    summary = {
        "version": version,
        "examples": len(examples),
        "corrected_records": corrected_records,
        "by_source": dict(sorted(Counter(e.source for e in examples).items())),
        "seconds": seconds,
    }
    open_catalog(settings).audit(actor, "train", None, summary)
    if as_json:
        _emit(summary)
        return
    Console().print(
        f"Trained document-type model {version} on {len(examples)} examples "
        f"({corrected_records} corrected records) in {seconds} s; it describes new records "
        "from now on.",
        markup=False,
    )


def run_history(record_id: str, as_json: bool, settings: Settings) -> None:
    """The audit trail of one record, oldest first."""
    row = resolve_record(record_id, settings)
    trail = open_catalog(settings).audit_trail(row["id"])
    entries = [
        {"at": e["at"], "actor": e["actor"], "action": e["action"], **json.loads(e["detail"])}
        for e in trail
    ]
    if as_json:
        _emit({"id": row["id"], "history": entries})
        return
    console = Console()
    if not entries:
        console.print(f"{row['id']}: no changes since it was ingested")
    for entry in entries:
        fields = ", ".join(
            f"{f['field']}: {f['old'] or '-'} → {f['new']}" for f in entry.get("fields", [])
        )
        why = f" ({entry['reason']})" if entry.get("reason") else ""
        console.print(
            f"{entry['at']:%Y-%m-%d %H:%M} {entry['actor']} {entry['action']}: {fields}{why}",
            markup=False,
            soft_wrap=True,
        )
