"""Which way up a page is, told from its text lines before it is read; and the pipeline
reading a page scanned upside down in one Tesseract pass."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from flows.batch import plan_batch
from flows.config import Settings, open_catalog, open_engine, open_store
from flows.samples import character_error_rate
from flows.steps import Context, PageJob, ocr_page, store_originals
from ocr.cleanup import analyse_layout
from ocr.engine import OcrEngine
from ocr.models import PageOcr
from ocr.orientation import upright_turn
from ocr.pages import PageLimits, inspect_file
from tests.conftest import FINNISH_DECISION, render_page


def turn_of(page: Image.Image) -> int | None:
    return upright_turn(page, analyse_layout(page))


@pytest.mark.parametrize("found_at", [0, 90, 180, 270])
@pytest.mark.parametrize("skew", [0.0, 3.0, -4.0])
def test_the_turn_that_uprights_a_page(page_image: Image.Image, found_at: int, skew: float) -> None:
    """A page found turned ``found_at`` degrees clockwise needs the opposite turn back."""
    skewed = page_image.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255)
    found = skewed.rotate(-found_at, expand=True, fillcolor=255)
    assert turn_of(found) == (360 - found_at) % 360


def test_swedish_page_upside_down() -> None:
    page = render_page(
        "Beslut om lönesubvention\n\n"
        + "Närings-, trafik- och miljöcentralen har behandlat ansökan och beslutat att "
        "bevilja stöd för anställning av en person under tiden 1.3.2017–31.8.2017.\n" * 6
    )
    assert turn_of(page) == 0
    assert turn_of(page.rotate(180)) == 180


def test_unsure_where_the_page_shows_too_few_lines() -> None:
    two_lines = render_page("Päätös\nLiite 1")
    assert turn_of(two_lines) is None
    blank = Image.new("L", (2480, 3508), 255)
    assert turn_of(blank) is None


def test_the_estimate_is_a_page_fact(tmp_path: Path, page_image: Image.Image) -> None:
    page_image.rotate(180).save(tmp_path / "upside-down.png", dpi=(300, 300))
    inspection = inspect_file(tmp_path / "upside-down.png", "upside-down.png", PageLimits())
    assert inspection.ok and inspection.pages[0].upright_turn == 180


class CountingEngine:
    """The real engine, with its passes counted (the port's methods, delegated)."""

    def __init__(self, engine: OcrEngine) -> None:
        self.engine = engine
        self.name = engine.name
        self.passes: list[str] = []

    def version(self) -> str:
        return self.engine.version()

    def recognise(self, image: Path, languages: str, ppi: int) -> PageOcr:
        self.passes.append("recognise")
        return self.engine.recognise(image, languages, ppi)

    def orientation(self, image: Path, ppi: int) -> tuple[int, float]:
        self.passes.append("orientation")
        return self.engine.orientation(image, ppi)


@pytest.mark.slow
def test_a_page_scanned_upside_down_is_read_once(
    tmp_path: Path, arkki_home: Path, page_image: Image.Image
) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    page_image.rotate(180).save(folder / "upside-down.png", dpi=(300, 300))
    settings = Settings.from_env()
    engine = CountingEngine(open_engine(settings))
    ctx = Context(
        settings=settings,
        store=open_store(settings),
        catalog=open_catalog(settings),
        engine=engine,
        search=None,
    )
    plan = plan_batch(folder)
    stored = store_originals(ctx, plan)
    original = stored["upside-down.png"]
    inspection = inspect_file(folder / "upside-down.png", "upside-down.png", ctx.limits)
    job = PageJob(
        document_id="d",
        batch_id=plan.id,
        number=1,
        file=original,
        facts=inspection.pages[0],
        languages="fin",
        direct_input=True,
    )
    result = ocr_page(ctx, job)
    assert engine.passes == ["recognise"]
    assert result.record.rotation == 180
    words = " ".join(FINNISH_DECISION.split())
    assert character_error_rate(words, " ".join(result.text.split())) < 0.02
