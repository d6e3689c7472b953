"""End to end through the real CLI: Tesseract, Voikko, the SQLite catalog, the embedded index.

These are slow (Tesseract runs on every page); `pytest -m "not slow"` skips them.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from flows.samples import SampleTruth, character_error_rate, generate_samples
from tests.conftest import FINNISH_DECISION, render_page, write_bad_inputs

pytestmark = pytest.mark.slow
ARKKI = [sys.executable, "-m", "flows"]
SAMPLE_COUNT = 16  # 16 generated documents, at least 20 pages


def arkki(home: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, ARKKI_HOME=str(home))
    result = subprocess.run([*ARKKI, *args], capture_output=True, text=True, env=env, timeout=900)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def ingest_json(home: Path, batch: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    result = arkki(home, "ingest", str(batch), "--json", *extra, check=False)
    assert result.returncode in (0, 3), result.stderr
    return result.returncode, json.loads(result.stdout)


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[SampleTruth]]:
    folder = tmp_path_factory.mktemp("batch")
    truths = generate_samples(folder, count=SAMPLE_COUNT, seed=2017)
    assert sum(t.pages for t in truths) >= 20
    return folder, truths


@pytest.fixture(scope="module")
def ingested(
    batch: tuple[Path, list[SampleTruth]], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, Any]]:
    home = tmp_path_factory.mktemp("home")
    code, report = ingest_json(home, batch[0], "--agency", "UUDELY")
    assert code == 0, report["quarantined"]
    return home, report


def truth_of(document: dict[str, Any], truths: list[SampleTruth]) -> SampleTruth:
    [truth] = [t for t in truths if t.files == document["source_files"]]
    return truth


def test_every_document_is_stored(
    batch: tuple[Path, list[SampleTruth]], ingested: tuple[Path, dict[str, Any]]
) -> None:
    _, truths = batch
    _, report = ingested
    assert len(report["documents"]) == len(truths)
    assert report["quarantined"] == []
    assert report["stats"]["pages"] == sum(t.pages for t in truths)
    for document in report["documents"]:
        assert document["status"] in ("stored", "needs_review")
        truth = truth_of(document, truths)
        assert document["pages"] == truth.pages
        assert document["language"] == truth.language


def test_character_error_rate_is_under_three_percent(
    batch: tuple[Path, list[SampleTruth]], ingested: tuple[Path, dict[str, Any]]
) -> None:
    _, truths = batch
    home, report = ingested
    rates = []
    for document in report["documents"]:
        text = arkki(home, "text", document["id"]).stdout
        rates.append(character_error_rate("\n\n".join(truth_of(document, truths).page_texts), text))
    assert statistics.median(rates) < 0.03, rates


def test_identifiers_and_types_match_ground_truth(
    batch: tuple[Path, list[SampleTruth]], ingested: tuple[Path, dict[str, Any]]
) -> None:
    _, truths = batch
    _, report = ingested
    diary_hits = type_hits = 0
    for document in report["documents"]:
        truth = truth_of(document, truths)
        diary_hits += set(truth.diary_numbers) <= set(document["diary_numbers"])
        type_hits += document["doc_type"] == truth.doc_type
        for hetu in document["personal_data"]:
            assert hetu["masked"].endswith("****")  # never the full code
    assert diary_hits >= len(truths) - 1
    assert type_hits >= len(truths) - 2


def test_originals_are_stored_with_their_checksums(
    batch: tuple[Path, list[SampleTruth]], ingested: tuple[Path, dict[str, Any]]
) -> None:
    import hashlib

    folder, _ = batch
    home, report = ingested
    document = report["documents"][0]
    shown = json.loads(arkki(home, "show", document["id"], "--json").stdout)
    [original] = [o for o in shown["objects"] if o["role"] == "original"]
    expected = hashlib.sha256((folder / document["source_files"][0]).read_bytes()).hexdigest()
    assert original["sha256"] == expected
    assert (home / "objects" / original["key"]).read_bytes() == (
        folder / document["source_files"][0]
    ).read_bytes()
    assert any(o["role"] == "searchable-pdf" for o in shown["objects"])


def test_search_finds_base_forms_and_diary_numbers(
    batch: tuple[Path, list[SampleTruth]], ingested: tuple[Path, dict[str, Any]]
) -> None:
    _, truths = batch
    home, report = ingested
    result = json.loads(arkki(home, "search", "palkkatuki", "--limit", "50", "--json").stdout)
    inflected_only = {
        d["id"]
        for d in report["documents"]
        if re.search(r"\bpalkkatu(en|kea|kena)\b", " ".join(truth_of(d, truths).page_texts))
        and not re.search(r"\bpalkkatuki\b", " ".join(truth_of(d, truths).page_texts))
    }
    assert inflected_only, "the sample batch must hold inflected-only documents"
    assert inflected_only <= {hit["id"] for hit in result["hits"]}
    assert "<mark>" in result["hits"][0]["snippet"]
    assert set(result["facets"]) >= {"doc_type", "agency", "year", "language"}
    with_number = next(d for d in report["documents"] if d["diary_numbers"])
    number = with_number["diary_numbers"][0]
    hits = json.loads(arkki(home, "search", number, "--json").stdout)["hits"]
    assert hits[0]["id"] == with_number["id"] or number in hits[0]["diary_numbers"]


def test_rerun_reports_every_document_as_duplicate(
    batch: tuple[Path, list[SampleTruth]], ingested: tuple[Path, dict[str, Any]]
) -> None:
    home, first = ingested
    code, again = ingest_json(home, batch[0], "--agency", "UUDELY")
    assert code == 0
    assert [d["id"] for d in again["documents"]] == [d["id"] for d in first["documents"]]
    assert {d["status"] for d in again["documents"]} == {"duplicate"}
    assert again["batch_id"] == first["batch_id"]


def record_count(home: Path) -> int:
    if not (home / "catalog.sqlite").exists():
        return 0
    try:
        with sqlite3.connect(home / "catalog.sqlite", timeout=5) as db:
            return int(db.execute("select count(*) from records").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def ingest_until_records(
    folder: Path, home: Path, records: int, **popen: Any
) -> subprocess.Popen[str]:
    """Start `arkki ingest` and return once it has catalogued ``records`` documents."""
    env = dict(os.environ, ARKKI_HOME=str(home))
    process = subprocess.Popen([*ARKKI, "ingest", str(folder), "--json"], env=env, **popen)
    deadline = time.monotonic() + 600
    while record_count(home) < records and time.monotonic() < deadline:
        if process.poll() is not None:
            break
        time.sleep(0.2)
    return process


def test_killed_ingest_resumes_without_duplicates(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    truths = generate_samples(folder, count=6, seed=7)
    home = tmp_path / "home"
    process = ingest_until_records(
        folder,
        home,
        2,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        text=True,
    )
    os.killpg(process.pid, signal.SIGKILL)  # a crash: no clean-up runs
    process.wait()
    done_before = record_count(home)
    assert 1 <= done_before < len(truths), "the kill must land half way"

    code, report = ingest_json(home, folder)
    assert code == 0
    statuses = [d["status"] for d in report["documents"]]
    assert statuses.count("duplicate") == done_before
    assert len(report["documents"]) == len(truths)
    assert record_count(home) == len(truths)
    ids = [d["id"] for d in report["documents"]]
    assert len(set(ids)) == len(ids)
    with sqlite3.connect(home / "catalog.sqlite") as db:
        assert db.execute("select count(*) from records where indexed = 0").fetchone()[0] == 0


@pytest.mark.parametrize(("signum", "exit_code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_ctrl_c_or_sigterm_stops_with_one_line_and_the_rerun_finishes(
    tmp_path: Path, signum: int, exit_code: int
) -> None:
    folder = tmp_path / "batch"
    truths = generate_samples(folder, count=6, seed=5)
    home = tmp_path / "home"
    process = ingest_until_records(
        folder, home, 1, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=120)
    if process.returncode == 0:
        pytest.skip("the batch finished before the interrupt landed")
    assert process.returncode == exit_code, stderr
    assert stdout == ""
    assert stderr.strip().splitlines() == [
        "arkki: interrupted; run the same command again to resume"
    ]
    assert record_count(home) < len(truths)
    code, report = ingest_json(home, folder)
    assert code == 0
    assert record_count(home) == len(truths) == len(report["documents"])


SWEDISH_DECISION = (
    "BESLUT\n"
    "Dnr NYLNTM/1290/2017\n"
    "Ärende: Lönesubvention för anställning av en arbetssökande\n"
    "Närings-, trafik- och miljöcentralen beviljar sökanden lönesubvention för två år. "
    "Stödet betalas på ansökan och gäller från och med den första månaden. Beslutet har "
    "fattats på grundval av uppgifterna i ansökan och de bilagor som lämnats in."
)


def test_a_swedish_page_in_a_finnish_batch_is_read_in_swedish(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    render_page(SWEDISH_DECISION).save(folder / "beslut.png", dpi=(300, 300))
    render_page(FINNISH_DECISION).save(folder / "paatos.png", dpi=(300, 300))
    home = tmp_path / "home"
    code, report = ingest_json(home, folder)  # no --lang: the default fin+swe, routed per page
    assert code == 0
    by_file = {d["source_files"][0]: d for d in report["documents"]}
    languages = {}
    for name, document in by_file.items():
        record = json.loads(arkki(home, "show", document["id"], "--json").stdout)["record"]
        languages[name] = record["pages"][0]["ocr_languages"]
    assert languages == {"beslut.png": "swe+fin", "paatos.png": "fin+swe"}
    swedish = arkki(home, "text", by_file["beslut.png"]["id"]).stdout
    assert "på" in swedish and "två" in swedish
    assert by_file["beslut.png"]["language"] == "swe"


def test_bad_inputs_are_quarantined_and_the_rest_is_stored(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    expected = write_bad_inputs(folder)
    truths = generate_samples(folder, count=2, seed=11)
    (folder / "batch.toml").write_text("agency = \n", encoding="utf-8")
    expected["batch.toml"] = "malformed TOML"
    code, report = ingest_json(tmp_path / "home", folder)
    assert code == 3
    reasons = {q["file"]: q["reason"] for q in report["quarantined"]}
    assert set(reasons) == set(expected), reasons
    for name, words in expected.items():
        assert words in reasons[name] and name in reasons[name], reasons[name]
    stored = [d for d in report["documents"] if d["status"] in ("stored", "needs_review")]
    assert sorted(f for d in stored for f in d["source_files"]) == sorted(
        f for t in truths for f in t.files
    )
    stored_originals = list((tmp_path / "home" / "objects" / "originals").rglob("*.meta.json"))
    scans = [p for p in folder.iterdir() if p.name != "batch.toml" and ".truth." not in p.name]
    assert len(stored_originals) == len(scans)  # nothing is lost, quarantined files included
