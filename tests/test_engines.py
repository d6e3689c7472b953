"""Both OCR engines behind the same port: one pass gives text, words, ALTO and a text PDF."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ocr.engine import OcrEngine, OcrError, TesseractEngine
from ocr.tesserocr_engine import TesserocrEngine
from tests.conftest import FINNISH_DECISION, render_page

pytestmark = pytest.mark.slow
ENGINES = [TesseractEngine, TesserocrEngine]


@pytest.fixture(scope="module")
def upright(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("engines") / "page.png"
    render_page(FINNISH_DECISION).save(path, dpi=(300, 300))
    return path


@pytest.mark.parametrize("engine_class", ENGINES)
def test_one_pass_gives_text_words_alto_and_pdf(
    engine_class: type[OcrEngine], upright: Path
) -> None:
    engine = engine_class()
    ocr = engine.recognise(upright, "fin+swe", 300)
    assert "UUDELY/1290/2017" in ocr.text and "palkkatukea" in ocr.text
    assert ocr.words and ocr.mean_confidence > 85
    assert [w.text for w in ocr.words][:3] == ["PÄÄTÖS", "Dnro", "UUDELY/1290/2017"]
    first = ocr.words[0]
    assert 150 < first.left < 260 and 200 < first.top < 300  # where render_page drew it
    assert "<String" in ocr.alto and ocr.pdf.startswith(b"%PDF")
    assert ocr.engine == engine.name and engine.version() in ocr.engine_version


@pytest.mark.parametrize("engine_class", ENGINES)
@pytest.mark.parametrize("turned", [90, 180, 270])
def test_orientation_is_the_turn_back_to_upright(
    engine_class: type[OcrEngine], turned: int, upright: Path, tmp_path: Path
) -> None:
    path = tmp_path / f"turned-{turned}.png"
    with Image.open(upright) as page:
        page.rotate(-turned, expand=True).save(path, dpi=(300, 300))  # turned clockwise
    rotation, confidence = engine_class().orientation(path, 300)
    assert rotation == (360 - turned) % 360 and confidence > 5


@pytest.mark.parametrize("engine_class", ENGINES)
def test_a_page_over_its_time_limit_fails_with_a_reason(
    engine_class: type[TesseractEngine], tmp_path: Path
) -> None:
    noise = np.random.default_rng(1).integers(0, 256, size=(3508, 2480), dtype=np.uint8)
    path = tmp_path / "noise.png"
    Image.fromarray(noise).save(path, dpi=(300, 300))
    started = time.perf_counter()
    with pytest.raises(OcrError):
        engine_class(timeout_s=1).recognise(path, "fin", 300)
    assert time.perf_counter() - started < 20
