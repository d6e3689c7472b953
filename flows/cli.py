"""The ``arkki`` command line. Every command takes ``--json`` and then prints one JSON
document on stdout and nothing else.

Exit codes: 0 success; 3 batch finished but some files were quarantined; 2 bad usage or an
unreadable input path; 1 failure. Every non-zero exit prints one line on stderr.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn, cast

import typer
from rich.console import Console

from flows.config import ConfigError, Settings

EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_QUARANTINE = 0, 1, 2, 3

app = typer.Typer(
    name="arkki",
    help="arkki: scan batches in, searchable archived records out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)
out = Console()

JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]
ByOption = Annotated[
    str | None, typer.Option("--by", help="Who does this, for the audit log (default: $USER).")
]


class UsageProblem(Exception):
    pass


def fail(message: str, code: int) -> NoReturn:
    err.print(f"arkki: {message}", highlight=False, markup=False, soft_wrap=True)
    raise typer.Exit(code)


def emit_json(document: Any) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False, default=str) + "\n")


def settings() -> Settings:
    try:
        return Settings.from_env()
    except ConfigError as error:
        raise UsageProblem(str(error)) from error


@app.command()
def ingest(
    path: Annotated[Path, typer.Argument(help="A folder of scans or a single scan file.")],
    agency: Annotated[str | None, typer.Option(help="Agency code, e.g. UUDELY.")] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Tesseract languages, e.g. fin+swe.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Store, OCR, describe and index a scan batch. Re-running resumes and never duplicates."""
    from flows.ingest_cli import run

    code = run(path, agency, lang, as_json, settings())
    raise typer.Exit(code)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words in Finnish or Swedish, or a diary number.")],
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 10,
    filters: Annotated[
        list[str] | None,
        typer.Option("--filter", help="FIELD=VALUE: doc_type, agency, year, language, ..."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Search every record; base forms find inflected Finnish words."""
    from flows.queries import run_search

    run_search(query, limit, filters or [], as_json, settings())


@app.command()
def show(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="Record id (or a prefix).")],
    as_json: JsonFlag = False,
) -> None:
    """A record's metadata and stored objects with their checksums."""
    from flows.queries import run_show

    run_show(record_id, as_json, settings())


@app.command()
def text(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="Record id (or a prefix).")],
    unmasked: Annotated[
        bool,
        typer.Option(
            "--unmasked", help="Show personal identity codes in full (written to the audit log)."
        ),
    ] = False,
    by: ByOption = None,
    as_json: JsonFlag = False,
) -> None:
    """A record's OCR text; personal identity codes are masked unless --unmasked."""
    from flows.queries import run_text
    from flows.records_cli import default_actor

    run_text(record_id, unmasked, by or default_actor(), as_json, settings())


@app.command()
def correct(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="Record id (or a prefix).")],
    fields: Annotated[
        list[str],
        typer.Option(
            "--field",
            help="FIELD=VALUE, repeatable: doc_type, records_class (CODE or CODE:PROCESS), "
            "publicity_class, security_period, security_reason, personal_data, "
            "retention_period, retention_reason, retention_trigger, title, language, "
            "document_date, diary_numbers (comma-separated).",
        ),
    ],
    reason: Annotated[str, typer.Option(help="Why, for the audit log.")] = "",
    approve: Annotated[
        bool, typer.Option("--approve", help="Also approve the record (status stored).")
    ] = False,
    by: ByOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Correct what arkki proposed for a record; audited, and used by the next `arkki train`."""
    from flows.records_cli import default_actor, run_correct

    run_correct(record_id, fields, by or default_actor(), reason, approve, as_json, settings())


@app.command()
def train(
    seed: Annotated[int, typer.Option(help="The same data and seed give the same model.")] = 0,
    by: ByOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Retrain the document-type model with every archivist correction, and publish it."""
    from flows.records_cli import default_actor, run_train

    run_train(seed, by or default_actor(), as_json, settings())


@app.command()
def history(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="Record id (or a prefix).")],
    as_json: JsonFlag = False,
) -> None:
    """Who changed a record, when, what and why (the audit trail)."""
    from flows.records_cli import run_history

    run_history(record_id, as_json, settings())


@app.command()
def samples(
    path: Annotated[Path, typer.Argument(help="Folder to write the sample batch into.")],
    count: Annotated[int, typer.Option(min=1, max=500)] = 12,
    seed: Annotated[
        int, typer.Option(help="Random seed; the same seed gives the same batch.")
    ] = 2017,
    as_json: JsonFlag = False,
) -> None:
    """Write realistic degraded Finnish and Swedish scans, with ground truth beside each."""
    from flows.samples import generate_samples

    try:
        truths = generate_samples(path, count=count, seed=seed)
    except OSError as error:
        raise UsageProblem(f"{path}: cannot write samples ({error.strerror or error})") from error
    if as_json:
        emit_json({"path": str(path), "documents": [t.model_dump(mode="json") for t in truths]})
    else:
        pages = sum(t.pages for t in truths)
        out.print(f"Wrote {len(truths)} documents ({pages} pages) with ground truth to {path}")


@app.command()
def reindex(as_json: JsonFlag = False) -> None:
    """Index catalog records that are not yet in the search index (after an index outage)."""
    from flows.config import open_catalog, open_search, open_store
    from flows.steps import index_records

    chosen = settings()
    done, problem = index_records(open_catalog(chosen), open_store(chosen), open_search(chosen))
    if problem:
        fail(problem, EXIT_FAILURE)
    if as_json:
        emit_json({"indexed": done})
    else:
        out.print(f"Indexed {done} records.")


@app.command()
def deploy(
    pool: Annotated[str, typer.Option(help="Prefect work pool (created if missing).")] = (
        "arkki-ingest"
    ),
    as_json: JsonFlag = False,
) -> None:
    """Register the ingest deployment (arkki-ingest/ingest) on the Prefect server at
    PREFECT_API_URL."""
    from flows.deploy_cli import deploy as run_deploy

    raise typer.Exit(run_deploy(pool, as_json))


@app.command()
def worker(
    pool: Annotated[str, typer.Option(help="Prefect work pool to poll.")] = "arkki-ingest",
    name: Annotated[str | None, typer.Option(help="Worker name (default arkki-HOST-PID).")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Flow runs at a time.")] = 1,
) -> None:
    """Register the ingest deployment, then run a Prefect worker on the pool until stopped."""
    from flows.deploy_cli import worker as run_worker

    raise typer.Exit(run_worker(pool, name, limit))


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port.")] = 8000,
) -> None:
    """The web app for registry staff, archivists and administrators."""
    from web.serve import run_serve

    raise typer.Exit(run_serve(host, port, settings()))


user_app = typer.Typer(help="Web app accounts.")
app.add_typer(user_app, name="user")


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[str, typer.Option(help="registry, archivist, case_handler or admin")],
    agencies: Annotated[str, typer.Option(help="Agency codes, comma-separated, or *")] = "*",
    name: Annotated[str, typer.Option("--name", help="Display name.")] = "",
    by: ByOption = None,
) -> None:
    """Create a local account (the password is asked twice)."""
    from flows.config import open_catalog
    from flows.records_cli import default_actor
    from web.accounts import AccountError, create_user

    password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        create_user(
            open_catalog(settings()),
            username,
            password,
            role,
            agencies,
            name,
            by=by or default_actor(),
        )
    except AccountError as error:
        raise UsageProblem(str(error)) from error
    out.print(f"Created {role} {username}.")


export_app = typer.Typer(help="Export records in the National Archives' formats.")
app.add_typer(export_app, name="export")

OutOption = Annotated[Path, typer.Option("--out", help="The file to write.")]
CaseOption = Annotated[str | None, typer.Option("--case", help="A diary number.")]
BatchOption = Annotated[str | None, typer.Option("--batch", help="A batch id.")]
Contract = Annotated[
    str | None,
    typer.Option(envvar="ARKKI_TRANSFER_CONTRACT", help="The National Archives' agreement id"),
]
Organisation = Annotated[
    str | None, typer.Option(envvar="ARKKI_ORGANISATION", help="Transferring organisation")
]
ContactName = Annotated[
    str | None, typer.Option(envvar="ARKKI_CONTACT_NAME", help="Contact person")
]
ContactAddress = Annotated[
    str | None, typer.Option(envvar="ARKKI_CONTACT_ADDRESS", help="Contact address")
]
ContactPhone = Annotated[
    str | None, typer.Option(envvar="ARKKI_CONTACT_PHONE", help="Contact phone")
]
ContactEmail = Annotated[
    str | None, typer.Option(envvar="ARKKI_CONTACT_EMAIL", help="Contact e-mail")
]


DpsContract = Annotated[
    str | None,
    typer.Option(
        envvar="ARKKI_DPS_CONTRACT",
        help="The digital-preservation contract id (urn:uuid:…) for fi:CONTRACTID",
    ),
]
SignKey = Annotated[
    Path | None, typer.Option(envvar="ARKKI_SIP_SIGN_KEY", help="PEM key for signature.sig")
]
SignCert = Annotated[
    Path | None, typer.Option(envvar="ARKKI_SIP_SIGN_CERT", help="PEM certificate for it")
]
Unsigned = Annotated[
    bool, typer.Option("--unsigned", help="Write no signature.sig (for testing only).")
]


def _transfer_info(command: str, selection: str, given: dict[str, str | None]) -> Any:
    """SÄHKE2 TransferInformation and ContactInformation from the command's options."""
    from archive_schema.sahke2_model import TransferInfo

    missing = [name for name, value in given.items() if not value]
    if missing:
        raise UsageProblem(f"{command} needs {', '.join(missing)} (or their ARKKI_* variables)")
    return TransferInfo(
        native_id=f"arkki-{selection}".replace("/", "-"),
        title=f"arkki: {selection}",
        contract_id=given["--contract"] or "",
        organisation=given["--organisation"] or "",
        contact_name=given["--contact-name"] or "",
        contact_address=given["--contact-address"] or "",
        contact_phone=given["--contact-phone"] or "",
        contact_email=given["--contact-email"] or "",
    )


def _export_command(kind: str) -> Any:
    """``arkki export sahke2`` and ``arkki export ead3``: the same options, another format."""

    def command(
        out: OutOption,
        case: CaseOption = None,
        batch: BatchOption = None,
        contract: Contract = None,
        organisation: Organisation = None,
        contact_name: ContactName = None,
        contact_address: ContactAddress = None,
        contact_phone: ContactPhone = None,
        contact_email: ContactEmail = None,
        as_json: JsonFlag = False,
    ) -> None:
        from flows.ead3_cli import run_export_ead3
        from flows.export_cli import run_export_sahke2

        run = run_export_sahke2 if kind == "sahke2" else run_export_ead3
        transfer = _transfer_info(f"export {kind}", case or batch or "export", _given(locals()))
        raise typer.Exit(run(case, batch, out, transfer, as_json, settings()))

    return command


export_app.command(
    "sahke2",
    help="A case (--case) or a batch (--batch) as SÄHKE2 2019 transfer XML, streamed, checksums"
    " re-verified; refused with every problem listed where anything mandatory is missing.",
)(_export_command("sahke2"))
export_app.command(
    "ead3",
    help="A case or a batch as an EAD3 finding aid, mapped from SÄHKE2 as the national"
    " digital-preservation service maps it (CaseFile c01, Action c02, Record c03, Document c04).",
)(_export_command("ead3"))


@export_app.command("series")
def export_series(
    kind: Annotated[str, typer.Argument(help="sahke2, ead3 or sip")],
    out_dir: Annotated[Path, typer.Option("--out-dir", help="Folder for one file each.")],
    cases: Annotated[list[str] | None, typer.Option("--case", help="Diary numbers.")] = None,
    batches: Annotated[list[str] | None, typer.Option("--batch", help="Batch ids.")] = None,
    dps_contract: DpsContract = None,
    sign_key: SignKey = None,
    sign_cert: SignCert = None,
    unsigned: Unsigned = False,
    contract: Contract = None,
    organisation: Organisation = None,
    contact_name: ContactName = None,
    contact_address: ContactAddress = None,
    contact_phone: ContactPhone = None,
    contact_email: ContactEmail = None,
    as_json: JsonFlag = False,
) -> None:
    """Many cases and batches at once, as the Prefect flow export-series: one file per
    selection in --out-dir; a refused selection is reported and the others go on."""
    from flows.export_flows import SUFFIX

    if kind not in SUFFIX:
        raise UsageProblem(f"export series {kind}: expected one of {', '.join(SUFFIX)}")
    if not cases and not batches:
        raise UsageProblem("export series needs at least one --case or --batch")
    transfer = _transfer_info(f"export series {kind}", "series", _given(locals()))
    signer = _signer(kind, dps_contract, sign_key, sign_cert, unsigned)
    chosen = settings()
    from flows.config import configure_prefect, quiet_prefect_loggers

    configure_prefect(chosen)
    quiet_prefect_loggers()
    from flows.export_flows import ExportKind
    from flows.export_flows import export_series as flow

    try:
        results = flow(
            cast(ExportKind, kind),
            out_dir,
            transfer,
            cases=cases,
            batches=batches,
            dps_contract=dps_contract,
            signer=signer,
        )
    finally:
        quiet_prefect_loggers(shutting_down=True)
    refused = [r for r in results if r.refused]
    if as_json:
        emit_json({"results": [r.model_dump() for r in results]})
    else:
        for result in results:
            selection = result.case or result.batch
            if result.out:
                out.print(f"{selection}: {result.out} ({len(result.records)} records)")
            else:
                err.print(f"{selection}: refused", markup=False)
                for problem in result.refused:
                    err.print(f"  {problem}", markup=False, soft_wrap=True)
    raise typer.Exit(EXIT_FAILURE if refused else EXIT_OK)


def _signer(
    kind: str, dps_contract: str | None, key: Path | None, cert: Path | None, unsigned: bool
) -> Any:
    """The SIP signing key and certificate, or None for --unsigned; checks SIP options."""
    from archive_schema.sip import Signer

    if kind != "sip":
        return None
    if not dps_contract:
        raise UsageProblem("sip needs --dps-contract urn:uuid:… (or ARKKI_DPS_CONTRACT)")
    if unsigned:
        if key or cert:
            raise UsageProblem("--unsigned and --sign-key/--sign-cert exclude each other")
        return None
    if not (key and cert):
        raise UsageProblem("sip needs --sign-key and --sign-cert (or --unsigned for testing)")
    return Signer(key=key, cert=cert)


@app.command()
def sip(
    out: OutOption,
    case: CaseOption = None,
    batch: BatchOption = None,
    dps_contract: DpsContract = None,
    sign_key: SignKey = None,
    sign_cert: SignCert = None,
    unsigned: Unsigned = False,
    contract: Contract = None,
    organisation: Organisation = None,
    contact_name: ContactName = None,
    contact_address: ContactAddress = None,
    contact_phone: ContactPhone = None,
    contact_email: ContactEmail = None,
    as_json: JsonFlag = False,
) -> None:
    """A case or a batch as a preservation SIP (tar with mets.xml, signature.sig and the
    files) in the national METS profile 1.8.0; refused with every problem listed."""
    from flows.sip_cli import SipRequest, run_sip

    transfer = _transfer_info("sip", case or batch or "sip", _given(locals()))
    signer = _signer("sip", dps_contract, sign_key, sign_cert, unsigned)
    request = SipRequest(case, batch, out, transfer, dps_contract or "", signer)
    raise typer.Exit(run_sip(request, as_json, settings()))


def _given(options: dict[str, Any]) -> dict[str, str | None]:
    """The transfer options of a command's locals(), under their option names."""
    names = ("contract", "organisation", "contact_name", "contact_address", "contact_phone")
    return {"--" + n.replace("_", "-"): options[n] for n in (*names, "contact_email")}


def _mount_lifecycle() -> None:
    from flows.lifecycle_typer import (
        disposition_app,
        fixity_command,
        hold_app,
        report_command,
        retention_command,
    )

    app.add_typer(disposition_app, name="disposition")
    app.add_typer(hold_app, name="hold")
    app.command("fixity")(fixity_command)
    app.command("report")(report_command)
    app.command("retention")(retention_command)


_mount_lifecycle()


def main() -> None:
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        result = app(standalone_mode=False)
        sys.exit(result if isinstance(result, int) else EXIT_OK)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        fail_line("interrupted; run the same command again to resume", 130)
    except UsageProblem as error:
        fail_line(str(error), EXIT_USAGE)
    except Exception as error:  # the last guard: one line, never a traceback
        if hasattr(error, "format_message") and hasattr(error, "exit_code"):
            fail_line(error.format_message().splitlines()[0], EXIT_USAGE)  # click usage errors
        message = str(error).strip().splitlines()[0] if str(error).strip() else ""
        fail_line(f"failed: {type(error).__name__}: {message}"[:500], EXIT_FAILURE)


def fail_line(message: str, code: int) -> NoReturn:
    sys.stderr.write(f"arkki: {message}\n")
    sys.exit(code)
