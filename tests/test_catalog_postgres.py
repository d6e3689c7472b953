"""The catalog's contract on SQLite and on a real PostgreSQL 15 server, and under concurrency.

A session fixture (tests/servers.py) runs ``initdb`` and ``pg_ctl`` (as the ``postgres`` user
when the tests run as root, since PostgreSQL refuses root) in a temporary folder, on 127.0.0.1
and a free port, and removes the cluster at the end. Every test gets a fresh database. Missing
server binaries fail the tests with the package to install; they never skip.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, func, insert, select
from sqlalchemy.exc import StatementError

from infra.catalog import (
    Catalog,
    CatalogError,
    ConcurrentChange,
    audit_log,
    batches,
    catalog_url,
    corrections,
    metadata_obj,
    records,
)
from infra.migrations import head_revision
from tests.servers import free_port, new_postgres_database

pytestmark = pytest.mark.server
pytest_plugins = ["tests.servers"]  # postgres_server


@pytest.fixture(params=["sqlite", "postgresql"])
def catalog_url_of(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[str]:  # a fresh, empty catalog database of either kind
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'catalog.sqlite'}"
    else:
        yield new_postgres_database(request.getfixturevalue("postgres_server"))


@pytest.fixture
def catalog(catalog_url_of: str) -> Iterator[Catalog]:
    opened = Catalog(catalog_url_of)
    yield opened
    opened.engine.dispose()


def count_rows(catalog: Catalog, table: Any) -> int:
    with catalog.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def add(catalog: Catalog, record_id: str, record: dict[str, Any] | None = None) -> bool:
    body = json.dumps(record if record is not None else {"title": "Päätös", "tokens": []})
    return catalog.add_record(record_id, "b-1", "stored", "paatos", "UUDELY", "Päätös", body)


# the contract, the same on both backends


def test_a_new_catalog_is_at_the_head_revision_and_reopening_changes_nothing(
    catalog_url_of: str,
) -> None:
    Catalog(catalog_url_of).engine.dispose()
    again = Catalog(catalog_url_of)
    with again.engine.connect() as conn:
        versions = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    assert versions == [(head_revision(),)]
    assert again.describe().split(":")[0] in ("sqlite", "postgresql+psycopg")


def test_the_migrations_build_exactly_the_tables_the_code_uses(catalog: Catalog) -> None:
    with catalog.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata_obj) == []


def test_batches_upsert_and_finish(catalog: Catalog) -> None:
    assert catalog.upsert_batch("b-1", "/scans", "UUDELY", "") is True
    catalog.finish_batch("b-1", "done", {"documents": 2})
    assert catalog.upsert_batch("b-1", "/scans", "UUDELY", "") is False  # a resumed batch
    row = catalog.batch("b-1")
    assert row is not None and row["status"] == "running"
    assert json.loads(row["report"]) == {"documents": 2}
    assert row["updated_at"] >= row["created_at"]
    assert catalog.batch("b-2") is None


def test_originals_and_quarantine_are_idempotent(catalog: Catalog) -> None:
    catalog.register_original("a" * 64, 10, "originals/aa", "first.tif")
    catalog.register_original("a" * 64, 10, "originals/aa", "second.tif")
    original = catalog.original("a" * 64)
    assert original is not None and original["first_name"] == "first.tif"
    catalog.quarantine_file("b-1", "z.tif", None, "empty file")
    catalog.quarantine_file("b-1", "a.tif", "b" * 64, "truncated")
    catalog.quarantine_file("b-1", "a.tif", "b" * 64, "truncated again")
    assert [(q["file"], q["reason"]) for q in catalog.quarantined("b-1")] == [
        ("a.tif", "truncated"),
        ("z.tif", "empty file"),
    ]


def test_the_page_ocr_resume_key_is_remembered_once(catalog: Catalog) -> None:
    assert catalog.page_result_key("k" * 64) is None
    catalog.remember_page("k" * 64, "pages/first.json")
    catalog.remember_page("k" * 64, "pages/second.json")
    assert catalog.page_result_key("k" * 64) == "pages/first.json"


def test_records_are_added_once_found_by_prefix_and_indexed(catalog: Catalog) -> None:
    before = datetime.now(UTC)
    assert add(catalog, "ab12" + "0" * 60) is True
    assert add(catalog, "ab12" + "0" * 60) is False
    assert add(catalog, "ab34" + "0" * 60) is True
    row = catalog.record("ab12" + "0" * 60)
    assert row is not None and row["title"] == "Päätös" and row["indexed"] is False
    assert row["created_at"].tzinfo == UTC
    assert before - timedelta(seconds=1) <= row["created_at"] <= datetime.now(UTC)
    assert catalog.find_records("AB12") == ["ab12" + "0" * 60]
    assert catalog.find_records("ab") == ["ab12" + "0" * 60, "ab34" + "0" * 60]
    assert catalog.find_records("a_") == []  # LIKE wildcards are escaped
    assert [r["id"] for r in catalog.iter_records()] == ["ab12" + "0" * 60, "ab34" + "0" * 60]
    assert len(catalog.records_of_batch("b-1")) == 2
    catalog.mark_indexed(["ab12" + "0" * 60])
    assert [r["id"] for r in catalog.unindexed()] == ["ab34" + "0" * 60]


def test_datetimes_round_trip_as_the_same_instant_in_utc(catalog: Catalog) -> None:
    helsinki = datetime(2026, 3, 29, 4, 30, 15, 123456, tzinfo=ZoneInfo("Europe/Helsinki"))
    with catalog.engine.begin() as conn:
        conn.execute(
            insert(batches).values(
                id="b-tz",
                source="/",
                agency="A",
                series="",
                status="done",
                report="{}",
                created_at=helsinki,
                updated_at=helsinki,
            )
        )
    row = catalog.batch("b-tz")
    assert row is not None
    assert row["created_at"] == helsinki and row["created_at"].tzinfo == UTC
    with pytest.raises(StatementError, match="timezone-aware"), catalog.engine.begin() as conn:
        conn.execute(
            insert(batches).values(
                id="b-naive",
                source="/",
                agency="A",
                series="",
                status="done",
                report="{}",
                created_at=datetime(2026, 1, 1),
                updated_at=datetime(2026, 1, 1),
            )
        )


def correct(catalog: Catalog, record_id: str, expected: str, title: str, actor: str) -> None:
    catalog.correct_record(
        record_id,
        expected,
        {"record": json.dumps({"title": title}), "title": title},
        [("title", "Päätös", title)],
        actor,
        "luettu väärin",
    )


def test_a_correction_is_compare_and_swap_and_audited(catalog: Catalog) -> None:
    add(catalog, "c" * 64, {"title": "Päätös"})
    original = catalog.record("c" * 64)
    assert original is not None
    correct(catalog, "c" * 64, original["record"], "Lausunto", "aino")
    with pytest.raises(ConcurrentChange, match="changed meanwhile"):
        correct(catalog, "c" * 64, original["record"], "Muistio", "eero")  # read before aino's
    row = catalog.record("c" * 64)
    assert row is not None and row["title"] == "Lausunto" and row["indexed"] is False
    assert [(c["actor"], c["new_value"]) for c in catalog.corrections("title")] == [
        ("aino", "Lausunto")
    ]
    trail = catalog.audit_trail("c" * 64)
    assert [(a["actor"], a["action"]) for a in trail] == [("aino", "correct")]
    assert json.loads(trail[0]["detail"])["reason"] == "luettu väärin"
    assert trail[0]["at"].tzinfo == UTC
    catalog.audit("tarkastaja", "read-unmasked-text", "c" * 64, {"why": "FOI request"})
    catalog.audit("ylläpito", "export", None, {"batch": "b-1"})
    assert [a["action"] for a in catalog.audit_trail()] == [
        "correct",
        "read-unmasked-text",
        "export",
    ]
    assert len(catalog.audit_trail("c" * 64)) == 2


def test_an_old_create_all_catalog_is_adopted_with_its_rows(catalog_url_of: str) -> None:
    """A catalog from before migrations, and one from before corrections and the audit log."""
    engine = create_engine(catalog_url(catalog_url_of))
    later = ("corrections", "review_tasks", "web_users", "web_uploads")  # 0001's and 0002's
    later += ("holds", "hold_records", "destructions", "disposition_approvals", "fixity_state")
    old_tables = [t for name, t in metadata_obj.tables.items() if name not in later]
    metadata_obj.create_all(engine, tables=old_tables)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP INDEX IF EXISTS ix_records_status")  # added by 0002
        conn.execute(
            insert(records).values(
                id="d" * 64,
                batch_id="b-old",
                status="stored",
                doc_type="paatos",
                agency="A",
                title="Vanha",
                record="{}",
                indexed=True,
                created_at=datetime.now(UTC),
            )
        )
    engine.dispose()
    adopted = Catalog(catalog_url_of)
    row = adopted.record("d" * 64)
    assert row is not None and row["title"] == "Vanha" and row["indexed"] is True
    with adopted.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").all() == [
            (head_revision(),)
        ]
    correct(adopted, "d" * 64, "{}", "Uusi", "aino")  # the missing table was created
    assert count_rows(adopted, corrections) == 1


def test_a_complete_old_catalog_is_stamped_not_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    create_old_catalog(engine)
    engine.dispose()
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO audit_log (at, actor, action, detail) VALUES "
            "('2025-01-02 03:04:05.000000', 'aino', 'export', '{}')"
        )
        schema_before = db.execute(SCHEMA).fetchall()
    trail = Catalog(f"sqlite:///{path}").audit_trail()
    assert trail[0]["at"] == datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    with sqlite3.connect(path) as db:
        kept = {name for name, _ in schema_before}
        assert [row for row in db.execute(SCHEMA).fetchall() if row[0] in kept] == schema_before
        versions = db.execute("SELECT version_num FROM alembic_version").fetchall()
    assert versions == [(head_revision(),)]


SCHEMA = "SELECT name, sql FROM sqlite_master WHERE name NOT LIKE '%alembic%' ORDER BY name"


def create_old_catalog(engine: Any, without: tuple[str, ...] = ()) -> None:
    """A catalog as the old ``create_all`` made it: the first revision's tables only (later
    revisions' tables and their indexes on old tables are left out)."""
    from infra.migrations.versions.v0001_initial import TABLES

    metadata_obj.create_all(
        engine, tables=[metadata_obj.tables[n] for n in TABLES if n not in without]
    )
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP INDEX IF EXISTS ix_records_status")  # added by 0002


@pytest.mark.slow
def test_python_m_infra_migrate_checks_and_upgrades(catalog_url_of: str) -> None:
    def migrate(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "infra.migrate", "--url", catalog_url_of, *args],
            capture_output=True,
            text=True,
            timeout=120,
        )

    behind = migrate("--check")
    assert behind.returncode == 1 and "no revision" in behind.stdout, behind.stderr
    done = migrate()
    assert done.returncode == 0 and done.stdout.strip().endswith(head_revision()), done.stderr
    current = migrate("--check")
    assert current.returncode == 0 and "up to date" in current.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "infra.migrate", "--url", "mysql://x/y"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1


def test_a_bad_catalog_url_or_an_unreachable_server_is_one_line() -> None:
    with pytest.raises(CatalogError, match="only sqlite and postgresql"):
        Catalog("mysql://localhost/arkki")
    with pytest.raises(CatalogError, match="not a database URL"):
        Catalog("not a url")
    port = free_port()
    with pytest.raises(CatalogError) as error:
        Catalog(f"postgresql://arkki:salasana@127.0.0.1:{port}/arkki")
    assert "\n" not in str(error.value) and "salasana" not in str(error.value)
    assert "postgresql+psycopg://arkki:***@127.0.0.1" in str(error.value)


# concurrency: separate processes, as ingest workers are


WORKERS = 6
SHARED_RECORDS = 20
CONTESTED = 10
INCREMENTS = 8
AUDITS = 25


def _worker(url: str, me: int, barrier: Any, results: Any) -> None:
    catalog = Catalog(url)  # every worker migrates at once: exactly one does the work
    barrier.wait()
    added = [rid for rid in (f"{i:064x}" for i in range(SHARED_RECORDS)) if add(catalog, rid)]
    catalog.register_original("e" * 64, 1, "originals/e", f"worker-{me}")
    # every worker read the contested records before any wrote: exactly one may win each
    read = {rid: catalog.record(rid) for rid in (f"c{i:063x}" for i in range(CONTESTED))}
    barrier.wait()
    won = []
    for rid, row in read.items():
        assert row is not None
        try:
            correct(catalog, rid, row["record"], f"worker-{me}", f"worker-{me}")
            won.append(rid)
        except ConcurrentChange:
            pass
    # read-modify-write with retry on one hot record: no increment may be lost
    retries = 0
    for step in range(INCREMENTS):
        while True:
            row = catalog.record("f" * 64)
            assert row is not None
            body = json.loads(row["record"])
            body["tokens"].append(f"{me}:{step}")
            try:
                catalog.correct_record(
                    "f" * 64,
                    row["record"],
                    {"record": json.dumps(body)},
                    [("tokens", str(len(body["tokens"]) - 1), str(len(body["tokens"])))],
                    f"worker-{me}",
                    "",
                )
                break
            except ConcurrentChange:
                retries += 1
    for i in range(AUDITS):
        catalog.audit(f"worker-{me}", "read-unmasked-text", None, {"n": i})
    catalog.engine.dispose()
    results.put((me, added, won, retries))


def run_workers(url: str) -> list[tuple[int, list[str], list[str], int]]:
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(WORKERS, timeout=120), context.Queue()
    workers = [
        context.Process(target=_worker, args=(url, me, barrier, results)) for me in range(WORKERS)
    ]
    for worker in workers:
        worker.start()
    found = [results.get(timeout=300) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    return found


def _opener(url: str, barrier: Any, results: Any) -> None:
    barrier.wait()
    try:
        Catalog(url).engine.dispose()
        results.put("ok")
    except Exception as error:
        results.put(f"{type(error).__name__}: {error}")


@pytest.mark.slow
def test_workers_opening_a_new_catalog_at_once_migrate_it_once(catalog_url_of: str) -> None:
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(WORKERS, timeout=120), context.Queue()
    workers = [
        context.Process(target=_opener, args=(catalog_url_of, barrier, results))
        for _ in range(WORKERS)
    ]
    for worker in workers:
        worker.start()
    assert [results.get(timeout=300) for _ in workers] == ["ok"] * WORKERS
    for worker in workers:
        worker.join(timeout=60)
    engine = create_engine(catalog_url(catalog_url_of))
    with engine.connect() as conn:
        versions = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    engine.dispose()
    assert versions == [(head_revision(),)]


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["postgresql", "sqlite"])
def test_concurrent_workers_lose_no_update_and_each_race_has_one_winner(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    if backend == "postgresql":
        url = new_postgres_database(request.getfixturevalue("postgres_server"))
    else:
        url = f"sqlite:///{tmp_path / 'catalog.sqlite'}"
    setup = Catalog(url)
    for i in range(CONTESTED):
        add(setup, f"c{i:063x}", {"title": "Päätös"})
    add(setup, "f" * 64, {"title": "Päätös", "tokens": []})
    started = time.monotonic()
    found = run_workers(url)
    seconds = time.monotonic() - started

    added = [rid for _, mine, _, _ in found for rid in mine]
    assert sorted(added) == [f"{i:064x}" for i in range(SHARED_RECORDS)]  # each exactly once
    won = [rid for _, _, mine, _ in found for rid in mine]
    assert sorted(won) == [f"c{i:063x}" for i in range(CONTESTED)]  # one winner per record
    winners = {rid: me for me, _, mine, _ in found for rid in mine}
    for rid, me in winners.items():
        row = setup.record(rid)
        assert row is not None and row["title"] == f"worker-{me}"
        assert [a["actor"] for a in setup.audit_trail(rid)] == [f"worker-{me}"]
    hot = setup.record("f" * 64)
    assert hot is not None
    tokens = json.loads(hot["record"])["tokens"]
    assert sorted(tokens) == sorted(f"{me}:{s}" for me in range(WORKERS) for s in range(INCREMENTS))
    assert len(setup.audit_trail("f" * 64)) == WORKERS * INCREMENTS
    assert count_rows(setup, corrections) == CONTESTED + WORKERS * INCREMENTS
    assert count_rows(setup, audit_log) == CONTESTED + WORKERS * (INCREMENTS + AUDITS)
    assert count_rows(setup, records) == SHARED_RECORDS + CONTESTED + 1
    retries = sum(r for *_, r in found)
    sys.stderr.write(f"{backend}: {WORKERS} workers in {seconds:.1f} s, {retries} CAS retries\n")


# end to end: an ingest whose catalog is PostgreSQL


@pytest.mark.slow
def test_an_ingest_with_a_postgresql_catalog_resumes_and_corrects(
    postgres_server: str, arkki_home: Path, tmp_path: Path
) -> None:
    from tests.conftest import FINNISH_DECISION, render_page

    url = new_postgres_database(postgres_server)
    folder = tmp_path / "batch"
    folder.mkdir()
    render_page(FINNISH_DECISION).save(folder / "paatos.png", dpi=(300, 300))
    env = dict(os.environ, ARKKI_HOME=str(arkki_home), ARKKI_CATALOG=url)

    def arkki(*args: str) -> Any:
        done = subprocess.run(
            [sys.executable, "-m", "flows", *args, "--json"],
            capture_output=True,
            text=True,
            env=env,
            timeout=900,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    first = arkki("ingest", str(folder), "--agency", "UUDELY")
    assert [d["status"] for d in first["documents"]] != ["duplicate"]
    again = arkki("ingest", str(folder), "--agency", "UUDELY")
    assert [d["status"] for d in again["documents"]] == ["duplicate"]
    assert not (arkki_home / "catalog.sqlite").exists()
    record_id = first["documents"][0]["id"]
    changed = arkki("correct", record_id[:8], "--field", "title=Korjattu otsikko", "--by", "aino")
    assert changed["changes"][0]["new"] == "Korjattu otsikko"
    history = arkki("history", record_id)["history"]
    assert history[-1]["actor"] == "aino" and history[-1]["at"].endswith("+00:00")
    catalog = Catalog(url)
    row = catalog.record(record_id)
    assert row is not None and row["title"] == "Korjattu otsikko" and row["indexed"] is True
    assert count_rows(catalog, records) == 1
