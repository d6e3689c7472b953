"""The real servers the tests talk to over the wire, started once per session on 127.0.0.1.

Fixtures (session-scoped; a test module imports the ones it uses, or names this module in
``pytest_plugins``):
- ``moto_endpoint``: ``http://127.0.0.1:<port>`` of a moto_server (S3).
- ``osmem_url``: the URL of an osmem-server (OpenSearch-compatible REST).
- ``postgres_server``: ``postgresql://arkki@127.0.0.1:<port>`` of a throwaway PostgreSQL
  cluster (``initdb`` + ``pg_ctl``, as the ``postgres`` user when the tests run as root, since
  PostgreSQL refuses root); ``new_postgres_database(server)`` makes a fresh database in it.

Each server listens on a free port and is stopped (the cluster removed) at the end of the
session. A missing binary fails the test with the package to install; it never skips.
``start_moto`` and ``start_osmem`` start extra instances for tests that stop a server.

PYTEST_DONT_REWRITE: test modules import helpers from here before pytest loads it as their
plugin; without this marker pytest warns that it cannot rewrite the module's asserts.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from itertools import count
from pathlib import Path
from typing import Any

import psycopg
import pytest

PG_SEARCH = ("/usr/lib/postgresql",)
DATABASE_NAMES = count()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_listening(port: int, name: str, process: Any, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            pytest.fail(f"{name} exited: {log.read_text(errors='replace')[-500:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                pytest.fail(f"{name} did not start listening within {seconds:.0f} s")
            time.sleep(0.1)


# moto_server (S3) -------------------------------------------------------------------------
def moto_binary() -> str:
    beside = Path(sys.executable).parent / "moto_server"
    found = str(beside) if beside.exists() else shutil.which("moto_server")
    if not found:
        pytest.fail("moto_server is not installed: pip install -e '.[test]' (moto[server])")
    return found


def start_moto(port: int, log: Path) -> subprocess.Popen[bytes]:
    """A moto_server on 127.0.0.1:port, listening when this returns. Stop it with
    ``terminate()`` and ``wait()``; its state (buckets, objects) lives in its memory only."""
    with log.open("ab") as out:
        server = subprocess.Popen(
            [moto_binary(), "-H", "127.0.0.1", "-p", str(port)], stdout=out, stderr=out
        )
    try:
        wait_listening(port, "moto_server", server, log)
    except BaseException:
        server.kill()
        server.wait(timeout=10)
        raise
    return server


@pytest.fixture(scope="session")
def moto_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    server = start_moto(port, tmp_path_factory.mktemp("moto") / "moto.log")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


# osmem-server (OpenSearch) ----------------------------------------------------------------
def start_osmem(addr: str = "127.0.0.1:0") -> Any:
    """An ``osmem_server.OsmemServer`` on ``addr``; ``close()`` stops it."""
    try:
        from osmem_server import OsmemError, OsmemServer, resolve_binary

        resolve_binary()
    except (ImportError, RuntimeError) as error:
        pytest.fail(f"osmem-server is needed (pip install -e '.[test]'): {error}")
    try:
        return OsmemServer.start(addr=addr, japanese=False)
    except OsmemError as error:
        pytest.fail(f"osmem-server did not start: {error}")


@pytest.fixture(scope="session")
def osmem_url() -> Iterator[str]:
    server = start_osmem()
    yield server.url
    server.close()


# PostgreSQL -------------------------------------------------------------------------------
def pg_bindir() -> Path:
    """The folder holding initdb and pg_ctl: on PATH, else Debian's versioned folder."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    for root in PG_SEARCH:
        versions = sorted(Path(root).glob("*/bin/initdb"), key=lambda p: p.parent.parent.name)
        if versions:
            return versions[-1].parent
    pytest.fail(
        "PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or in "
        "/usr/lib/postgresql/*/bin: install the Debian package postgresql (infra/setup.sh does)"
    )


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A throwaway PostgreSQL cluster; yields a libpq URL of its ``postgres`` database."""
    bindir = pg_bindir()
    base = Path(tempfile.mkdtemp(prefix="arkki-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        postgres = pwd.getpwnam("postgres")  # the Debian package creates this user
        os.chown(base, postgres.pw_uid, postgres.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = base / "data", free_port()

    def run(*args: str) -> None:
        done = subprocess.run(
            [*as_user, *args], capture_output=True, text=True, timeout=120, cwd=base
        )
        assert done.returncode == 0, f"{args[0]} failed: {done.stderr or done.stdout}"

    initdb = [str(bindir / "initdb"), "-D", str(data), "-U", "arkki", "-A", "trust"]
    run(*initdb, "-E", "UTF8", "--no-locale", "--no-sync")
    options = (
        f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={base} "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    pg_ctl = [str(bindir / "pg_ctl"), "-D", str(data)]
    run(*pg_ctl, "-o", options, "-l", str(base / "log"), "-w", "-t", "60", "start")
    try:
        yield f"postgresql://arkki@127.0.0.1:{port}"
    finally:
        run(*pg_ctl, "-m", "immediate", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


def new_postgres_database(server: str) -> str:
    name = f"arkki_{os.getpid()}_{next(DATABASE_NAMES)}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"
