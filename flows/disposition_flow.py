"""The Prefect flow ``arkki-disposition``: destroy an approved selection, e.g. on a worker
after the approvals were given in the web app. It calls the same ``flows.lifecycle``
functions as ``arkki disposition destroy``: holds, retention, approvers and Object Lock are
honoured the same way, and its result says what was destroyed, skipped (held, not due) and
blocked.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from prefect import flow

from flows.config import Settings, open_catalog
from flows.lifecycle_cli import destroy_selection

FLOW_NAME = "arkki-disposition"


@flow(name=FLOW_NAME, log_prints=False)
def disposition_flow(
    approved_by: str,
    class_code: str | None = None,
    record_ids: list[str] | None = None,
    second_approver: str | None = None,
    as_of: str | None = None,
) -> dict[str, Any]:
    settings = Settings.from_env()
    when = date.fromisoformat(as_of) if as_of else date.today()
    _, _, report = destroy_selection(
        settings,
        open_catalog(settings),
        when,
        class_code,
        record_ids,
        approved_by,
        second_approver,
    )
    return report.as_json()
