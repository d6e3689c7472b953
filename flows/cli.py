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
from typing import Annotated, Any, NoReturn

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


export_app = typer.Typer(help="Export records in the National Archives' formats.")
app.add_typer(export_app, name="export")


def _transfer_option(envvar: str, help_text: str) -> Any:
    return typer.Option(envvar=envvar, help=help_text)


@export_app.command("sahke2")
def export_sahke2(
    out: Annotated[Path, typer.Option("--out", help="The XML file to write.")],
    case: Annotated[str | None, typer.Option("--case", help="A diary number.")] = None,
    batch: Annotated[str | None, typer.Option("--batch", help="A batch id.")] = None,
    contract: Annotated[
        str | None, _transfer_option("ARKKI_TRANSFER_CONTRACT", "Transfer agreement id")
    ] = None,
    organisation: Annotated[
        str | None, _transfer_option("ARKKI_ORGANISATION", "Transferring organisation")
    ] = None,
    contact_name: Annotated[
        str | None, _transfer_option("ARKKI_CONTACT_NAME", "Contact person")
    ] = None,
    contact_address: Annotated[
        str | None, _transfer_option("ARKKI_CONTACT_ADDRESS", "Contact address")
    ] = None,
    contact_phone: Annotated[
        str | None, _transfer_option("ARKKI_CONTACT_PHONE", "Contact phone")
    ] = None,
    contact_email: Annotated[
        str | None, _transfer_option("ARKKI_CONTACT_EMAIL", "Contact e-mail")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """A case (--case) or a batch (--batch) as SÄHKE2 2019 transfer XML, checksums re-verified;
    refused with every problem listed where anything mandatory is missing."""
    from archive_schema.sahke2_model import TransferInfo
    from flows.export_cli import run_export_sahke2

    given = {
        "--contract": contract,
        "--organisation": organisation,
        "--contact-name": contact_name,
        "--contact-address": contact_address,
        "--contact-phone": contact_phone,
        "--contact-email": contact_email,
    }
    missing = [name for name, value in given.items() if not value]
    if missing:
        raise UsageProblem(f"export sahke2 needs {', '.join(missing)} (or their ARKKI_* variables)")
    selection = case or batch or "export"
    transfer = TransferInfo(
        native_id=f"arkki-{selection}".replace("/", "-"),
        title=f"arkki: {selection}",
        contract_id=contract or "",
        organisation=organisation or "",
        contact_name=contact_name or "",
        contact_address=contact_address or "",
        contact_phone=contact_phone or "",
        contact_email=contact_email or "",
    )
    raise typer.Exit(run_export_sahke2(case, batch, out, transfer, as_json, settings()))


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
