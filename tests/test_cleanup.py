"""OCR-only clean-up (despeckle, binarise) and settings that choose engine and clean-up."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from flows.config import ConfigError, Settings
from ocr.cleanup import binarise, clean_for_ocr, despeckle, otsu_threshold


def speckled(page: Image.Image, share: float = 0.01) -> Image.Image:
    pixels = np.asarray(page, dtype=np.uint8).copy()
    rng = np.random.default_rng(0)
    mask = rng.random(pixels.shape) < share
    pixels[mask] = 0
    return Image.fromarray(pixels)


def test_despeckle_removes_isolated_dots_and_keeps_letters(page_image: Image.Image) -> None:
    noisy = speckled(page_image)
    before = np.asarray(noisy) < 128
    after = np.asarray(despeckle(noisy)) < 128
    original = np.asarray(page_image) < 128
    assert after.sum() < 0.5 * before.sum()  # most specks are gone
    letters_kept = (after & original).sum() / original.sum()
    assert letters_kept > 0.8


def test_otsu_splits_ink_from_paper() -> None:
    pixels = np.concatenate([np.full(900, 230, np.uint8), np.full(100, 40, np.uint8)])
    assert 40 <= otsu_threshold(pixels) < 230


def test_binarise_gives_black_ink_on_white(page_image: Image.Image) -> None:
    grey_paper = Image.eval(page_image, lambda v: 90 + v * 140 // 255)  # ink 90, paper 230
    result = binarise(grey_paper)
    assert result.mode == "1"
    values = np.asarray(result.convert("L"))
    assert set(np.unique(values)) == {0, 255}
    assert (values == 0).sum() == pytest.approx((np.asarray(page_image) < 128).sum(), rel=0.2)


def test_clean_for_ocr_never_changes_its_input(page_image: Image.Image) -> None:
    before = page_image.tobytes()
    assert clean_for_ocr(page_image, "none") is page_image
    cleaned = clean_for_ocr(page_image, "despeckle+binarise")
    assert cleaned.mode == "1" and page_image.tobytes() == before


def test_settings_choose_engine_and_clean_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARKKI_OCR_ENGINE", "tesseract")
    monkeypatch.setenv("ARKKI_OCR_CLEAN", "despeckle")
    settings = Settings.from_env()
    assert (settings.ocr_engine, settings.ocr_clean) == ("tesseract", "despeckle")
    monkeypatch.setenv("ARKKI_OCR_ENGINE", "abbyy")
    with pytest.raises(ConfigError, match="ARKKI_OCR_ENGINE"):
        Settings.from_env()
    monkeypatch.setenv("ARKKI_OCR_ENGINE", "tesseract")
    monkeypatch.setenv("ARKKI_OCR_TIMEOUT", "0")
    with pytest.raises(ConfigError, match="ARKKI_OCR_TIMEOUT"):
        Settings.from_env()
