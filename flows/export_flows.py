"""Prefect flow ``export-series``: many cases or batches exported as jobs, one task each.

Each selection (a diary number or a batch id) becomes one file in ``out_dir``, as SÄHKE2
transfer XML, an EAD3 finding aid or a preservation SIP. A refused selection does not stop
the others: its task returns the problems, and the flow's result lists, per selection, the
file written or every reason it was refused. Deploy it like the ingest flow to run exports
of whole series on workers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from prefect import flow, task
from pydantic import BaseModel, Field

from archive_schema.sahke2_model import ExportRefused, TransferInfo
from archive_schema.sip import Signer
from flows.config import Settings, open_catalog

ExportKind = Literal["sahke2", "ead3", "sip"]
SUFFIX = {"sahke2": ".xml", "ead3": ".ead3.xml", "sip": ".tar"}


class SelectionResult(BaseModel):
    kind: ExportKind
    case: str | None = None
    batch: str | None = None
    out: str | None = None  # the file written; None where refused
    records: list[str] = Field(default_factory=list)
    refused: list[str] = Field(default_factory=list)


def file_name(case: str | None, batch: str | None, kind: ExportKind) -> str:
    """A file name for the selection, with the diary number's slashes made safe."""
    return (case or batch or "export").replace("/", "_") + SUFFIX[kind]


@task(name="export-selection")
def export_selection(
    kind: ExportKind,
    case: str | None,
    batch: str | None,
    out_dir: Path,
    transfer: TransferInfo,
    dps_contract: str | None = None,
    signer: Signer | None = None,
) -> SelectionResult:
    from flows.cli import UsageProblem
    from flows.ead3_cli import export_ead3
    from flows.export_cli import export_sahke2, load_records, select_ids
    from flows.sip_cli import SipRequest, make_sip

    settings = Settings.from_env()
    result = SelectionResult(kind=kind, case=case, batch=batch)
    out = out_dir / file_name(case, batch, kind)
    try:
        catalog = open_catalog(settings)
        ids = select_ids(catalog, case, batch)
        result.records = ids
        if kind == "sahke2":
            export_sahke2(settings, ids, out, transfer)
        elif kind == "ead3":
            export_ead3(settings, list(load_records(catalog, ids)), out, transfer)
        else:
            request = SipRequest(case, batch, out, transfer, dps_contract or "", signer)
            make_sip(settings, list(load_records(catalog, ids)), request)
    except ExportRefused as refused:
        result.refused = refused.problems
        return result
    except UsageProblem as problem:
        result.refused = [str(problem)]
        return result
    result.out = str(out)
    return result


@flow(name="export-series")
def export_series(
    kind: ExportKind,
    out_dir: Path,
    transfer: TransferInfo,
    cases: list[str] | None = None,
    batches: list[str] | None = None,
    dps_contract: str | None = None,
    signer: Signer | None = None,
) -> list[SelectionResult]:
    """Export every case and batch given; one task per selection, run concurrently."""
    out_dir.mkdir(parents=True, exist_ok=True)
    selections = [(c, None) for c in cases or []] + [(None, b) for b in batches or []]
    futures = [
        export_selection.submit(kind, case, batch, out_dir, transfer, dps_contract, signer)
        for case, batch in selections
    ]
    return [future.result() for future in futures]
