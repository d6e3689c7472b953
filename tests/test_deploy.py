"""Prefect for real deployments: pages on a Dask cluster, the ingest deployment on a Prefect
server with a process worker, and the infra/ files users run (compose, Kubernetes).

The Dask tests start a local Dask cluster; the server test starts `prefect server start` on
127.0.0.1 and a worker (`flows.deploy_cli.worker`), and kills both at the end.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import FINNISH_DECISION, render_page

ROOT = Path(__file__).resolve().parents[1]
ARKKI = [sys.executable, "-m", "flows"]
SWEDISH_DECISION = (
    "BESLUT\n"
    "Dnr NYLNTM/1290/2017\n"
    "Ärende: Lönesubvention för anställning av en arbetssökande\n"
    "Närings-, trafik- och miljöcentralen beviljar sökanden lönesubvention för två år."
)


def two_page_batch(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    render_page(FINNISH_DECISION).save(folder / "paatos.png", dpi=(300, 300))
    render_page(SWEDISH_DECISION).save(folder / "beslut.png", dpi=(300, 300))
    return folder


def ingest(home: Path, batch: Path, **env: str) -> tuple[dict[str, Any], str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    for name in ("ARKKI_STORE", "ARKKI_CATALOG", "ARKKI_SEARCH", "ARKKI_DASK_ADDRESS"):
        environment.pop(name, None)
    environment.update(ARKKI_HOME=str(home), ARKKI_WORKERS="2", **env)
    result = subprocess.run(
        [*ARKKI, "ingest", str(batch), "--json"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout), result.stderr


@pytest.mark.slow
def test_a_batch_on_a_two_worker_dask_cluster_gives_the_same_records(tmp_path: Path) -> None:
    batch = two_page_batch(tmp_path / "batch")
    local, _ = ingest(tmp_path / "local", batch)
    on_dask, stderr = ingest(tmp_path / "dask", batch, ARKKI_TASK_RUNNER="dask")
    assert local["batch_id"] == on_dask["batch_id"]
    assert on_dask["documents"] == local["documents"]
    assert on_dask["quarantined"] == local["quarantined"] == []
    assert on_dask["stats"]["pages"] == 2
    assert "distributed" not in stderr  # Dask's own log lines stay off the terminal


@pytest.mark.slow
def test_dask_workers_run_tesseract_single_threaded(arkki_home: Path) -> None:
    from flows.config import Settings
    from flows.dask_pages import DaskPages

    settings = Settings.from_env().model_copy(update={"workers": 2, "task_runner": "dask"})
    with DaskPages(settings) as pages:
        client = pages._client
        seen = client.run(_worker_facts)
    assert len(seen) == 2
    assert all(limit == "1" and threads == 1 for limit, threads in seen.values()), seen


def _worker_facts(dask_worker: Any) -> tuple[str | None, int]:
    return os.environ.get("OMP_THREAD_LIMIT"), int(dask_worker.state.nthreads)


# The ingest deployment on a real Prefect server ----------------------------------------------
def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _stop(process: subprocess.Popen[bytes]) -> None:
    """The process and everything it started (its own session), TERM then KILL."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)


def _prefect_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "ARKKI_"))}
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_UI_ENABLED="false",
        PREFECT_LOGGING_LEVEL="WARNING",
        PREFECT_SERVER_LOGGING_LEVEL="WARNING",
    )
    return env


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = Path(sys.executable).with_name("prefect")
    if not binary.exists():
        pytest.fail(f"{binary} is missing: install the package (pip install -e '.[test]')")
    home = tmp_path_factory.mktemp("prefect-server")
    port = _free_port()
    log = (home / "server.log").open("wb")
    server = subprocess.Popen(
        [str(binary), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=_prefect_env(home),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + 90
        while True:
            if server.poll() is not None:
                pytest.fail(f"prefect server exited: {(home / 'server.log').read_text()[-800:]}")
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("prefect server was not ready in 90 s")
            time.sleep(0.5)
        yield url
    finally:
        _stop(server)
        log.close()


def _deploy_cli(env: dict[str, str], call: str) -> subprocess.CompletedProcess[str]:
    code = f"import sys; from flows import deploy_cli; sys.exit(deploy_cli.{call})"
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )


def test_deploy_without_a_server_url_is_a_usage_error(tmp_path: Path) -> None:
    env = _prefect_env(tmp_path / "prefect")
    result = _deploy_cli(env, "deploy()")
    assert result.returncode == 2
    assert result.stderr.startswith("arkki: set PREFECT_API_URL")
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.server
@pytest.mark.slow
def test_a_worker_runs_the_ingest_deployment_for_a_batch(
    prefect_server: str, tmp_path: Path
) -> None:
    home = tmp_path / "arkki-home"
    env = _prefect_env(tmp_path / "client")
    env.update(PREFECT_API_URL=prefect_server, ARKKI_HOME=str(home), ARKKI_WORKERS="2")

    first = _deploy_cli(env, "deploy(pool='arkki-test', as_json=True)")
    assert first.returncode == 0, first.stderr
    again = _deploy_cli(env, "deploy(pool='arkki-test', as_json=True)")
    assert again.returncode == 0, again.stderr
    registered, updated = json.loads(first.stdout), json.loads(again.stdout)
    assert registered["deployment"] == "arkki-ingest/ingest"
    assert registered["work_pool_created"] and not updated["work_pool_created"]
    assert registered["deployment_id"] == updated["deployment_id"]

    batch = two_page_batch(tmp_path / "batch")
    worker_env = dict(env, PREFECT_WORKER_QUERY_SECONDS="1", PREFECT_WORKER_PREFETCH_SECONDS="5")
    worker_log = (tmp_path / "worker.log").open("wb")
    worker = subprocess.Popen(
        [sys.executable, "-c", "from flows import deploy_cli; deploy_cli.worker('arkki-test')"],
        env=worker_env,
        stdout=worker_log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        state = _run_deployment(prefect_server, str(batch), timeout_s=240)
        log = (tmp_path / "worker.log").read_text(errors="replace")
        assert state == "COMPLETED", log[-2000:]
    finally:
        _stop(worker)
        worker_log.close()

    from infra.catalog import Catalog

    records = list(Catalog(f"sqlite:///{home / 'catalog.sqlite'}").iter_records())
    assert len(records) == 2
    assert {r["status"] for r in records} <= {"stored", "needs_review"}


def _run_deployment(api: str, source: str, timeout_s: float) -> str:
    """Start a run of arkki-ingest/ingest over the REST API and wait for a final state."""
    deployment = _api(api, "GET", "/deployments/name/arkki-ingest/ingest")
    run = _api(
        api,
        "POST",
        f"/deployments/{deployment['id']}/create_flow_run",
        {"parameters": {"source": source}},
    )
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        state = _api(api, "GET", f"/flow_runs/{run['id']}")["state"]["type"]
        if state in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED"):
            return str(state)
        time.sleep(1)
    return "TIMED OUT"


def _api(api: str, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    request = urllib.request.Request(
        api + path,
        data=json.dumps(body).encode() if body is not None else None,
        method=method,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


# infra/: compose, Kubernetes, prefect.yaml (parsed and checked, not run) --------------------
INFRA = ROOT / "infra"
BACKENDS = {"minio", "opensearch", "postgres", "prefect-server", "arkki-worker"}


def _known_arkki_variables() -> set[str]:
    sources = [ROOT / "flows" / "config.py", ROOT / "infra" / "store_s3.py"]
    return {name for path in sources for name in re.findall(r"ARKKI_[A-Z0-9_]+", path.read_text())}


def _defaults(value: str) -> str:
    """Compose's ${NAME:-default} as the default."""
    return re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", value)


def _host(url: str) -> str:
    return urllib.parse.urlsplit(url).hostname or ""


def _check_arkki_environment(env: dict[str, str], services: set[str]) -> None:
    unknown = {n for n in env if n.startswith("ARKKI_")} - _known_arkki_variables()
    assert not unknown, f"not read by arkki: {unknown}"
    assert env["ARKKI_STORE"].startswith("s3://")
    assert env["ARKKI_CATALOG"].startswith("postgresql+psycopg://")
    for name in ("AWS_ENDPOINT_URL", "ARKKI_SEARCH", "ARKKI_CATALOG", "PREFECT_API_URL"):
        assert _host(env[name]) in services, (name, env[name])
    assert _host(env["ARKKI_DASK_ADDRESS"]) in services
    assert env["PREFECT_API_URL"].endswith("/api")
    assert env["OMP_THREAD_LIMIT"] == "1"


def _settings_from(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Any:
    from flows.config import Settings

    for name in [n for n in os.environ if n.startswith("ARKKI_")]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return Settings.from_env()


def test_the_compose_file_wires_every_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    compose = yaml.safe_load((INFRA / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) >= BACKENDS
    worker = services["arkki-worker"]
    assert worker["command"] == ["arkki", "worker", "--pool", "arkki-ingest"]
    assert worker["build"]["dockerfile"] == "infra/Dockerfile"
    env = {name: _defaults(str(value)) for name, value in worker["environment"].items()}
    _check_arkki_environment(env, set(services))
    assert services["dask-worker"]["environment"] == worker["environment"]
    assert "--nthreads" in services["dask-worker"]["command"]
    for name, condition in worker["depends_on"].items():
        assert name in services and "condition" in condition
    settings = _settings_from(env, monkeypatch)
    assert (settings.task_runner, settings.dask_address) == ("dask", "tcp://dask-scheduler:8786")
    assert (
        "postgres"
        in services["prefect-server"]["environment"]["PREFECT_API_DATABASE_CONNECTION_URL"]
    )


def test_the_kubernetes_manifests_parse_with_the_right_kinds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = INFRA / "k8s"
    listed = yaml.safe_load((folder / "kustomization.yaml").read_text())["resources"]
    assert sorted(listed) == sorted(
        p.name for p in folder.glob("*.yaml") if p.stem != "kustomization"
    )
    objects = [doc for name in listed for doc in yaml.safe_load_all((folder / name).read_text())]
    kinds = {(o["kind"], o["metadata"]["name"]) for o in objects}
    for stateful in ("minio", "opensearch", "postgres", "prefect-db"):
        assert ("StatefulSet", stateful) in kinds and ("Service", stateful) in kinds
    for deployment in ("prefect-server", "arkki-worker", "dask-scheduler", "dask-worker"):
        assert ("Deployment", deployment) in kinds
    assert {("Secret", "arkki-secrets"), ("ConfigMap", "arkki-config")} <= kinds
    services = {name for kind, name in kinds if kind == "Service"}
    by_name = {(o["kind"], o["metadata"]["name"]): o for o in objects}
    for kind, name in kinds:
        if kind in ("Deployment", "StatefulSet"):
            spec = by_name[kind, name]["spec"]
            assert spec["selector"]["matchLabels"] == spec["template"]["metadata"]["labels"]
    env = {
        **by_name["ConfigMap", "arkki-config"]["data"],
        **by_name["Secret", "arkki-secrets"]["stringData"],
    }
    _check_arkki_environment(env, services)
    assert _settings_from(env, monkeypatch).task_runner == "dask"


def test_prefect_yaml_names_the_deployment_arkki_deploy_registers() -> None:
    from flows.deployment import DEPLOYMENT_NAME, arkki_ingest

    project = yaml.safe_load((INFRA / "prefect.yaml").read_text())
    [deployment] = project["deployments"]
    assert deployment["name"] == DEPLOYMENT_NAME
    assert deployment["work_pool"]["name"] == "arkki-ingest"
    path, name = deployment["entrypoint"].split(":")
    assert (ROOT / path).exists() and name == arkki_ingest.fn.__name__


def test_the_worker_image_installs_tesseract_voikko_and_arkki() -> None:
    dockerfile = (INFRA / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim-bookworm", dockerfile, re.MULTILINE)
    for package in (
        "tesseract-ocr-fin",
        "tesseract-ocr-swe",
        "tesseract-ocr-eng",
        "tesseract-ocr-osd",
        "libvoikko1",
        "voikko-fi",
    ):
        assert package in dockerfile
    assert "OMP_THREAD_LIMIT=1" in dockerfile and "pip install ." in dockerfile
    for copied in re.findall(r"^COPY (\S+)", dockerfile, re.MULTILINE):
        for part in copied.split():
            assert list(ROOT.glob(part)), f"COPY {part}: nothing there"
