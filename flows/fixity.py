"""``arkki fixity (--all | --share S)`` and the Prefect flow ``arkki-fixity`` that runs it daily.

Both call ``infra.fixity.run``: every object (``--all``) or the least recently checked share
of them is re-read and its SHA-256 compared with the catalog. Every mismatch and missing
object is one line on stderr, an audit row and exit code 1; the flow run then fails, so
Prefect's notifications see it. The deployment ``arkki-fixity/daily`` (``register_fixity``)
runs the flow every day at 02:30 with ``share=DAILY_SHARE``: ``ceil(share × objects)`` plus
every object unchecked for a year, so each object is re-read at least once a year.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from prefect import flow

from flows.config import Settings, open_catalog, open_store
from infra import fixity

FLOW_NAME = "arkki-fixity"
DEPLOYMENT_NAME = "daily"
DAILY_CRON = "30 2 * * *"
DAILY_SHARE = 0.0028  # ≥ 1/365
EXIT_OK, EXIT_PROBLEMS = 0, 1


class FixityProblems(Exception):
    """The check found changed or missing objects (the flow run fails with this)."""


def run_fixity(
    check_all: bool, share: float | None, actor: str, as_json: bool, settings: Settings
) -> int:
    """The command: checks, prints a summary (and a progress bar on a terminal)."""
    if check_all == (share is not None):
        from flows.cli import UsageProblem

        raise UsageProblem("fixity: give either --all or --share S (e.g. 0.0027 for a daily run)")
    if share is not None and not 0 < share <= 1:
        from flows.cli import UsageProblem

        raise UsageProblem(f"--share {share}: a share between 0 and 1")
    catalog, store = open_catalog(settings), open_store(settings)
    if as_json or not sys.stderr.isatty():
        report = fixity.run(catalog, store, None if check_all else share, actor)
    else:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            transient=True,
        ) as bar:
            task = bar.add_task("fixity", total=None)

            def tick(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            report = fixity.run(catalog, store, None if check_all else share, actor, tick)
    for problem in report.problems:
        sys.stderr.write(
            f"arkki: fixity {problem.result.upper()}: {problem.key}: {problem.detail}\n"
        )
    if as_json:
        sys.stdout.write(json.dumps(report.as_json(), ensure_ascii=False) + "\n")
    else:
        rate = report.checked / report.seconds if report.seconds else 0.0
        sys.stdout.write(
            f"fixity: {report.checked} of {report.total_objects} objects checked, "
            f"{len(report.problems)} problems, {report.bytes / 1e6:.1f} MB in "
            f"{report.seconds:.1f} s ({rate:.0f} objects/s)\n"
        )
    return EXIT_PROBLEMS if report.problems else EXIT_OK


@flow(name=FLOW_NAME, log_prints=False)
def fixity_flow(share: float | None = DAILY_SHARE, actor: str = "fixity-flow") -> dict[str, Any]:
    """Check ``share`` of the stored objects (None: all); fails where anything is wrong."""
    settings = Settings.from_env()
    report = fixity.run(open_catalog(settings), open_store(settings), share, actor)
    summary = report.as_json()
    if report.problems:
        lines = "; ".join(f"{p.result} {p.key}" for p in report.problems[:20])
        raise FixityProblems(f"{len(report.problems)} fixity problems: {lines}")
    return summary


def register_fixity(pool: str) -> str:
    """Register ``arkki-fixity/daily`` (cron ``DAILY_CRON``) on ``pool`` at PREFECT_API_URL;
    the pool exists already (``arkki deploy`` creates it). Returns the deployment id."""
    from prefect.deployments.runner import EntrypointType, RunnerDeployment

    if not os.environ.get("PREFECT_API_URL"):
        raise RuntimeError("set PREFECT_API_URL to the Prefect server to register the schedule")
    deployment = fixity_flow.to_deployment(
        name=DEPLOYMENT_NAME,
        work_pool_name=pool,
        entrypoint_type=EntrypointType.MODULE_PATH,
        cron=DAILY_CRON,
        parameters={"share": DAILY_SHARE},
        description="Re-read the least recently checked share of stored objects and compare "
        "SHA-256 with the catalog; fails on any mismatch or missing object.",
        tags=["arkki", "fixity"],
    )
    if not isinstance(deployment, RunnerDeployment):
        raise RuntimeError("Prefect returned no deployment")
    return str(deployment.apply(work_pool_name=pool))
