"""Fixity on the local store (clean, tampered, missing, the daily share) and the management
report against a fixture with known processing times."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import update

from archive_schema.record import RecordStatus
from flows.config import Settings, open_catalog, open_store
from flows.fixity import run_fixity
from flows.reports import management_report, percentile, report_csv
from infra import fixity
from infra.catalog import audit_log
from tests.test_lifecycle_support import add_record, make_record


def test_fixity_clean_then_tampered_and_missing(arkki_home: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    settings = Settings.from_env()
    for n in range(3):
        add_record(settings, *make_record(f"d-0000000000000000002{n}"))
    assert run_fixity(True, None, "test", True, settings) == 0
    clean = json.loads(capsys.readouterr().out)
    assert clean["checked"] == clean["total_objects"] > 10 and clean["problems"] == []
    store = open_store(settings)
    record = make_record("d-00000000000000000020")[0]
    victim = store.root / record.files[0].key  # type: ignore[attr-defined]
    victim.chmod(0o644)
    victim.write_bytes(b"tampered")
    os.utime(victim, ns=(0, victim.stat().st_mtime_ns + 10**9))
    (store.root / "records/d-00000000000000000021/text.txt").unlink()  # type: ignore[attr-defined]
    assert run_fixity(True, None, "test", True, settings) == 1
    found = {(p["result"], p["key"]) for p in json.loads(capsys.readouterr().out)["problems"]}
    assert found == {
        ("mismatch", record.files[0].key),
        ("missing", "records/d-00000000000000000021/text.txt"),
    }
    err = capsys.readouterr().err
    actions = [r["action"] for r in open_catalog(settings).audit_trail()]
    assert actions.count("fixity-mismatch") == 1 and actions.count("fixity-missing") == 1
    assert err == "" or "fixity" in err


def test_daily_share_picks_the_least_recently_checked(arkki_home: Path) -> None:
    settings = Settings.from_env()
    for n in range(4):
        add_record(settings, *make_record(f"d-0000000000000000003{n}"))
    catalog, store = open_catalog(settings), open_store(settings)
    first = fixity.run(catalog, store, 0.25, "t")
    total = first.total_objects
    assert first.checked == total  # never-checked objects are overdue: all go first
    second = fixity.run(catalog, store, 0.25, "t")
    assert second.checked == -(-total // 4)
    picked = fixity.due(catalog, 0.25, datetime.now(UTC) + timedelta(days=400))
    assert len(picked) == total  # a year later every object is overdue again


def test_report_figures_from_a_fixture_with_known_times(arkki_home: Path) -> None:
    settings = Settings.from_env()
    t0 = datetime(2026, 3, 2, 8, tzinfo=UTC)
    for n, hours in enumerate([2, 4, 10, 20]):  # reviewed: approved after these hours
        record, data = make_record(f"d-0000000000000000004{n}", quality=[55.0, 95.0])
        add_record(settings, record, data, t0)
        catalog = open_catalog(settings)
        fields = [{"field": "status", "old": "needs_review", "new": "stored"}]
        if n == 0:
            fields.insert(0, {"field": "doc_type", "old": "kirje", "new": "paatos"})
        with catalog.engine.begin() as conn:
            conn.execute(
                audit_log.insert().values(
                    at=t0 + timedelta(hours=hours),
                    actor="aino",
                    action="correct",
                    record_id=record.id,
                    detail=json.dumps({"fields": fields}),
                )
            )
    add_record(settings, *make_record("d-00000000000000000050", created=t0))  # auto-approved
    queued, data = make_record("d-00000000000000000051", agency="VARELY", batch="b-2")
    add_record(settings, queued.model_copy(update={"status": RecordStatus.NEEDS_REVIEW}), data, t0)
    catalog = open_catalog(settings)
    from infra.catalog import records

    with catalog.engine.begin() as conn:
        conn.execute(update(records).where(records.c.id == queued.id).values(status="needs_review"))
    report = management_report(catalog)
    uudely = next(r for r in report["approval_time"] if r["agency"] == "UUDELY")
    assert (uudely["approved"], uudely["auto_approved"]) == (4, 1)
    assert (uudely["median_hours"], uudely["p90_hours"]) == (4.0, 20.0)
    assert report["ingested"] == [
        {"agency": "UUDELY", "month": "2026-03", "records": 5, "pages": 9},
        {"agency": "VARELY", "month": "2026-03", "records": 1, "pages": 1},
    ]
    assert (
        report["review_queue"][0]["agency"] == "VARELY" and report["review_queue"][0]["open"] == 1
    )
    batch = next(q for q in report["ocr_quality"] if q["batch"] == "b-1")
    assert batch["bands"]["50-69"] == 4 and batch["bands"]["90-100"] == 5
    kirje = next(r for r in report["outcome_by_type"] if r["doc_type"] == "kirje")
    assert (kirje["auto_approved"], kirje["approved_unchanged"], kirje["corrected"]) == (1, 3, 1)
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90) == 9
    assert report_csv(report).splitlines()[0].startswith("section,agency,month")
