"""Page clean-up before OCR: ink measure, skew and line direction from projection profiles.

All estimates work on a reduced, thresholded copy (about 1000 px wide), so they cost tens of
milliseconds on a 300-ppi A4 page. The master image is never changed: callers write the
corrected image as a separate OCR input.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter, ImageOps

REDUCED_WIDTH = 1000
BLANK_INK_RATIO = 0.002
# Below this Tesseract reads a page as well unlevelled (measured on 4 generated pages: mean
# CER 0.13% unlevelled vs 0.19% levelled at 1.0°, 0.20% vs 0.19% at 1.5°, 0.24% vs 0.17% at
# 2.5°), and levelling costs a decode, a rotation and a write per page.
DESKEW_MIN_DEGREES = 1.0


@dataclass(frozen=True)
class Layout:
    ink_ratio: float
    blank: bool
    skew_degrees: float  # rotate the page by this many degrees (counter-clockwise) to level it
    vertical_lines: bool  # text lines run top-to-bottom: the page lies at 90° or 270°


def reduced_ink(image: Image.Image) -> np.ndarray:
    """Boolean ink mask of a reduced copy, specks removed."""
    gray = ImageOps.grayscale(image) if image.mode != "L" else image
    scale = min(1.0, REDUCED_WIDTH / max(gray.width, gray.height))
    small = gray.resize(
        (max(1, int(gray.width * scale)), max(1, int(gray.height * scale))), Image.Resampling.BOX
    )
    return dark_pixels(small.filter(ImageFilter.MedianFilter(3)))


def dark_pixels(gray: Image.Image) -> np.ndarray:
    """Boolean ink mask of a grey image: pixels well below the page's mean brightness."""
    pixels = np.asarray(gray, dtype=np.uint8)
    threshold = min(160, int(pixels.mean()) - 40) if pixels.size else 128
    return pixels < max(threshold, 40)


def _profile_sharpness(rows: np.ndarray, length: int) -> float:
    histogram = np.bincount(rows.clip(0, length - 1), minlength=length).astype(np.float64)
    return float(np.square(np.diff(histogram)).sum())


def _best_angle(
    ys: np.ndarray, xs: np.ndarray, angles: np.ndarray, length: int
) -> tuple[float, float]:
    best_angle, best_score = 0.0, -1.0
    for angle in angles:
        radians = np.deg2rad(angle)
        rows = (ys * np.cos(radians) + xs * np.sin(radians)).astype(np.int64) + length // 4
        score = _profile_sharpness(rows, length + length // 2)
        if score > best_score:
            best_angle, best_score = float(angle), score
    return best_angle, best_score


def analyse_layout(image: Image.Image, max_skew: float = 5.0) -> Layout:
    ink = reduced_ink(image)
    ratio = float(ink.mean()) if ink.size else 0.0
    if ratio < BLANK_INK_RATIO:
        return Layout(ink_ratio=ratio, blank=True, skew_degrees=0.0, vertical_lines=False)
    ys, xs = np.nonzero(ink)
    if len(ys) > 120_000:  # a sample keeps the estimate fast on dense pages
        pick = np.random.default_rng(0).choice(len(ys), 120_000, replace=False)
        ys, xs = ys[pick], xs[pick]
    length = int(max(ink.shape))
    coarse = np.arange(-max_skew, max_skew + 0.01, 0.25)
    h_angle, h_score = _best_angle(ys, xs, coarse, length)
    _, v_score = _best_angle(xs, ys, coarse, length)
    vertical = v_score > 1.5 * h_score
    if vertical:
        return Layout(ink_ratio=ratio, blank=False, skew_degrees=0.0, vertical_lines=True)
    fine = np.arange(h_angle - 0.25, h_angle + 0.251, 0.05)
    angle, _ = _best_angle(ys, xs, fine, length)
    return Layout(ink_ratio=ratio, blank=False, skew_degrees=round(-angle, 2), vertical_lines=False)


def level(image: Image.Image, rotation: int, skew_degrees: float) -> Image.Image:
    """The OCR input: the master turned by ``rotation`` (clockwise) and deskewed."""
    page = image
    if rotation:
        page = page.rotate(-rotation, expand=True)
    if abs(skew_degrees) >= DESKEW_MIN_DEGREES:
        fill = 255 if page.mode in ("L", "1") else (255, 255, 255)
        page = page.rotate(
            skew_degrees, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=fill
        )
    return page


def despeckle(image: Image.Image) -> Image.Image:
    """Remove isolated specks and grain (3×3 median) from a grey page."""
    return image.filter(ImageFilter.MedianFilter(3))


def otsu_threshold(pixels: np.ndarray) -> int:
    """The grey level that best splits ink from paper (Otsu's between-class variance)."""
    histogram = np.bincount(pixels.ravel(), minlength=256).astype(np.float64)
    total = histogram.sum()
    weight = np.cumsum(histogram)
    mean = np.cumsum(histogram * np.arange(256))
    background = total - weight
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean[-1] * weight - mean * total) ** 2 / (weight * background)
    return int(np.nanargmax(between[:-1]))


def binarise(image: Image.Image) -> Image.Image:
    """Black ink on white paper, split at Otsu's threshold."""
    gray = ImageOps.grayscale(image) if image.mode != "L" else image
    pixels = np.asarray(gray, dtype=np.uint8)
    threshold = otsu_threshold(pixels)
    return Image.fromarray(((pixels > threshold) * 255).astype(np.uint8)).convert("1")


def clean_for_ocr(image: Image.Image, steps: str) -> Image.Image:
    """The OCR input cleaned by ``steps`` ("none", "despeckle", "binarise", or both joined
    by "+"); a copy only, the master and the derivative's page image stay as they are."""
    page = image
    if "despeckle" in steps:
        page = despeckle(page if page.mode == "L" else ImageOps.grayscale(page))
    if "binarise" in steps:
        page = binarise(page)
    return page
