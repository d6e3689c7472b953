"""Queue latency with 10,000 open review tasks, through the real app (FastAPI TestClient, a
SQLite catalog in a temporary ARKKI_HOME).

Measures p50/p95 of: the queue page (HTML, 50 rows + per-agency counts), the queue API, the
claim-next API (each claim leaves its task leased, as a busy day does), the queue sync on its
own (runs at most every 2 s per process) and, as the baseline in the same run, a plain SELECT
of the same 50 rows on the same database.

    .venv/bin/python bench/queue_latency.py [--tasks 10000] [--runs 50]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

AGENCIES = ("UUDELY", "VARELY", "PIRELY", "KESELY", "POPELY", "LAPELY", "KEHA", "UUDTE")
REASONS = (
    "document type uncertain (kirje, confidence 0.41 < 0.80)",
    "no diary number found in a paatos",
    "page 1: OCR quality 61 is under 80",
    "no text was recognised",
)


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def timed(action: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="arkki-queue-bench-"))
    os.environ["ARKKI_HOME"] = str(home)
    for name in ("ARKKI_STORE", "ARKKI_CATALOG", "ARKKI_SEARCH"):
        os.environ.pop(name, None)

    from fastapi.testclient import TestClient
    from sqlalchemy import select, text, update

    from flows.config import Settings
    from infra.catalog import records
    from infra.worklist import review_tasks
    from web.accounts import create_user
    from web.app import create_app

    settings = Settings.from_env()
    app = create_app(settings, start_ingest=False)
    ctx = app.state.web
    catalog = ctx.catalog
    create_user(catalog, "bench", "bench-password-123", "archivist")
    base = datetime(2026, 1, 1, tzinfo=UTC)
    rows = []
    for i in range(args.tasks):
        reasons = [REASONS[i % len(REASONS)]]
        rows.append(
            {
                "id": f"d-{i:020d}",
                "batch_id": f"b-{i // 100}",
                "status": "needs_review",
                "doc_type": ("kirje", "paatos", "hakemus", "lasku")[i % 4],
                "agency": AGENCIES[i % len(AGENCIES)],
                "title": f"Asiakirja {i}",
                "record": json.dumps({"review_reasons": reasons}),
                "indexed": True,
                "created_at": base + timedelta(minutes=i),
            }
        )
    with catalog.engine.begin() as conn:
        for start in range(0, len(rows), 1000):
            conn.execute(records.insert(), rows[start : start + 1000])
    started = time.perf_counter()
    added, _ = ctx.worklist.sync_tasks()
    first_sync = time.perf_counter() - started
    client = TestClient(app, base_url="https://testserver")
    client.post("/api/session", json={"username": "bench", "password": "bench-password-123"})
    assert client.get("/queue").status_code == 200  # warm up templates and caches

    results: dict[str, list[float]] = {}
    results["queue page (HTML)"] = timed(lambda: client.get("/queue"), args.runs)
    results["queue API (50 rows)"] = timed(lambda: client.get("/api/queue"), args.runs)
    results["queue API, agency+reason filter"] = timed(
        lambda: client.get("/api/queue?agency=VARELY&reason=doc_type"), args.runs
    )
    claims = []
    for n in range(args.runs):
        start = time.perf_counter()
        response = client.post("/api/queue/claim-next", json={})
        claims.append(time.perf_counter() - start)
        claimed = response.json()["id"]
        with catalog.engine.begin() as conn:  # someone else keeps working on it (untimed)
            conn.execute(
                update(review_tasks)
                .where(review_tasks.c.record_id == claimed)
                .values(lease_holder=f"other{n}")
            )
    results["claim-next API"] = claims
    results["queue sync alone (steady state)"] = timed(ctx.worklist.sync_tasks, args.runs)
    baseline = (
        select(review_tasks)
        .where(review_tasks.c.state == "open")
        .order_by(review_tasks.c.priority.desc(), review_tasks.c.created_at)
        .limit(50)
    )

    def plain_select() -> None:
        with catalog.engine.connect() as conn:
            conn.execute(baseline).all()

    results["baseline: plain SELECT of the 50 rows"] = timed(plain_select, args.runs)

    def plain_sql() -> None:
        with catalog.engine.connect() as conn:
            conn.execute(
                text(
                    "SELECT * FROM review_tasks WHERE state='open' "
                    "ORDER BY priority DESC, created_at LIMIT 50"
                )
            ).all()

    results["baseline: the same as raw SQL"] = timed(plain_sql, args.runs)
    print(
        f"{args.tasks} open tasks ({added} added by the first sync in {first_sync:.2f} s), "
        f"{args.runs} runs each, SQLite {catalog.engine.dialect.server_version_info}"
    )
    print(f"{'measurement':40} {'p50 ms':>8} {'p95 ms':>8}")
    for name, samples in results.items():
        p50, p95 = percentiles(samples)
        print(f"{name:40} {p50:8.1f} {p95:8.1f}")


if __name__ == "__main__":
    main()
