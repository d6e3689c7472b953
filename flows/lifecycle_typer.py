"""The typer commands of the records lifecycle, to be mounted on ``flows.cli.app``::

    app.add_typer(disposition_app, name="disposition")
    app.add_typer(hold_app, name="hold")
    app.command("fixity")(fixity_command)
    app.command("report")(report_command)
    app.command("retention")(retention_command)

Every command only parses options and calls a ``run_*`` function (flows.lifecycle_cli,
flows.fixity, flows.reports), imported lazily so ``arkki --help`` stays fast.
``python -m flows.lifecycle_typer`` runs them on their own, with arkki's one-line errors.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

disposition_app = typer.Typer(help="Records whose retention has ended: list, destroy, transfer.")
hold_app = typer.Typer(help="Legal and disposal holds on a case, a class or a list of records.")
AsOf = Annotated[
    str | None, typer.Option("--as-of", help="Count as of this date (YYYY-MM-DD; default today).")
]
Json = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]
By = Annotated[str | None, typer.Option("--by", help="Who does this (default: $USER).")]
Ids = Annotated[list[str] | None, typer.Option("--ids", help="Record id (or prefix); repeatable.")]


def _settings():  # type: ignore[no-untyped-def]
    from flows.cli import settings

    return settings()


def _actor(by: str | None) -> str:
    from flows.records_cli import default_actor

    return by or default_actor()


@disposition_app.command("list")
def disposition_list_command(as_of: AsOf = None, as_json: Json = False) -> None:
    """Records whose retention has ended, by class; held ones shown as held."""
    from flows.lifecycle_cli import run_disposition_list

    raise typer.Exit(run_disposition_list(as_of, as_json, _settings()))


@disposition_app.command("destroy")
def disposition_destroy_command(
    approved_by: Annotated[str, typer.Option("--approved-by", help="Who approved it.")],
    class_code: Annotated[
        str | None, typer.Option("--class", help="Destroy the due records of this class.")
    ] = None,
    ids: Ids = None,
    second_approver: Annotated[
        str | None,
        typer.Option("--second-approver", help="Another person; needed for non-public records."),
    ] = None,
    as_of: AsOf = None,
    as_json: Json = False,
) -> None:
    """Destroy the content of due, unheld records; keep a stub; write a certificate."""
    from flows.lifecycle_cli import run_disposition_destroy

    code = run_disposition_destroy(
        class_code, ids, approved_by, second_approver, as_of, as_json, _settings()
    )
    raise typer.Exit(code)


@disposition_app.command("transfers")
def disposition_transfers_command(
    as_of: AsOf = None,
    after_years: Annotated[
        int, typer.Option("--after-years", min=0, help="Years after the trigger date.")
    ] = 0,
    as_json: Json = False,
) -> None:
    """Permanent records due for transfer, with the `arkki sip` command to run."""
    from flows.lifecycle_cli import run_disposition_transfers

    raise typer.Exit(run_disposition_transfers(as_of, after_years, as_json, _settings()))


@hold_app.command("add")
def hold_add_command(
    reason: Annotated[str, typer.Option("--reason", help="Why (e.g. the court case).")],
    case: Annotated[str | None, typer.Option("--case", help="A diary number.")] = None,
    class_code: Annotated[str | None, typer.Option("--class", help="A class code.")] = None,
    ids: Ids = None,
    by: By = None,
    as_json: Json = False,
) -> None:
    """Place a hold: the records it covers are neither destroyed nor changed."""
    from flows.lifecycle_cli import run_hold_add

    raise typer.Exit(run_hold_add(case, class_code, ids, reason, _actor(by), as_json, _settings()))


@hold_app.command("lift")
def hold_lift_command(
    hold_id: Annotated[int, typer.Argument(metavar="HOLD")],
    reason: Annotated[str, typer.Option("--reason")] = "",
    by: By = None,
    as_json: Json = False,
) -> None:
    """Lift a hold (audited)."""
    from flows.lifecycle_cli import run_hold_lift

    raise typer.Exit(run_hold_lift(hold_id, _actor(by), reason, as_json, _settings()))


@hold_app.command("list")
def hold_list_command(
    include_lifted: Annotated[bool, typer.Option("--all", help="Lifted holds too.")] = False,
    as_json: Json = False,
) -> None:
    """The active holds."""
    from flows.lifecycle_cli import run_hold_list

    raise typer.Exit(run_hold_list(include_lifted, as_json, _settings()))


def fixity_command(
    check_all: Annotated[bool, typer.Option("--all", help="Check every stored object.")] = False,
    share: Annotated[
        float | None,
        typer.Option("--share", help="Check this share, least recently checked first."),
    ] = None,
    by: By = None,
    as_json: Json = False,
) -> None:
    """Re-read stored objects and compare SHA-256 with the catalog (exit 1 on any problem)."""
    from flows.fixity import run_fixity

    raise typer.Exit(run_fixity(check_all, share, _actor(by), as_json, _settings()))


def report_command(
    fmt: Annotated[str, typer.Option("--format", help="csv or json.")] = "json",
    as_of: AsOf = None,
) -> None:
    """Management figures from the catalog and the audit log."""
    from flows.reports import run_report

    if fmt not in ("csv", "json"):
        from flows.cli import UsageProblem

        raise UsageProblem(f"--format {fmt}: csv or json")
    raise typer.Exit(run_report(fmt, as_of, _settings()))


def retention_command(
    record_id: Annotated[str, typer.Argument(metavar="ID")], as_json: Json = False
) -> None:
    """A record's retention: period, trigger, the date counted from, when it ends, holds."""
    from flows.lifecycle_cli import run_retention

    raise typer.Exit(run_retention(record_id, as_json, _settings()))


standalone = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
standalone.add_typer(disposition_app, name="disposition")
standalone.add_typer(hold_app, name="hold")
standalone.command("fixity")(fixity_command)
standalone.command("report")(report_command)
standalone.command("retention")(retention_command)


def main() -> None:
    """Run the commands alone, with flows.cli's error handling (until they are mounted)."""
    import flows.cli

    flows.cli.app = standalone
    flows.cli.main()


if __name__ == "__main__":
    main()
    sys.exit(0)
