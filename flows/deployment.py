"""The flow a Prefect deployment runs: ``arkki-ingest`` (deployment ``arkki-ingest/ingest``).

Its parameters are plain JSON (the batch folder as the worker sees it, the agency, the OCR
languages); everything else comes from the worker's ARKKI_* environment, read in the flow
run's own process, so the Prefect server never holds credentials. It runs the ``ingest``
flow (flows/ingest.py) as a subflow, exactly as ``arkki ingest`` does, and returns a short
summary; the records are in the catalog. Imported by module path from the installed
package: no code storage and no image registry are needed.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from prefect import flow

FLOW_NAME = "arkki-ingest"
DEPLOYMENT_NAME = "ingest"


@flow(name=FLOW_NAME, log_prints=False)
def arkki_ingest(
    source: str, agency: str | None = None, languages: str | None = None
) -> dict[str, Any]:
    """Ingest the scan batch at ``source`` (a folder or file the worker can read)."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    from flows.config import Settings
    from flows.ingest import run_ingest

    report = run_ingest(Path(source), agency, languages, Settings.from_env())
    return {
        "batch_id": report.batch_id,
        "documents": len(report.documents),
        "quarantined": len(report.quarantined),
        "pages": report.stats.pages,
        "index_problem": report.index_problem,
    }
