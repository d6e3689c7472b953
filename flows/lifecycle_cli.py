"""``arkki disposition list|destroy|transfers``, ``arkki hold add|lift|list`` and
``arkki retention ID``: the command-line side of flows.lifecycle.

Each ``run_*`` returns the exit code: 0 done, 1 something asked could not be done (an object
locked by S3 Object Lock, an unknown hold), 2 bad usage (raised as ``UsageProblem``: a
missing second approver, an unknown record). ``--json`` prints exactly one JSON document.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Any

from rich.console import Console
from rich.table import Table

from flows.config import Settings, open_catalog, open_search, open_store
from flows.lifecycle import (
    Candidate,
    DestructionReport,
    DispositionRefused,
    destroy,
    disposition_list,
    retention_of,
    select_for_destruction,
    transfers_due,
)
from flows.queries import resolve_record
from infra.catalog import Catalog
from infra.lifecycle import Scope, lift_hold, list_holds, place_hold, save_approval


def _usage(message: str) -> Exception:
    from flows.cli import UsageProblem

    return UsageProblem(message)


def _emit(document: Any) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False, default=str) + "\n")


def parse_as_of(raw: str | None) -> date:
    if not raw:
        return date.today()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise _usage(f"--as-of {raw}: a date such as 2040-12-31") from None


def run_disposition_list(as_of: str | None, as_json: bool, settings: Settings) -> int:
    listing = disposition_list(open_catalog(settings), parse_as_of(as_of))
    if as_json:
        _emit(listing)
        return 0
    console = Console()
    if not listing["classes"]:
        console.print(f"No record's retention has ended by {listing['as_of']}.")
        return 0
    for group in listing["classes"]:
        table = Table(
            title=f"{group['class']} {group['title']}: {group['due']} due, {group['held']} held",
            title_justify="left",
        )
        for column in ("id", "ended", "publicity", "case", "title", "state"):
            table.add_column(column)
        for r in group["records"]:
            state = "HELD" if r["held"] else "due"
            if r["blocked_by_lock"]:
                state = "blocked by lock"
            if r["in_review"]:
                state += " (in review)"
            table.add_row(
                r["id"],
                r["retention"]["ends_on"],
                r["publicity"],
                ", ".join(r["diary_numbers"]) or "-",
                r["title"][:40],
                state,
            )
        console.print(table)
    return 0


def destroy_selection(
    settings: Settings,
    catalog: Catalog,
    when: date,
    class_code: str | None,
    ids: list[str] | None,
    approved_by: str,
    second_approver: str | None,
) -> tuple[list[Candidate], str, DestructionReport]:
    """Select the due records of a class or of ``ids`` and destroy them (flows.lifecycle);
    returns the chosen, the selection's one-line name and the report, whose ``skipped``
    begins with those the selection left out. Raises ``DispositionRefused``."""
    chosen, skipped = select_for_destruction(catalog, when, class_code, ids)
    selection = f"class {class_code}" if class_code else f"{len(ids or [])} records"
    report = destroy(
        catalog,
        open_store(settings),
        open_search(settings),
        chosen,
        approved_by,
        second_approver,
        selection,
        when,
    )
    report.skipped = skipped + report.skipped
    return chosen, selection, report


def run_disposition_destroy(
    class_code: str | None,
    ids: list[str] | None,
    approved_by: str,
    second_approver: str | None,
    as_of: str | None,
    as_json: bool,
    settings: Settings,
) -> int:
    """Destroy the due records of a class or of a list of ids; see flows.lifecycle."""
    when = parse_as_of(as_of)
    catalog = open_catalog(settings)
    full_ids = [resolve_record(i, settings)["id"] for i in ids] if ids else None
    try:
        chosen, selection, report = destroy_selection(
            settings, catalog, when, class_code, full_ids, approved_by, second_approver
        )
    except DispositionRefused as error:
        raise _usage(str(error)) from error
    if report.certificate:
        save_approval(
            catalog,
            {
                "id": report.certificate,
                "record_ids": json.dumps([c.record_id for c in chosen]),
                "selection": selection,
                "first_by": approved_by,
                "first_at": _now(),
                "second_by": second_approver,
                "second_at": _now() if second_approver else None,
                "needs_second": int(any(not c.public for c in chosen)),
                "state": "done",
                "certificate": report.certificate,
            },
        )
    code = 1 if report.blocked else 0
    if as_json:
        _emit(report.as_json())
        return code
    console = Console()
    console.print(
        f"Destroyed {len(report.destroyed)} records; certificate {report.certificate or '-'} "
        f"({', '.join(report.certificate_keys) or 'none written'})",
        markup=False,
    )
    for skip in report.skipped:
        console.print(f"  not destroyed {skip['id']}: {skip['reason']}", markup=False)
    for blocked in report.blocked:
        sys.stderr.write(
            f"arkki: {blocked['id']}: destruction blocked by S3 Object Lock on "
            f"{', '.join(blocked['locked'])}; left as is\n"
        )
    return code


def _now() -> Any:
    from infra.catalog import now

    return now()


def run_disposition_transfers(
    as_of: str | None, after_years: int, as_json: bool, settings: Settings
) -> int:
    due = transfers_due(open_catalog(settings), parse_as_of(as_of), after_years)
    if as_json:
        _emit({"transfers": due})
        return 0
    console = Console()
    if not due:
        console.print("No permanent record is due for transfer.")
    for entry in due:
        console.print(
            f"{entry['selection']} {entry['value']} (class {entry['class']}, "
            f"{len(entry['records'])} records):\n  {entry['command']}",
            markup=False,
            soft_wrap=True,
        )
    return 0


def run_hold_add(
    case: str | None,
    class_code: str | None,
    ids: list[str] | None,
    reason: str,
    by: str,
    as_json: bool,
    settings: Settings,
) -> int:
    given = [(s, v) for s, v in (("case", case), ("class", class_code)) if v] + (
        [("records", "")] if ids else []
    )
    if len(given) != 1:
        raise _usage("hold add: give exactly one of --case, --class or --ids")
    scope: Scope = given[0][0]  # type: ignore[assignment]
    values = [resolve_record(i, settings)["id"] for i in ids] if ids else [given[0][1]]
    try:
        hold = place_hold(open_catalog(settings), scope, values, reason, by)
    except ValueError as error:
        raise _usage(str(error)) from error
    if as_json:
        _emit(hold)
    else:
        Console().print(
            f"Hold {hold['id']} placed on {hold['scope']} {hold['value']}: {reason}", markup=False
        )
    return 0


def run_hold_lift(hold_id: int, by: str, reason: str, as_json: bool, settings: Settings) -> int:
    try:
        hold = lift_hold(open_catalog(settings), hold_id, by, reason)
    except KeyError:
        sys.stderr.write(f"arkki: no active hold {hold_id}\n")
        return 1
    if as_json:
        _emit(hold)
    else:
        Console().print(f"Hold {hold_id} lifted by {by}.", markup=False)
    return 0


def run_hold_list(include_lifted: bool, as_json: bool, settings: Settings) -> int:
    found = list_holds(open_catalog(settings), include_lifted)
    if as_json:
        _emit({"holds": found})
        return 0
    table = Table("id", "scope", "value", "reason", "placed", "lifted")
    for h in found:
        table.add_row(
            str(h["id"]),
            h["scope"],
            h["value"] + (f" ({', '.join(h['records'])})" if h.get("records") else ""),
            h["reason"],
            f"{h['placed_at']:%Y-%m-%d} {h['placed_by']}",
            f"{h['lifted_at']:%Y-%m-%d} {h['lifted_by']}" if h["lifted_at"] else "",
        )
    Console().print(table)
    return 0


def run_retention(record_id: str, as_json: bool, settings: Settings) -> int:
    row = resolve_record(record_id, settings)
    found = retention_of(open_catalog(settings), row["id"])
    assert found is not None
    if as_json:
        _emit(found.brief())
        return 0
    s = found.schedule
    ends = "never (permanent)" if s.permanent else (s.ends_on or "unknown")
    Console().print(
        f"{row['id']}: class {found.class_code or '-'}, retention {s.period} y "
        f"({s.trigger_text or 'no trigger given'} → {s.trigger}); {s.basis}; ends {ends}"
        + ("; HELD" if found.holds else ""),
        markup=False,
        soft_wrap=True,
    )
    return 0
