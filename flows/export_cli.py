"""``arkki export sahke2``: a case or a batch as SÄHKE2 2019 transfer XML, streamed.

Every stored object is re-read and its SHA-256 compared with the catalog before it is
described as intact; a package with any problem is refused with every problem listed, and
nothing is written. Only record ids are held for the whole selection: records are read from
the catalog in pages for the check, and again one case at a time for writing, so memory is
bounded by the largest case, not by the batch. The XML is streamed into a temporary file
beside ``--out`` and renamed on success (deleted otherwise), so a file at ``--out`` is always
complete.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from rich.console import Console
from sqlalchemy import select

from archive_schema.record import RecordMetadata, StoredFile
from archive_schema.sahke2 import check_series, write_checked
from archive_schema.sahke2_model import ExportRefused, TransferInfo
from flows.config import Settings, open_catalog, open_plan, open_store
from infra.catalog import Catalog
from infra.catalog import records as records_table
from infra.store import ObjectStore, StoreError

PAGE = 500  # records per catalog query


def emit(document: Any) -> None:
    """One JSON line on stdout (the ``--json`` output of the export commands)."""
    sys.stdout.write(json.dumps(document, ensure_ascii=False, default=str) + "\n")


def select_ids(catalog: Catalog, case: str | None, batch: str | None) -> list[str]:
    """The ids (in id order) of the records of one case (any of their diary numbers) or batch."""
    from flows.cli import UsageProblem

    if (case is None) == (batch is None):
        raise UsageProblem("give exactly one of --case DIARY_NUMBER or --batch BATCH_ID")
    if batch is not None:
        query = (
            select(records_table.c.id)
            .where(records_table.c.batch_id == batch)
            .order_by(records_table.c.id)
        )
        with catalog.engine.connect() as conn:
            ids = [str(row[0]) for row in conn.execute(query)]
        if not ids:
            raise UsageProblem(f"--batch {batch}: no records in that batch")
        return ids
    wanted = (case or "").strip().upper()
    ids = [
        row["id"]
        for row in catalog.iter_records()
        if wanted in json.loads(row["record"])["description"]["diary_numbers"]
    ]
    if not ids:
        raise UsageProblem(f"--case {case}: no record carries that diary number")
    return ids


def select_records(settings: Settings, case: str | None, batch: str | None) -> list[RecordMetadata]:
    """The records of one case or batch, all in memory (for the one-shot exporters)."""
    catalog = open_catalog(settings)
    return list(load_records(catalog, select_ids(catalog, case, batch)))


def load_records(catalog: Catalog, ids: Sequence[str]) -> Iterator[RecordMetadata]:
    """The records with these ids, read ``PAGE`` at a time (each page in id order)."""
    for start in range(0, len(ids), PAGE):
        query = (
            select(records_table.c.record)
            .where(records_table.c.id.in_(list(ids[start : start + PAGE])))
            .order_by(records_table.c.id)
        )
        with catalog.engine.connect() as conn:
            rows = conn.execute(query).all()
        for row in rows:
            yield RecordMetadata.model_validate_json(row[0])


def run_export_sahke2(
    case: str | None,
    batch: str | None,
    out: Path,
    transfer: TransferInfo,
    as_json: bool,
    settings: Settings,
) -> int:
    """Export, or refuse with every problem; returns the exit code (0, or 1 when refused)."""
    ids = select_ids(open_catalog(settings), case, batch)
    try:
        cases = export_sahke2(settings, ids, out, transfer)
    except ExportRefused as refused:
        report_refusal(refused, ids, as_json)
        return 1
    report_written(out, ids, cases, "SÄHKE2 2019", as_json)
    return 0


def report_written(out: Path, ids: list[str], cases: int, what: str, as_json: bool) -> None:
    """What an export wrote: one JSON object, or one line."""
    if as_json:
        emit({"out": str(out), "records": ids, "case_files": cases, "refused": []})
    else:
        Console().print(
            f"Wrote {out}: {len(ids)} records in {cases} case file(s), {what}.",
            markup=False,
            soft_wrap=True,
        )


def export_sahke2(settings: Settings, ids: list[str], out: Path, transfer: TransferInfo) -> int:
    """Stream the records ``ids`` into ``out`` as SÄHKE2; the number of CaseFiles written.

    Raises ``ExportRefused`` with every problem (nothing written)."""
    catalog = open_catalog(settings)
    intact = checksum_verifier(open_store(settings))
    plan = open_plan(settings)

    def load(wanted: Sequence[str]) -> Iterator[RecordMetadata]:
        return load_records(catalog, wanted)

    checked = check_series(load(ids), plan, verify=intact)
    write_atomically(out, lambda stream: write_checked(checked, load, plan, transfer, stream))
    return len(checked.cases)


def checksum_verifier(store: ObjectStore) -> Callable[[StoredFile], bool]:
    """A check that re-reads a stored file and compares its SHA-256 with the catalog's."""

    def intact(file: StoredFile) -> bool:
        try:
            return hashlib.sha256(store.get_bytes(file.key)).hexdigest() == file.sha256
        except StoreError:
            return False

    return intact


def report_refusal(refused: ExportRefused, ids: list[str], as_json: bool) -> None:
    """Every problem: as JSON on stdout, or one per line on stderr with a closing summary."""
    if as_json:
        emit({"out": None, "records": ids, "refused": refused.problems})
        return
    console = Console(stderr=True)
    for problem in refused.problems:
        console.print(f"  {problem}", markup=False, soft_wrap=True)
    sys.stderr.write(
        f"arkki: export refused: {len(refused.problems)} problem(s), listed above; "
        "nothing was written\n"
    )


def write_atomically(out: Path, write: Callable[[BinaryIO], object]) -> None:
    """Run ``write`` on a temporary file beside ``out``; rename it to ``out`` only if it
    returns, delete it if it raises."""
    from flows.cli import UsageProblem

    tmp: str | None = None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.")
        with os.fdopen(handle, "wb") as stream:
            write(stream)
        os.replace(tmp, out)
        tmp = None
    except OSError as error:
        raise UsageProblem(f"{out}: cannot write ({error.strerror or error})") from error
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
