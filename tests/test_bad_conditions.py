"""Bad conditions, each through the real ``arkki ingest`` against real servers over the wire.

- S3 endpoint down while a batch stores its originals: a TCP gate in front of moto_server
  (moto keeps its buckets in memory, so the server itself keeps running) drops the first
  original's PUT and every connection after it. An outage longer than the store's retries
  (botocore standard mode, ``ARKKI_S3_MAX_ATTEMPTS``) fails the ingest with one line naming the
  object and leaves no record; the re-run completes without duplicates. An outage shorter than
  the retries is bridged: the ingest completes.
- A stored object changed behind arkki's back (raw boto3): ``arkki text`` refuses it, naming it.
- OpenSearch down: the ingest completes with a warning, the records stay marked unindexed, and
  ``arkki reindex`` indexes them once osmem-server listens again.
- PostgreSQL backends terminated while a batch runs: the pool's pre-ping reconnects and the
  ingest completes, or it fails with one line and the re-run completes; exactly one row per
  document either way.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any

import boto3
import psycopg
import pytest

from infra.catalog import Catalog
from tests.conftest import FINNISH_DECISION, render_page
from tests.servers import free_port, new_postgres_database, start_osmem

pytestmark = [pytest.mark.server, pytest.mark.slow]
pytest_plugins = ["tests.servers"]  # moto_endpoint, postgres_server

ARKKI = [sys.executable, "-m", "flows"]
PAGES = 3
S3_ENV = {
    "AWS_ACCESS_KEY_ID": "arkki-test",
    "AWS_SECRET_ACCESS_KEY": "arkki-test-secret",
    "AWS_DEFAULT_REGION": "eu-north-1",
    "AWS_CONFIG_FILE": "/nonexistent",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
}
ORIGINAL_PUT = re.compile(rb"^PUT /[^ ]*/originals/")


# helpers --------------------------------------------------------------------------------------
def write_batch(folder: Path, pages: int = PAGES) -> dict[str, str]:
    """``pages`` small single-page documents (a strip of an A4 page at 300 dpi); name → sha."""
    folder.mkdir(parents=True)
    for n in range(pages):
        text = FINNISH_DECISION.replace("1290/2017", f"{1290 + n}/2017")
        image = render_page(text, size=(2480, 1000))
        image.save(folder / f"paatos-{n}.png", dpi=(300, 300))
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def arkki(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*ARKKI, *args], capture_output=True, text=True, env=env, timeout=900, check=False
    )


def ingest(env: dict[str, str], batch: Path) -> subprocess.CompletedProcess[str]:
    return arkki(env, "ingest", str(batch), "--agency", "UUDELY", "--lang", "fin", "--json")


def assert_one_line_failure(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("arkki: "), result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def base_env(home: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, ARKKI_HOME=str(home), PREFECT_LOGGING_LEVEL="CRITICAL", **extra)
    for name in ("ARKKI_STORE", "ARKKI_CATALOG", "ARKKI_SEARCH", "AWS_PROFILE"):
        if name not in extra:
            env.pop(name, None)
    return env


def record_ids(catalog_url: str) -> list[str]:
    catalog = Catalog(catalog_url)
    try:
        with catalog.engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT id FROM records ORDER BY id").all()
        return [str(r[0]) for r in rows]
    finally:
        catalog.engine.dispose()


class TcpGate:
    """A TCP forwarder to ``127.0.0.1:target`` that can go down and come back.

    Tripped (by ``trip_on`` matching the start of a client's data, or by ``close()``), it drops
    that request unanswered, every later request on open connections and every new connection,
    as a dead endpoint or a load balancer with no backend does, counting them in ``dropped``.
    """

    def __init__(self, target: int, trip_on: re.Pattern[bytes] | None = None) -> None:
        self.target, self.trip_on = target, trip_on
        self.down = threading.Event()
        self.dropped = 0
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def open(self) -> None:
        self.trip_on = None
        self.down.clear()

    def stop(self) -> None:
        self._listener.close()

    def _drop(self, *sockets: socket.socket) -> None:
        with self._lock:
            self.dropped += 1
        for s in sockets:
            s.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self.down.is_set():
                self._drop(client)
                continue
            upstream = socket.create_connection(("127.0.0.1", self.target))
            threading.Thread(target=self._pipe, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, False), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket, requests: bool) -> None:
        try:
            while data := source.recv(1 << 16):
                if requests and self.trip_on is not None and self.trip_on.match(data):
                    self.down.set()
                if requests and self.down.is_set():
                    self._drop(source, sink)
                    return
                sink.sendall(data)
        except OSError:
            pass
        for s in (source, sink):
            with suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)


# S3 ---------------------------------------------------------------------------------------------
@pytest.fixture
def s3(moto_endpoint: str) -> Iterator[tuple[Any, str, TcpGate]]:
    """A fresh bucket on the session's moto_server, reached through a gate; raw client."""
    raw = boto3.client("s3", endpoint_url=moto_endpoint, **_boto_credentials())
    bucket = f"arkki-{uuid.uuid4().hex[:12]}"
    region = S3_ENV["AWS_DEFAULT_REGION"]
    raw.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region})
    gate = TcpGate(int(moto_endpoint.rsplit(":", 1)[1]), trip_on=ORIGINAL_PUT)
    yield raw, bucket, gate
    gate.stop()


def _boto_credentials() -> dict[str, str]:
    return {
        "aws_access_key_id": S3_ENV["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": S3_ENV["AWS_SECRET_ACCESS_KEY"],
        "region_name": S3_ENV["AWS_DEFAULT_REGION"],
    }


def s3_env(home: Path, bucket: str, gate: TcpGate, **extra: str) -> dict[str, str]:
    return base_env(
        home,
        ARKKI_STORE=f"s3://{bucket}/arkki",
        AWS_ENDPOINT_URL_S3=gate.url,
        **S3_ENV,
        **extra,
    )


def object_names(raw: Any, bucket: str, prefix: str) -> list[str]:
    pages = raw.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    return [item["Key"] for page in pages for item in page.get("Contents", [])]


def test_s3_down_longer_than_the_retries_fails_clearly_and_the_rerun_completes(
    s3: tuple[Any, str, TcpGate], tmp_path: Path
) -> None:
    raw, bucket, gate = s3
    shas = write_batch(tmp_path / "batch")
    env = s3_env(tmp_path / "home", bucket, gate, ARKKI_S3_MAX_ATTEMPTS="2")
    catalog = f"sqlite:///{tmp_path / 'home' / 'catalog.sqlite'}"

    failed = ingest(env, tmp_path / "batch")
    line = assert_one_line_failure(failed)
    assert line.startswith("arkki: failed: StoreError: originals/sha256/"), line  # the object
    assert "S3 put failed (Connection was closed" in line and gate.url in line, line
    assert gate.dropped >= 2  # the first attempt and botocore's retry
    # nothing half-written: no original, no record, no unfinished multipart upload
    assert object_names(raw, bucket, "arkki/originals/") == []
    assert object_names(raw, bucket, "arkki/records/") == []
    assert not raw.list_multipart_uploads(Bucket=bucket).get("Uploads")
    assert record_ids(catalog) == []
    # nothing lost: the scans are where they were, unchanged
    batch = tmp_path / "batch"
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in batch.iterdir()} == shas

    gate.open()  # the endpoint is back
    rerun = ingest(env, tmp_path / "batch")
    assert rerun.returncode == 0, rerun.stderr
    documents = json.loads(rerun.stdout)["documents"]
    assert sorted(d["source_files"][0] for d in documents) == sorted(shas)
    assert {d["status"] for d in documents} <= {"stored", "needs_review"}
    originals = object_names(raw, bucket, "arkki/originals/")
    assert sorted(k.rsplit("/", 1)[1] for k in originals) == sorted(shas.values())
    ids = sorted(d["id"] for d in documents)
    assert record_ids(catalog) == ids
    for record_id in ids:
        names = object_names(raw, bucket, f"arkki/records/{record_id}/")
        assert len(names) == len(set(names)) and f"arkki/records/{record_id}/text.txt" in names


@pytest.fixture
def bridged(s3: tuple[Any, str, TcpGate], tmp_path: Path) -> tuple[Any, str, dict[str, str], Any]:
    """An ingest during which S3 went down for two refused attempts, then came back."""
    raw, bucket, gate = s3
    write_batch(tmp_path / "batch", pages=2)
    env = s3_env(tmp_path / "home", bucket, gate)  # the default retries (8 attempts)

    def reopen_after_two_drops() -> None:
        deadline = time.monotonic() + 600
        while gate.dropped < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        gate.open()

    watcher = threading.Thread(target=reopen_after_two_drops, daemon=True)
    watcher.start()
    result = ingest(env, tmp_path / "batch")
    watcher.join(timeout=5)
    assert result.returncode == 0, result.stderr
    assert gate.dropped >= 2  # the endpoint really was down while originals were stored
    return raw, bucket, env, json.loads(result.stdout)


def test_s3_down_shorter_than_the_retries_is_bridged(
    bridged: tuple[Any, str, dict[str, str], Any],
) -> None:
    raw, bucket, _, report = bridged
    assert len(report["documents"]) == 2
    assert {d["status"] for d in report["documents"]} <= {"stored", "needs_review"}
    assert len(object_names(raw, bucket, "arkki/originals/")) == 2

    # a changed object is never served: text.txt altered behind arkki's back, metadata kept
    _, _, env, _ = bridged
    record_id = report["documents"][0]["id"]
    key = f"arkki/records/{record_id}/text.txt"
    metadata = raw.head_object(Bucket=bucket, Key=key)["Metadata"]
    raw.put_object(Bucket=bucket, Key=key, Body=b"PALKKATUKI EVATAAN", Metadata=metadata)
    shown = arkki(env, "text", record_id)
    line = assert_one_line_failure(shown)
    assert f"records/{record_id}/text.txt" in line and "no longer matches its SHA-256" in line
    assert "EVATAAN" not in shown.stdout + shown.stderr
    other = report["documents"][1]["id"]
    assert arkki(env, "text", other).returncode == 0  # the untouched record is still served


# OpenSearch -----------------------------------------------------------------------------------
def test_opensearch_down_the_ingest_completes_and_reindex_catches_up(tmp_path: Path) -> None:
    write_batch(tmp_path / "batch", pages=2)
    port = free_port()  # nothing listens here until the server is started below
    env = base_env(tmp_path / "home", ARKKI_SEARCH=f"http://127.0.0.1:{port}/arkki-records")
    catalog = f"sqlite:///{tmp_path / 'home' / 'catalog.sqlite'}"

    result = ingest(env, tmp_path / "batch")
    assert result.returncode == 0, result.stderr
    documents = json.loads(result.stdout)["documents"]
    assert len(documents) == 2 and {d["status"] for d in documents} <= {"stored", "needs_review"}
    assert "Traceback" not in result.stderr
    # the one-line warning (rich wraps it at 80 columns where stderr is not a terminal)
    warning = " ".join(result.stderr.split())
    assert "arkki: warning: search indexing failed (OpenSearch http://127.0.0.1:" in warning
    assert "cannot connect" in warning and "records will be indexed later" in warning
    opened = Catalog(catalog)
    assert {r["id"] for r in opened.unindexed()} == {d["id"] for d in documents}
    down = arkki(env, "reindex", "--json")  # still down: one line, nothing marked
    assert "cannot connect" in assert_one_line_failure(down)

    server = start_osmem(f"127.0.0.1:{port}")
    try:
        caught_up = arkki(env, "reindex", "--json")
        assert caught_up.returncode == 0, caught_up.stderr
        assert json.loads(caught_up.stdout) == {"indexed": 2}
        assert list(opened.unindexed()) == []
        found = arkki(env, "search", "palkkatuki", "--json")
        assert found.returncode == 0, found.stderr
        hits = {h["id"] for h in json.loads(found.stdout)["hits"]}
        assert hits == {d["id"] for d in documents}
        again = arkki(env, "reindex", "--json")
        assert json.loads(again.stdout) == {"indexed": 0}  # nothing indexed twice
    finally:
        server.close()
        opened.engine.dispose()


# PostgreSQL -----------------------------------------------------------------------------------
def _terminate_when_first_record(url: str, stop: threading.Event, killed: list[int]) -> None:
    """Wait for the first record row, then terminate every other backend of the database."""
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url, autocommit=True) as conn:
        while not stop.is_set():
            exists = conn.execute("SELECT to_regclass('records') IS NOT NULL").fetchone()
            if exists and exists[0]:
                row = conn.execute("SELECT count(*) FROM records").fetchone()
                if row and row[0] > 0:
                    break
            time.sleep(0.02)
        if stop.is_set():
            return
        terminated = conn.execute(  # in the select list: only rows the WHERE kept
            "SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        ).fetchall()
        killed.extend(int(pid) for pid, done in terminated if done)


def test_postgres_connections_dropped_mid_batch(postgres_server: str, tmp_path: Path) -> None:
    url = new_postgres_database(postgres_server)
    shas = write_batch(tmp_path / "batch")
    env = base_env(tmp_path / "home", ARKKI_CATALOG=url)
    stop, killed = threading.Event(), []
    killer = threading.Thread(target=_terminate_when_first_record, args=(url, stop, killed))
    killer.start()
    try:
        first = ingest(env, tmp_path / "batch")
    finally:
        stop.set()
        killer.join(timeout=30)
    assert killed, "no catalog connection was open to terminate"
    if first.returncode != 0:  # a statement on a terminated connection: one line, then resume
        assert_one_line_failure(first)
        rerun = ingest(env, tmp_path / "batch")
        assert rerun.returncode == 0, rerun.stderr
    again = ingest(env, tmp_path / "batch")
    assert again.returncode == 0, again.stderr
    documents = json.loads(again.stdout)["documents"]
    assert [d["status"] for d in documents] == ["duplicate"] * PAGES
    ids = record_ids(url)
    assert len(ids) == PAGES == len(set(ids)) and ids == sorted(d["id"] for d in documents)
    with psycopg.connect(url) as conn:
        originals = conn.execute("SELECT sha256 FROM originals ORDER BY sha256").fetchall()
        unindexed = conn.execute("SELECT count(*) FROM records WHERE NOT indexed").fetchone()
    assert [r[0] for r in originals] == sorted(shas.values())
    assert unindexed == (0,)
