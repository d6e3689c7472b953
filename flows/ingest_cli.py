"""``arkki ingest``: run the flow with Rich progress bars or a JSON report."""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from flows.batch import BatchInputError
from flows.config import Settings, configure_prefect
from flows.progress import Interrupted, SnapshotFile, reporting_to, stop_requested

STAGES = {
    "store": "Tallennetaan alkuperäiset / storing originals",
    "inspect": "Tarkastus / checking files",
    "ocr": "Tekstintunnistus / OCR",
    "describe": "Kuvailu / describing",
    "index": "Indeksointi / indexing",
}
STATUS_OF_OUTCOME = {
    "done": "stored",
    "needs_review": "needs_review",
    "duplicate": "duplicate",
}


class RichProgress:
    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[str, Any] = {}
        self.totals: dict[str, int] = {}

    def start(self, stage: str, total: int) -> None:
        self.totals[stage] = total
        self.tasks[stage] = self.progress.add_task(STAGES.get(stage, stage), total=total)

    def advance(self, stage: str, amount: int = 1) -> None:
        if stage in self.tasks:
            self.progress.advance(self.tasks[stage], amount)

    def grow(self, stage: str, amount: int) -> None:
        if stage in self.tasks:
            self.totals[stage] += amount
            self.progress.update(self.tasks[stage], total=self.totals[stage])


def document_json(result: Any, catalog: Any) -> dict[str, Any]:
    from archive_schema.record import RecordMetadata

    record = result.record
    if record is None:
        row = catalog.record(result.id)
        record = RecordMetadata.model_validate_json(row["record"]) if row else None
    base: dict[str, Any] = {
        "id": result.id,
        "source_files": result.source_files,
        "status": STATUS_OF_OUTCOME[result.outcome.value],
    }
    if record is None:
        return base
    d = record.description
    return base | {
        "pages": len(record.pages),
        "doc_type": d.doc_type,
        "doc_type_confidence": d.doc_type_confidence,
        "language": d.language,
        "ocr_confidence": record.ocr_confidence,
        "diary_numbers": d.diary_numbers,
        "dates": [x.isoformat() for x in d.dates],
        "business_ids": d.business_ids,
        "personal_data": [p.model_dump() for p in d.personal_data],
        "title": d.title,
        "review_reasons": record.review_reasons if result.outcome.value != "duplicate" else [],
    }


EXIT_CODES: dict[int, int] = {signal.SIGINT: 130, signal.SIGTERM: 143}
_stopped_by: list[int] = []


def _on_interrupt(signum: int, frame: Any) -> None:
    """First Ctrl-C (or SIGTERM, as from a container stop): stop after the pages in hand
    (checkpointed). Second: stop at once."""
    if stop_requested.is_set():
        signal.default_int_handler(signum, frame)
    _stopped_by.append(signum)
    stop_requested.set()


def run(path: Path, agency: str | None, lang: str | None, as_json: bool, settings: Settings) -> int:
    from flows.cli import UsageProblem

    if not path.exists():
        raise UsageProblem(f"{path}: no such file or folder")
    if lang is not None and not all(part.isalpha() for part in lang.split("+")):
        raise UsageProblem(f"--lang {lang}: expected Tesseract codes joined by +, e.g. fin+swe")
    configure_prefect(settings)
    from prefect.exceptions import TerminationSignal

    from flows.config import quiet_prefect_loggers
    from flows.ingest import run_ingest

    quiet_prefect_loggers()
    from infra.catalog import Catalog

    console = Console(stderr=True)
    for signum in EXIT_CODES:
        signal.signal(signum, _on_interrupt)
    try:
        if as_json:
            progress_file = os.environ.get("ARKKI_PROGRESS_FILE")
            if progress_file:  # a web page polls it (web/uploads.py)
                snapshot = SnapshotFile(Path(progress_file))
                try:
                    with reporting_to(snapshot):
                        report = run_ingest(path, agency, lang, settings)
                finally:
                    snapshot.close()
            else:
                report = run_ingest(path, agency, lang, settings)
        else:
            columns = (
                TextColumn("{task.description:<40}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
            )
            with Progress(*columns, console=console) as bars, reporting_to(RichProgress(bars)):
                report = run_ingest(path, agency, lang, settings)
    except BatchInputError as error:
        raise UsageProblem(str(error)) from error
    except (Interrupted, TerminationSignal) as stop:
        sys.stderr.write("arkki: interrupted; run the same command again to resume\n")
        terminated = isinstance(stop, TerminationSignal) or stop.terminated
        return EXIT_CODES[signal.SIGTERM if terminated else (_stopped_by or [signal.SIGINT])[0]]
    finally:
        quiet_prefect_loggers(shutting_down=True)
    catalog = Catalog(settings.catalog)
    documents = [document_json(d, catalog) for d in report.documents]
    quarantined = [q.model_dump() for q in report.quarantined]
    if as_json:
        sys.stdout.write(
            json.dumps(
                {
                    "batch_id": report.batch_id,
                    "documents": documents,
                    "quarantined": quarantined,
                    "stats": report.stats.model_dump(),
                },
                ensure_ascii=False,
            )
            + "\n"
        )
    else:
        print_summary(Console(), report.batch_id, documents, quarantined, report, settings)
    if report.index_problem:
        console.print(f"arkki: warning: {report.index_problem}", markup=False, soft_wrap=True)
    return 3 if quarantined else 0


def _first_and_count(values: list[str]) -> str:
    if not values:
        return ""
    return values[0] + (f" (+{len(values) - 1})" if len(values) > 1 else "")


def print_summary(
    console: Console,
    batch_id: str,
    documents: list[dict[str, Any]],
    quarantined: list[dict[str, Any]],
    report: Any,
    settings: Settings,
) -> None:
    console.print(f"[bold]Erä / batch {batch_id}[/bold]", soft_wrap=True)
    colours = {"stored": "green", "needs_review": "yellow", "duplicate": "cyan"}
    for d in documents:
        ocr = d.get("ocr_confidence")
        facts = "  ".join(
            part
            for part in (
                d.get("doc_type", ""),
                d.get("language", ""),
                f"OCR {ocr:.0f}" if isinstance(ocr, float) else "",
                _first_and_count(d.get("diary_numbers", [])),
            )
            if part
        )
        colour = colours.get(d["status"], "white")
        console.print(
            f"{d['id']}  [{colour}]{d['status']:<12}[/{colour}] {escape(facts)}", soft_wrap=True
        )
        if d.get("title"):
            console.print(f"    {escape(d['title'])}", soft_wrap=True, style="dim")
        for reason in d.get("review_reasons", []):
            console.print(f"    [yellow]tarkastettava / review:[/yellow] {escape(reason)}")
    for q in quarantined:
        console.print(f"[red]karanteeni / quarantined[/red] {escape(q['reason'])}", soft_wrap=True)
    s = report.stats
    console.print(
        f"{len(documents)} documents, {len(quarantined)} quarantined, {s.pages} pages OCR'd "
        f"in {s.seconds:.1f} s ({s.pages_per_minute:.1f} pages/min). Data in {settings.home}",
        soft_wrap=True,
    )
