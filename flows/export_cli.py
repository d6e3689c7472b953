"""``arkki export sahke2``: a case or a batch as SÄHKE2 2019 transfer XML.

Every stored object is re-read and its SHA-256 compared with the catalog before it is
described as intact; a package with any problem is refused with every problem listed, and
nothing is written. The XML is written to a temporary file beside ``--out`` and renamed, so
a file at ``--out`` is always complete.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from rich.console import Console

from archive_schema.record import RecordMetadata, StoredFile
from archive_schema.sahke2 import build_sahke2
from archive_schema.sahke2_model import ExportRefused, TransferInfo
from flows.config import Settings, open_catalog, open_plan, open_store
from infra.store import StoreError


def _emit(document: Any) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False, default=str) + "\n")


def select_records(settings: Settings, case: str | None, batch: str | None) -> list[RecordMetadata]:
    """The records of one case (diary number) or one batch."""
    from flows.cli import UsageProblem

    if (case is None) == (batch is None):
        raise UsageProblem("give exactly one of --case DIARY_NUMBER or --batch BATCH_ID")
    catalog = open_catalog(settings)
    if batch is not None:
        rows = catalog.records_of_batch(batch)
        if not rows:
            raise UsageProblem(f"--batch {batch}: no records in that batch")
    else:
        wanted = (case or "").strip().upper()
        rows = [
            row
            for row in catalog.iter_records()
            if wanted in json.loads(row["record"])["description"]["diary_numbers"]
        ]
        if not rows:
            raise UsageProblem(f"--case {case}: no record carries that diary number")
    return [RecordMetadata.model_validate_json(row["record"]) for row in rows]


def run_export_sahke2(
    case: str | None,
    batch: str | None,
    out: Path,
    transfer: TransferInfo,
    as_json: bool,
    settings: Settings,
) -> int:
    """Export, or refuse with every problem; returns the exit code (0, or 1 when refused)."""
    records = select_records(settings, case, batch)
    store = open_store(settings)

    def intact(file: StoredFile) -> bool:
        try:
            return hashlib.sha256(store.get_bytes(file.key)).hexdigest() == file.sha256
        except StoreError:
            return False

    ids = [r.id for r in records]
    try:
        data = build_sahke2(records, open_plan(settings), transfer, verify=intact)
    except ExportRefused as refused:
        if as_json:
            _emit({"out": None, "records": ids, "refused": refused.problems})
        else:
            console = Console(stderr=True)
            for problem in refused.problems:
                console.print(f"  {problem}", markup=False, soft_wrap=True)
            sys.stderr.write(
                f"arkki: export refused: {len(refused.problems)} problem(s), listed above; "
                "nothing was written\n"
            )
        return 1
    _write_atomically(out, data)
    cases = len({r.description.diary_numbers[0] for r in records})
    if as_json:
        _emit({"out": str(out), "records": ids, "case_files": cases, "refused": []})
    else:
        Console().print(
            f"Wrote {out}: {len(ids)} records in {cases} case file(s), SÄHKE2 2019.", markup=False
        )
    return 0


def _write_atomically(out: Path, data: bytes) -> None:
    from flows.cli import UsageProblem

    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(tmp, out)
    except OSError as error:
        raise UsageProblem(f"{out}: cannot write ({error.strerror or error})") from error
