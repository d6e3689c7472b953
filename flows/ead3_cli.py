"""``arkki export ead3``: a case or a batch as an EAD3 1.1.1 finding aid.

The records are checked exactly as for ``arkki export sahke2`` (every stored object re-read
and its SHA-256 compared with the catalog; every missing mandatory field listed) because the
finding aid is the national SÄHKE2 → EAD3 mapping of the same transfer. A refused export
writes nothing; otherwise the XML goes to a temporary file beside ``--out`` that is then
renamed, so a file at ``--out`` is always complete. ``--json`` prints one object with the
keys of ``export sahke2``: ``out``, ``records``, ``case_files`` (when written), ``refused``.
"""

from __future__ import annotations

from pathlib import Path

from archive_schema.ead3 import build_ead3
from archive_schema.record import RecordMetadata
from archive_schema.sahke2_model import ExportRefused, TransferInfo
from flows.config import Settings, open_plan, open_store
from flows.export_cli import (
    checksum_verifier,
    report_refusal,
    report_written,
    select_records,
    write_atomically,
)


def run_export_ead3(
    case: str | None,
    batch: str | None,
    out: Path,
    transfer_info: TransferInfo,
    as_json: bool,
    settings: Settings,
) -> int:
    """Export, or refuse with every problem; returns the exit code (0, or 1 when refused)."""
    records = select_records(settings, case, batch)
    ids = [r.id for r in records]
    try:
        cases = export_ead3(settings, records, out, transfer_info)
    except ExportRefused as refused:
        report_refusal(refused, ids, as_json)
        return 1
    report_written(out, ids, cases, "EAD3 1.1.1", as_json)
    return 0


def export_ead3(
    settings: Settings, records: list[RecordMetadata], out: Path, transfer_info: TransferInfo
) -> int:
    """Write the finding aid of ``records`` to ``out``; the number of CaseFiles (c01).

    Raises ``ExportRefused`` with every problem (nothing written)."""
    intact = checksum_verifier(open_store(settings))
    data = build_ead3(records, open_plan(settings), transfer_info, verify=intact)
    write_atomically(out, lambda stream: stream.write(data))
    return len({r.description.diary_numbers[0] for r in records})
