"""Management reports (tiedolla johtaminen), computed from the catalog and the audit log only.

Figures (``management_report``):
- ``ingested``: records and pages per agency and month of ingest (``records.created_at``).
- ``approval_time``: per agency, hours from ingest to approval for records approved by an
  archivist: the first audit ``correct`` row whose fields include ``status`` → ``stored``
  (both `arkki correct --approve` and the web's approve write it); median and 90th
  percentile (nearest rank). Records stored at ingest without review are counted as
  ``auto_approved`` and not in the times.
- ``review_queue``: records in ``needs_review`` per agency, with the median and oldest age
  in days.
- ``ocr_quality``: per batch, pages by OCR quality score band (0–49, 50–69, 70–79, 80–89,
  90–100, none) and the mean score.
- ``outcome_by_type``: per document type (as now), records auto-approved (stored at ingest,
  never corrected), approved unchanged (reviewed, only the status changed) and corrected
  (any field changed), with the auto-approved share.
- ``disposition``: records due for destruction (by class, held ones apart) and permanent
  records due for transfer, as of the report date.
"""

from __future__ import annotations

import csv
import io
import json
import math
import sys
from collections import defaultdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from flows.config import Settings, open_catalog
from flows.lifecycle import disposition_list, transfers_due
from infra.catalog import Catalog, audit_log, now

BANDS = (
    (0, 50, "0-49"),
    (50, 70, "50-69"),
    (70, 80, "70-79"),
    (80, 90, "80-89"),
    (90, 101, "90-100"),
)


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile (p in 0..100) of ``values``; None where there are none."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def _approvals(catalog: Catalog) -> tuple[dict[str, datetime], dict[str, bool]]:
    """record id → when it was approved by an archivist, and whether any field changed."""
    approved: dict[str, datetime] = {}
    changed: dict[str, bool] = {}
    query = select(audit_log).where(audit_log.c.action == "correct").order_by(audit_log.c.id)
    with catalog.engine.connect() as conn:
        for row in conn.execute(query).mappings():
            fields = json.loads(row["detail"]).get("fields", [])
            rid = row["record_id"]
            if any(f["field"] != "status" for f in fields):
                changed[rid] = True
            if rid not in approved and any(
                f["field"] == "status" and f["new"] == "stored" for f in fields
            ):
                approved[rid] = row["at"]
    return approved, changed


def management_report(catalog: Catalog, as_of: date | None = None) -> dict[str, Any]:
    at = now()
    as_of = as_of or at.date()
    approved, changed = _approvals(catalog)
    ingested: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    hours: dict[str, list[float]] = defaultdict(list)
    auto: dict[str, int] = defaultdict(int)
    queue: dict[str, list[float]] = defaultdict(list)
    bands: dict[str, dict[str, Any]] = {}
    outcome: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in catalog.iter_records():
        record = json.loads(row["record"])
        agency, created = row["agency"], row["created_at"]
        entry = ingested[(agency, f"{created:%Y-%m}")]
        entry[0] += 1
        entry[1] += len(record.get("pages") or [])
        rid = row["id"]
        if rid in approved:
            hours[agency].append((approved[rid] - created).total_seconds() / 3600)
            outcome[row["doc_type"]][2 if changed.get(rid) else 1] += 1
        elif row["status"] == "needs_review":
            queue[agency].append((at - created).total_seconds() / 86400)
        elif changed.get(rid):
            outcome[row["doc_type"]][2] += 1
        else:
            auto[agency] += 1
            outcome[row["doc_type"]][0] += 1
        batch = bands.setdefault(
            row["batch_id"], {"batch": row["batch_id"], "bands": {b[2]: 0 for b in BANDS}}
        )
        batch["bands"].setdefault("none", 0)
        for page in record.get("pages") or []:
            score = (page.get("quality") or {}).get("score")
            if score is None:
                batch["bands"]["none"] += 1
                continue
            batch.setdefault("scores", []).append(float(score))
            batch["bands"][next(label for lo, hi, label in BANDS if lo <= score < hi)] += 1
    quality = []
    for key in sorted(bands):
        item = bands[key]
        scores = item.pop("scores", [])
        item["pages"] = sum(item["bands"].values())
        item["mean_score"] = round(sum(scores) / len(scores), 1) if scores else None
        quality.append(item)
    listing = disposition_list(catalog, as_of)
    transfers = transfers_due(catalog, as_of)
    return {
        "generated_at": at.isoformat(timespec="seconds"),
        "as_of": as_of.isoformat(),
        "ingested": [
            {"agency": a, "month": m, "records": v[0], "pages": v[1]}
            for (a, m), v in sorted(ingested.items())
        ],
        "approval_time": [
            {
                "agency": a,
                "approved": len(hours.get(a, [])),
                "auto_approved": auto.get(a, 0),
                "median_hours": _round(percentile(hours.get(a, []), 50)),
                "p90_hours": _round(percentile(hours.get(a, []), 90)),
            }
            for a in sorted(set(hours) | set(auto))
        ],
        "review_queue": [
            {
                "agency": a,
                "open": len(ages),
                "median_age_days": _round(percentile(ages, 50)),
                "oldest_age_days": _round(max(ages)),
            }
            for a, ages in sorted(queue.items())
        ],
        "ocr_quality": quality,
        "outcome_by_type": [
            {
                "doc_type": t,
                "auto_approved": v[0],
                "approved_unchanged": v[1],
                "corrected": v[2],
                "auto_share": _round(v[0] / sum(v), 3) if sum(v) else None,
            }
            for t, v in sorted(outcome.items())
        ],
        "disposition": {
            "due": [
                {"class": g["class"], "title": g["title"], "due": g["due"], "held": g["held"]}
                for g in listing["classes"]
            ],
            "transfers": [
                {"selection": t["selection"], "value": t["value"], "records": len(t["records"])}
                for t in transfers
            ],
        },
    }


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def report_csv(report: dict[str, Any]) -> str:
    """One CSV: ``section`` first, then the section's own columns (a header row per section)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    sections = [
        (name, report[name])
        for name in ("ingested", "approval_time", "review_queue", "outcome_by_type")
    ]
    sections.append(
        (
            "ocr_quality",
            [
                {
                    "batch": q["batch"],
                    **q["bands"],
                    "pages": q["pages"],
                    "mean_score": q["mean_score"],
                }
                for q in report["ocr_quality"]
            ],
        )
    )
    sections.append(("disposition_due", report["disposition"]["due"]))
    sections.append(("transfers_due", report["disposition"]["transfers"]))
    for name, rows in sections:
        if not rows:
            continue
        columns = list(rows[0])
        writer.writerow(["section", *columns])
        for row in rows:
            writer.writerow([name, *("" if row.get(c) is None else row[c] for c in columns)])
    return out.getvalue()


def run_report(fmt: str, as_of: str | None, settings: Settings) -> int:
    from flows.lifecycle_cli import parse_as_of

    report = management_report(open_catalog(settings), parse_as_of(as_of) if as_of else None)
    if fmt == "csv":
        sys.stdout.write(report_csv(report))
    else:
        sys.stdout.write(json.dumps(report, ensure_ascii=False) + "\n")
    return 0
