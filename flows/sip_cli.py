"""``arkki sip``: a case or a batch as a preservation SIP for the national digital-preservation
service (METS 1.8.0 with PREMIS 2.3, MIX 2.0, Dublin Core and the SÄHKE2 transfer XML).

Every stored file is re-read and its SHA-256 compared with the catalog, every image's header
read for MIX, and every SÄHKE2 field checked before anything is written; a package with any
problem is refused with every problem listed. The tar is written beside ``--out`` and renamed.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console

from archive_schema.record import RecordMetadata
from archive_schema.sahke2_model import ExportRefused, TransferInfo
from archive_schema.sip import Signer, SipReport, write_sip
from archive_schema.sip_model import SipInfo
from flows.config import Settings, open_plan, open_store
from flows.export_cli import emit, report_refusal, select_records


@dataclass(frozen=True)
class SipRequest:
    case: str | None
    batch: str | None
    out: Path
    transfer: TransferInfo
    dps_contract: str
    signer: Signer | None


def run_sip(request: SipRequest, as_json: bool, settings: Settings) -> int:
    """Write the SIP, or refuse with every problem; returns the exit code (0, or 1)."""
    records = select_records(settings, request.case, request.batch)
    try:
        report = make_sip(settings, records, request)
    except ExportRefused as refused:
        report_refusal(refused, [r.id for r in records], as_json)
        return 1
    if as_json:
        emit(
            {
                "out": str(report.out),
                "records": report.records,
                "case_files": report.case_files,
                "files": report.files,
                "content_bytes": report.content_bytes,
                "signed": report.signed,
                "refused": [],
            }
        )
    else:
        signed = "signed" if report.signed else "UNSIGNED (the service accepts signed SIPs only)"
        Console().print(
            f"Wrote {report.out}: {len(report.records)} records in {report.case_files} case "
            f"file(s), {report.files} files, METS 1.8.0, {signed}.",
            markup=False,
        )
    return 0


def make_sip(settings: Settings, records: list[RecordMetadata], request: SipRequest) -> SipReport:
    """Write the SIP of ``records``; raises ``ExportRefused`` with every problem."""
    from flows.cli import UsageProblem

    if request.signer is not None:
        for path in (request.signer.key, request.signer.cert):
            if not path.is_file():
                raise UsageProblem(f"{path}: no such file (the SIP signing key or certificate)")
    selection = request.case or request.batch or "sip"
    info = SipInfo(
        contract_id=request.dps_contract,
        organisation=request.transfer.organisation,
        package_id=f"arkki-sip-{selection}".replace("/", "-"),
        label=f"{request.transfer.organisation}: {selection}",
        created=datetime.now(UTC),
    )
    try:
        with tempfile.TemporaryDirectory(prefix="arkki-sip-") as workdir:
            return write_sip(
                records,
                open_plan(settings),
                request.transfer,
                info,
                open_store(settings),
                request.out,
                request.signer,
                Path(workdir),
            )
    except OSError as error:
        raise UsageProblem(f"{request.out}: cannot write ({error.strerror or error})") from error
