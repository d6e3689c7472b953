"""Issue 3's acceptance through the real pipeline: turned and skewed pages read as well as
upright ones; a badly read page sends its record to review with the page's reason; OCR-only
clean-up reads a speckled page without touching what is stored."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from flows.samples import character_error_rate
from tests.conftest import FINNISH_DECISION, render_page
from tests.test_ingest import arkki, ingest_json

pytestmark = pytest.mark.slow
TURNS = {"upright": 0, "turned-90": 90, "turned-180": 180, "turned-270": 270}
SKEWS = {"skew-plus-5": 5.0, "skew-minus-5": -5.0}


def words_only(text: str) -> str:
    return " ".join(text.split())


def page_text(home: Path, report: dict, name: str) -> str:
    [document] = [d for d in report["documents"] if d["source_files"] == [name]]
    return arkki(home, "text", document["id"]).stdout


def record_of(home: Path, report: dict, name: str) -> dict:
    [document] = [d for d in report["documents"] if d["source_files"] == [name]]
    return json.loads(arkki(home, "show", document["id"], "--json").stdout)["record"]


def test_turned_and_skewed_pages_read_within_one_point_of_upright(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    page = render_page(FINNISH_DECISION)
    for name, turn in TURNS.items():
        page.rotate(-turn, expand=True).save(folder / f"{name}.png", dpi=(300, 300))
    for name, angle in SKEWS.items():
        skewed = page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
        skewed.save(folder / f"{name}.png", dpi=(300, 300))
    home = tmp_path / "home"
    code, report = ingest_json(home, folder, "--lang", "fin")
    assert code == 0, report
    truth = words_only(FINNISH_DECISION)
    cer = {
        name: character_error_rate(truth, words_only(page_text(home, report, f"{name}.png")))
        for name in [*TURNS, *SKEWS]
    }
    assert cer["upright"] < 0.02, cer
    for name, value in cer.items():
        assert value <= cer["upright"] + 0.01, (name, cer)
    for name, turn in TURNS.items():
        assert record_of(home, report, f"{name}.png")["pages"][0]["rotation"] == (360 - turn) % 360


def test_badly_read_and_blank_pages_send_their_records_to_review(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    page = render_page(FINNISH_DECISION)
    page.save(folder / "good.png", dpi=(300, 300))
    small = page.resize((page.width // 8, page.height // 8), Image.Resampling.BOX)
    small.resize(page.size, Image.Resampling.NEAREST).save(folder / "blocky.png", dpi=(300, 300))
    Image.new("L", page.size, 250).save(folder / "blank.png", dpi=(300, 300))
    home = tmp_path / "home"
    code, report = ingest_json(home, folder, "--lang", "fin+swe")
    assert code == 0
    good, bad = record_of(home, report, "good.png"), record_of(home, report, "blocky.png")
    assert not good["pages"][0]["quality"]["flagged"]  # its description may still need review
    assert not any(r.startswith("page ") for r in good["review_reasons"]), good["review_reasons"]
    assert bad["status"] == "needs_review", bad["pages"][0]
    quality = bad["pages"][0]["quality"]
    assert quality["flagged"] and quality["score"] < 80
    assert any(r.startswith("page 1: ") for r in bad["review_reasons"]), bad["review_reasons"]
    shown = arkki(home, "show", bad["id"]).stdout
    assert "p1 " in shown and "(!)" in shown and "PDF/A-2b" in shown, shown
    blank = record_of(home, report, "blank.png")  # kept as a record, never quarantined
    assert blank["status"] == "needs_review" and blank["pages"][0]["facts"]["blank"]
    assert any("looks blank" in r for r in blank["review_reasons"]), blank["review_reasons"]


def test_clean_up_is_for_ocr_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    pixels = np.asarray(render_page(FINNISH_DECISION), dtype=np.uint8).copy()
    pixels[np.random.default_rng(3).random(pixels.shape) < 0.02] = 0
    Image.fromarray(pixels).save(folder / "speckled.png", dpi=(300, 300))
    monkeypatch.setenv("ARKKI_OCR_CLEAN", "despeckle+binarise")
    home = tmp_path / "home"
    code, report = ingest_json(home, folder, "--lang", "fin")
    assert code == 0
    text = page_text(home, report, "speckled.png")
    assert character_error_rate(words_only(FINNISH_DECISION), words_only(text)) < 0.03
    record = record_of(home, report, "speckled.png")
    [original] = record["files"]
    stored = home / "objects" / original["key"]
    assert stored.read_bytes() == (folder / "speckled.png").read_bytes()
    [derivative] = record["derivatives"]
    assert derivative["conformance"] == "PDF/A-2b" and not derivative["problems"]
    pdf = (home / "objects" / derivative["key"]).read_bytes()
    assert b"/ImageMask" not in pdf and b"/BitsPerComponent 1" not in pdf  # scan as scanned
