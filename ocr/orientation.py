"""Which way up a page is, from where the ink of its text lines lies.

In Latin script more ink rises above the x-height (capitals, ascenders, the dots of ä and ö,
the ring of å) than falls below the baseline (descenders of g, j, p, y). Within every text
line the ink above the line's dense core is compared with the ink below it; the median over
the lines says whether the page is upright or upside down, and, for a page lying on its
side, which side. Measured on the generated pages and on the real scans in ../shared
(typewritten French, Tesseract's and OCRmyPDF's test pages): upright pages with at least
five lines scored +0.09 to +0.84, the pages found upside down there (four generated, two
real) −0.45 to −0.75. A page turned 180° scores the negative of its upright score, so a
faint page like the +0.09 one would be "unsure" upside down and go to OSD.

This decides the turn before the page is read, so a page scanned upside down costs one
Tesseract pass, not a wasted pass, an OSD pass and a second one. Where the evidence is weak
(few lines, tables, drawings) it answers "unsure", and Tesseract OSD decides as before.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageOps

from ocr.cleanup import Layout, analyse_layout, dark_pixels

DETAIL_LONG_SIDE = 2000  # about 170 ppi for A4: ascender and descender zones stay visible
MIN_LINES = 5
MIN_BALANCE = 0.2  # |median balance| below this is "unsure"
MIN_LINE_PX = 6


def detail_copy(image: Image.Image) -> Image.Image:
    """A grey copy at most DETAIL_LONG_SIDE pixels on its long side."""
    gray = ImageOps.grayscale(image) if image.mode != "L" else image
    scale = min(1.0, DETAIL_LONG_SIDE / max(gray.width, gray.height))
    if scale == 1.0:
        return gray
    size = (max(1, round(gray.width * scale)), max(1, round(gray.height * scale)))
    return gray.resize(size, Image.Resampling.BOX)


def _ink(gray: Image.Image, skew_degrees: float) -> np.ndarray:
    if abs(skew_degrees) >= 0.2:
        gray = gray.rotate(
            skew_degrees, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=255
        )
    return dark_pixels(gray)


def ascender_balance(ink: np.ndarray) -> tuple[float, int]:
    """Median over text lines of (ink above the core − ink below) / (both); and the number
    of lines it was measured on. Positive: upright; negative: upside down."""
    profile = ink.sum(axis=1).astype(np.float64)
    if not profile.any():
        return 0.0, 0
    floor = max(2.0, 0.02 * float(np.percentile(profile[profile > 0], 90)))
    edges = np.flatnonzero(np.diff(np.concatenate([[0], (profile > floor).astype(np.int8), [0]])))
    balances: list[float] = []
    for start, end in zip(edges[::2], edges[1::2], strict=True):
        if end - start < MIN_LINE_PX:
            continue
        line = profile[start:end]
        dense = np.flatnonzero(line >= 0.5 * line.max())
        top, bottom = int(dense[0]), int(dense[-1]) + 1
        if bottom - top > 0.8 * (end - start):  # no zone above or below: a rule, a blot
            continue
        above, below = float(line[:top].sum()), float(line[bottom:].sum())
        if above + below > 0:
            balances.append((above - below) / (above + below))
    if not balances:
        return 0.0, 0
    return float(np.median(balances)), len(balances)


def upright_turn(image: Image.Image, layout: Layout) -> int | None:
    """The clockwise turn (0, 90, 180 or 270) that uprights the page, or None where unsure.

    ``layout`` is the page's analyse_layout result (it says whether lines run across or
    down the page, and their skew)."""
    if layout.blank:
        return None
    gray = detail_copy(image)
    if layout.vertical_lines:
        across = gray.transpose(Image.Transpose.ROTATE_270)  # a quarter turn clockwise
        skew = analyse_layout(across).skew_degrees
        turns = (90, 270)
    else:
        across, skew, turns = gray, layout.skew_degrees, (0, 180)
    balance, lines = ascender_balance(_ink(across, skew))
    if lines < MIN_LINES or abs(balance) < MIN_BALANCE:
        return None
    return turns[0] if balance > 0 else turns[1]
