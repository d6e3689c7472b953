"""``arkki deploy`` and ``arkki worker``: the ingest flow on a Prefect server, for real.

deploy  creates the process work pool if it is missing and registers (or updates) the
        deployment ``arkki-ingest/ingest`` against PREFECT_API_URL. The deployment points at
        the installed package by module path (flows.deployment.arkki_ingest), so neither code
        storage nor a Docker registry is needed: every worker runs the code it has installed.
worker  does the same, then runs a Prefect process worker on the pool until stopped; each
        flow run is a subprocess with the worker's environment (ARKKI_*, AWS_*, ...).

A run is then started from the Prefect UI, the API, or
``prefect deployment run arkki-ingest/ingest -p source=/scans/batch-17``; the batch path is
read by the worker, so it must be on storage the worker mounts.

Functions return exit codes (0 ok, 1 failure, 2 usage) and print one line on stderr on error.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sys
from typing import Any

DEFAULT_POOL = "arkki-ingest"
EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


class DeployProblem(Exception):
    pass


def deploy(pool: str = DEFAULT_POOL, as_json: bool = False) -> int:
    """Create the work pool if missing and register the ingest deployment."""
    try:
        deployment_id, created_pool = register(pool)
    except DeployProblem as error:
        return _fail(str(error), EXIT_USAGE if "PREFECT_API_URL" in str(error) else EXIT_FAILURE)
    from flows.deployment import DEPLOYMENT_NAME, FLOW_NAME

    summary = {
        "deployment": f"{FLOW_NAME}/{DEPLOYMENT_NAME}",
        "deployment_id": deployment_id,
        "work_pool": pool,
        "work_pool_created": created_pool,
        "api_url": os.environ.get("PREFECT_API_URL", ""),
    }
    if as_json:
        sys.stdout.write(json.dumps(summary) + "\n")
    else:
        sys.stdout.write(
            f"deployment {summary['deployment']} registered on work pool {pool}"
            f"{' (created)' if created_pool else ''}; run a batch with:\n"
            f"  prefect deployment run {summary['deployment']} -p source=/path/to/batch\n"
        )
    return EXIT_OK


def worker(pool: str = DEFAULT_POOL, name: str | None = None, limit: int = 1) -> int:
    """Register the deployment, then run a process worker on ``pool`` until stopped.

    ``limit`` flow runs at a time (default 1: one batch already keeps every core busy).
    """
    try:
        register(pool)
    except DeployProblem as error:
        return _fail(str(error), EXIT_USAGE if "PREFECT_API_URL" in str(error) else EXIT_FAILURE)
    from prefect.workers.process import ProcessWorker

    worker_name = name or f"arkki-{socket.gethostname()}-{os.getpid()}"
    process_worker = ProcessWorker(work_pool_name=pool, name=worker_name, limit=limit)
    sys.stderr.write(f"arkki: worker {worker_name} polling work pool {pool}\n")
    try:
        asyncio.run(_run(process_worker))
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        return _fail(f"worker stopped: {_one_line(error)}", EXIT_FAILURE)
    return EXIT_OK


async def _run(process_worker: Any) -> None:
    async with process_worker:
        await process_worker.start(printer=lambda *_: None)


def register(pool: str) -> tuple[str, bool]:
    """(deployment id, whether the pool was created). Raises DeployProblem."""
    _prefect_defaults()
    if not os.environ.get("PREFECT_API_URL"):
        raise DeployProblem(
            "set PREFECT_API_URL to the Prefect server, e.g. http://prefect:4200/api "
            "(arkki ingest runs without one; deployments and workers need one)"
        )
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.deployments.runner import EntrypointType, RunnerDeployment
    from prefect.exceptions import ObjectAlreadyExists
    from prefect.workers.process import ProcessWorker

    from flows.deployment import DEPLOYMENT_NAME, arkki_ingest

    try:
        with get_client(sync_client=True) as client:
            try:
                client.create_work_pool(
                    WorkPoolCreate(
                        name=pool,
                        type=ProcessWorker.type,
                        base_job_template=ProcessWorker.get_default_base_job_template(),
                        description="arkki: scan batches to archived records (arkki worker)",
                    )
                )
                created = True
            except ObjectAlreadyExists:
                created = False
        deployment = arkki_ingest.to_deployment(
            name=DEPLOYMENT_NAME,
            work_pool_name=pool,
            entrypoint_type=EntrypointType.MODULE_PATH,
            description="Ingest a scan batch: parameters source (the batch folder as the "
            "worker sees it), agency, languages. Settings come from the worker's ARKKI_*.",
            tags=["arkki"],
        )
        if not isinstance(deployment, RunnerDeployment):  # sync context: never a coroutine
            raise DeployProblem("Prefect returned no deployment")
        deployment_id = deployment.apply(work_pool_name=pool)
    except DeployProblem:
        raise
    except Exception as error:  # unreachable server, refused request: one line
        raise DeployProblem(
            f"Prefect server at {os.environ['PREFECT_API_URL']}: {_one_line(error)}"
        ) from error
    return str(deployment_id), created


def _prefect_defaults() -> None:
    """Prefect's own state inside ARKKI_HOME, no telemetry, no ephemeral server."""
    home = os.environ.get("ARKKI_HOME")
    if home and "PREFECT_HOME" not in os.environ:
        os.makedirs(os.path.join(home, "prefect"), exist_ok=True)
        os.environ["PREFECT_HOME"] = os.path.join(home, "prefect")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_ENABLED", "false")
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def _one_line(error: BaseException) -> str:
    text = str(error).strip()
    return f"{type(error).__name__}: {text.splitlines()[0] if text else ''}"[:300]


def _fail(message: str, code: int) -> int:
    sys.stderr.write(f"arkki: {message}\n")
    return code
