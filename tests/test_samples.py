"""Tests for flows.samples: synthetic degraded scans with ground truth."""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PIL import Image, ImageSequence
from pypdf import PdfReader
from stdnum import iban
from stdnum.fi import hetu, ytunnus

from flows.sample_texts import BUILDERS, SWEDISH_TYPES
from flows.samples import (
    Plan,
    SampleTruth,
    character_error_rate,
    generate_samples,
    levenshtein,
    make_document,
    plan_batch,
)
from metadata.models import DOC_TYPES

COUNT, SEED = 6, 7  # the first six formats: png, mtiff, jpeg, pdf, tiff, jpeg


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[SampleTruth]]:
    out = tmp_path_factory.mktemp("samples")
    return out, generate_samples(out, count=COUNT, seed=SEED)


def raster_frames(path: Path) -> list[Image.Image]:
    with Image.open(path) as im:
        return [frame.copy() for frame in ImageSequence.Iterator(im)]


def test_count_and_files(batch: tuple[Path, list[SampleTruth]]) -> None:
    out, truths = batch
    assert len(truths) == COUNT
    assert len({t.name for t in truths}) == COUNT
    for t in truths:
        assert (out / f"{t.name}.truth.json").is_file()
        assert t.files and all((out / f).is_file() for f in t.files)
        assert len(t.page_texts) == t.pages >= 1
    assert not (out / "batch.toml").exists()
    suffixes = {Path(t.files[0]).suffix for t in truths}
    assert suffixes == {".png", ".tif", ".jpg", ".pdf"}
    assert any(t.pages > 1 for t in truths)


def test_deterministic(tmp_path: Path, batch: tuple[Path, list[SampleTruth]]) -> None:
    out, truths = batch
    again = generate_samples(tmp_path, count=COUNT, seed=SEED)
    assert [t.model_dump() for t in again] == [t.model_dump() for t in truths]
    for t in truths:
        for name in [*t.files, f"{t.name}.truth.json"]:
            assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def test_other_seed_differs(tmp_path: Path, batch: tuple[Path, list[SampleTruth]]) -> None:
    other = generate_samples(tmp_path, count=1, seed=SEED + 1)
    assert other[0].page_texts != batch[1][0].page_texts


def test_rasters_decode_at_300_dpi(batch: tuple[Path, list[SampleTruth]]) -> None:
    out, truths = batch
    for t in truths:
        path = out / t.files[0]
        if path.suffix == ".pdf":
            continue
        frames = raster_frames(path)
        assert len(frames) == t.pages
        for frame in frames:
            frame.load()
            assert frame.mode == "L"
            dpi = frame.info.get("dpi")
            assert dpi is not None and round(dpi[0]) == round(dpi[1]) == 300, (path, dpi)
            expected = (3508, 2480) if t.rotation in (90, 270) else (2480, 3508)
            assert frame.size == expected


def test_rotation_is_clockwise_and_undoable(tmp_path: Path) -> None:
    """Undoing ``rotation`` with ``Image.rotate(rotation, expand=True)`` gives the upright scan."""
    upright = make_document(0, Plan("png", "fin", "kirje", 0), 11, tmp_path / "r0")
    expected = raster_frames(tmp_path / "r0" / upright.files[0])[0]
    for rotation in (90, 180, 270):
        truth = make_document(0, Plan("png", "fin", "kirje", rotation), 11, tmp_path / "r")
        assert truth.rotation == rotation and f"rotate:{rotation}" in truth.degradations
        assert truth.page_texts == upright.page_texts
        scan = raster_frames(tmp_path / "r" / truth.files[0])[0]
        if rotation == 90:  # clockwise: the top of the page is now on the right
            assert scan.size == (3508, 2480)
            assert scan.transpose(Image.Transpose.ROTATE_90).tobytes() == expected.tobytes()
        assert scan.rotate(rotation, expand=True).tobytes() == expected.tobytes()


def test_pdf_is_image_only(batch: tuple[Path, list[SampleTruth]]) -> None:
    out, truths = batch
    pdfs = [t for t in truths if t.files[0].endswith(".pdf")]
    assert pdfs
    for t in pdfs:
        reader = PdfReader(out / t.files[0])
        assert len(reader.pages) == t.pages >= 2
        for page in reader.pages:
            assert not page.extract_text().strip()
            assert len(page.images) == 1
            assert round(float(page.mediabox.width)) in (595, 842)  # A4 in points


def test_truth_json_round_trip(batch: tuple[Path, list[SampleTruth]]) -> None:
    out, truths = batch
    for t in truths:
        parsed = SampleTruth.model_validate_json((out / f"{t.name}.truth.json").read_text("utf-8"))
        assert parsed == t
        assert parsed.doc_type in DOC_TYPES
        assert parsed.language in ("fin", "swe")
        assert parsed.dpi == 300
        assert parsed.rotation in (0, 90, 180, 270)
        assert -1.5 <= parsed.skew_degrees <= 1.5
        assert parsed.title and parsed.agency


def test_identifiers_validate(batch: tuple[Path, list[SampleTruth]]) -> None:
    _, truths = batch
    for t in truths:
        text = "\n".join(t.page_texts)
        for y in t.business_ids:
            assert ytunnus.is_valid(y) and ytunnus.format(y) == y
            assert y in text
        for h in t.hetus:
            assert hetu.validate(h, allow_temporary=True)
            assert 900 <= int(h[7:10]) <= 999, "only fictional test HETUs"
            with pytest.raises(hetu.InvalidComponent):
                hetu.validate(h)  # not a real person's code
        assert t.diary_numbers
        for dn in t.diary_numbers:
            assert re.fullmatch(r"(?:[A-Z]{3}ELY|KEHA|UUDTE)/\d{1,6}/20\d\d", dn), dn
            assert dn in text
        for account in re.findall(r"FI\d\d(?: \d{4}){3} \d\d", text):
            assert iban.is_valid(account), account
        assert t.dates
        for iso in t.dates:
            day = date.fromisoformat(iso)
            assert f"{day.day}.{day.month}.{day.year}" in text


def test_texts_are_finnish_and_swedish(batch: tuple[Path, list[SampleTruth]]) -> None:
    _, truths = batch
    for t in truths:
        text = "\n".join(t.page_texts)
        assert 120 <= len(t.page_texts[0].split()) <= 400
        assert re.search("[äöÄÖ]", text)
        if t.language == "swe":
            assert re.search(r"\b(och|för|att)\b", text)
        else:
            assert re.search(r"\b(ja|on|tai)\b", text)
    plans = plan_batch(12, 2017)
    assert sum(p.lang == "swe" for p in plans) == 4
    assert sum(p.fmt in ("mtiff", "pdf") for p in plans) == 3
    assert sorted(p.rotation for p in plans if p.rotation) in ([90, 180], [180, 270])
    assert sum(p.typewriter for p in plans) == 2
    assert sorted(p.target_pages for p in plans) == [1] * 9 + [2, 2, 3]


def test_phrase_banks_inflect() -> None:
    """Texts carry inflected forms, so base-form search can be tested."""
    words: set[str] = set()
    for doc_type, build in BUILDERS.items():
        for lang in ("fin", "swe") if doc_type in SWEDISH_TYPES else ("fin",):
            for seed in range(12):
                doc = build(random.Random(seed), lang, 2017)
                blocks = doc.head + doc.body + doc.tail + [b for s in doc.extra for b in s]
                words |= set(re.findall(r"\w+", " ".join(b.text for b in blocks).lower()))
    for form in (
        "palkkatuki",
        "palkkatuen",
        "palkkatukea",
        "avustus",
        "avustuksen",
        "avustusta",
        "hakemus",
        "hakemuksen",
        "maksatus",
        "maksatusta",
        "lönesubvention",
        "lönesubventionen",
        "stödet",
        "ansökan",
        "å",
    ):
        assert any(w == form or (len(form) == 1 and form in w) for w in words), form


def test_character_error_rate() -> None:
    assert character_error_rate("abc", "abc") == 0.0
    assert character_error_rate("a  b\nc", "a b c") == 0.0
    assert character_error_rate("kitten", "sitting") == pytest.approx(3 / 6)
    assert character_error_rate("päätös", "paatos") == pytest.approx(3 / 6)
    assert character_error_rate("", "") == 0.0
    assert character_error_rate("", "x") == 1.0
    assert character_error_rate("abcd", "") == 1.0
    assert levenshtein("flaw", "lawn") == 2


def test_levenshtein_matches_dynamic_programming() -> None:
    def slow(a: str, b: str) -> int:
        prev = list(range(len(b) + 1))
        for i, ca in enumerate(a, 1):
            cur = [i]
            for j, cb in enumerate(b, 1):
                cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
            prev = cur
        return prev[-1]

    r = random.Random(3)
    for _ in range(300):
        a = "".join(r.choice("aäbö ") for _ in range(r.randint(0, 90)))
        b = "".join(r.choice("aäbö ") for _ in range(r.randint(0, 90)))
        assert levenshtein(a, b) == slow(a, b)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract CLI not installed")
def test_pages_are_readable_by_tesseract(
    batch: tuple[Path, list[SampleTruth]], tmp_path: Path
) -> None:
    out, truths = batch
    checked = 0
    for t in truths:
        path = out / t.files[0]
        if t.rotation or path.suffix == ".pdf" or checked >= 3:
            continue
        page = raster_frames(path)[0].rotate(t.rotation, expand=True)
        png = tmp_path / f"{t.name}.png"
        page.save(png, dpi=(300, 300))
        hyp = subprocess.run(
            ["tesseract", str(png), "-", "-l", "fin+swe", "--dpi", "300"],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        ).stdout
        cer = character_error_rate(t.page_texts[0], hyp)
        assert cer < 0.05, (t.name, cer, t.degradations)
        checked += 1
    assert checked >= 2
