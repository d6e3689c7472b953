"""Realistic degraded sample scans of Finnish and Swedish administrative documents.

``generate_samples(out_dir)`` writes one file per document (PNG, JPEG, TIFF, multi-page TIFF or
an image-only PDF) and ``<name>.truth.json`` beside it (:class:`SampleTruth`). The texts come from
the templates in ``flows.sample_texts``; identifiers carry valid check digits and personal
identity codes are fictional (individual number 900-999).

Conventions recorded in the truth:

- ``rotation``: clockwise quarter turn applied last; undo with ``Image.rotate(rotation,
  expand=True)`` (PIL rotates counter-clockwise).
- ``skew_degrees``: clockwise skew of the page content; undo with ``Image.rotate(skew_degrees)``.
- ``degradations``: ``name`` or ``name:value``, e.g. ``skew:-0.84``, ``blur:0.7``,
  ``noise:5.1``, ``speckle``, ``paper_tone``, ``stains``, ``faded_ink``, ``typewriter``,
  ``jpeg:63``, ``rotate:180``.
- ``page_texts``: the text of each page as laid out, one printed line per line, with an empty
  line between blocks (non-breaking spaces are written as ordinary spaces).
"""

from __future__ import annotations

import random
import re
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from pydantic import BaseModel

from flows.sample_texts import BUILDERS, LONG_TYPES, NB, SWEDISH_TYPES, Block, DocText

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {
    "sans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    "serif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
    "mono": ("DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf"),
}
DPI = 300
LINE_SPACING = 1.22
PAGE_W, PAGE_H = 2480, 3508  # A4 at 300 dpi
MARGIN_L, MARGIN_R, MARGIN_T, MARGIN_B = 240, 210, 180, 170
# Order of output formats; the first five cover every format. 3 of 12 are multi-page.
FORMAT_CYCLE = (
    "png",
    "mtiff",
    "jpeg",
    "pdf",
    "tiff",
    "jpeg",
    "png",
    "tiff",
    "mtiff",
    "png",
    "jpeg",
    "tiff",
)
EXTENSIONS = {"png": "png", "jpeg": "jpg", "tiff": "tif", "mtiff": "tif", "pdf": "pdf"}

# Relative font size, line height and the gap (in body sizes) after each block kind.
STYLES: dict[str, tuple[float, bool, float]] = {
    "org": (1.12, True, 0.0),
    "sub": (0.8, False, 0.7),
    "heading": (1.6, True, 0.45),
    "meta": (1.0, False, 0.0),
    "label": (1.0, True, 0.0),
    "text": (1.0, False, 0.55),
    "lines": (1.0, False, 0.55),
    "running": (0.8, False, 0.8),
    "footer": (0.72, False, 0.0),
}

DATE_RE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)\b")
DIARY_RE = re.compile(r"\b[A-ZÄÖ]{2,10}/\d{1,6}/(?:\d\d(?:\.\d\d)*/)?(?:19|20)\d\d\b")
YTUNNUS_RE = re.compile(r"\b\d{7}-\d\b")
HETU_RE = re.compile(r"\b\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]\b")


class SampleTruth(BaseModel):
    """Ground truth for one generated document."""

    name: str
    files: list[str]
    pages: int
    language: Literal["fin", "swe"]
    doc_type: str
    title: str
    agency: str
    diary_numbers: list[str]
    dates: list[str]
    business_ids: list[str]
    hetus: list[str]
    page_texts: list[str]
    rotation: int
    skew_degrees: float
    degradations: list[str]
    dpi: int


# --------------------------------------------------------------------------------------------
# Layout


@dataclass
class Line:
    text: str
    kind: str
    x: int
    y: int


@dataclass
class Fonts:
    family: str
    body: int
    cache: dict[str, ImageFont.FreeTypeFont]

    def get(self, kind: str) -> ImageFont.FreeTypeFont:
        if kind not in self.cache:
            scale, bold, _ = STYLES[kind]
            path = FONT_DIR / FONT_FILES[self.family][int(bold)]
            self.cache[kind] = ImageFont.truetype(str(path), round(self.body * scale))
        return self.cache[kind]

    def line_height(self, kind: str) -> int:
        return round(self.body * STYLES[kind][0] * LINE_SPACING)


def load_fonts(family: str, body: int) -> Fonts:
    missing = [n for pair in FONT_FILES.values() for n in pair if not (FONT_DIR / n).is_file()]
    if missing:
        raise FileNotFoundError(
            f"DejaVu fonts missing in {FONT_DIR}: {', '.join(missing)} "
            "(install the fonts-dejavu-core package)"
        )
    return Fonts(family, body, {})


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap on ordinary spaces (non-breaking spaces keep groups together)."""
    out: list[str] = []
    for row in text.split("\n"):
        line = ""
        for word in row.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and font.getlength(candidate.replace(NB, " ")) > width:
                out.append(line)
                line = word
            else:
                line = candidate
        out.append(line)
    return out


def layout(blocks: list[Block], fonts: Fonts, running: str, footer: str) -> list[list[Line]]:
    """Flow blocks over A4 pages; returns the lines of each page (running head and footer
    included, page numbers filled in when there is more than one page)."""
    width = PAGE_W - MARGIN_L - MARGIN_R
    bottom = PAGE_H - MARGIN_B - 2 * fonts.line_height("footer")
    pages: list[list[Line]] = [[]]
    y = MARGIN_T

    def new_page() -> None:
        nonlocal y
        pages.append([Line(running, "running", MARGIN_L, MARGIN_T)])
        y = MARGIN_T + fonts.line_height("running") + round(STYLES["running"][2] * fonts.body)

    for i, block in enumerate(blocks):
        if block.kind == "pagebreak":
            new_page()
            continue
        font = fonts.get(block.kind)
        lh = fonts.line_height(block.kind)
        rows = wrap(block.text, font, width)
        need = lh * len(rows[:2])
        if block.kind == "label" and i + 1 < len(blocks):
            need += 2 * fonts.line_height(blocks[i + 1].kind)
        if y + need > bottom and pages[-1]:
            new_page()
        for row in rows:
            if y + lh > bottom:
                new_page()
            pages[-1].append(Line(row.replace(NB, " "), block.kind, MARGIN_L, y))
            y += lh
        gap_em = STYLES[block.kind][2]
        if block.kind == "meta" and i + 1 < len(blocks) and blocks[i + 1].kind != "meta":
            gap_em = 0.55
        gap = round(gap_em * fonts.body)
        if gap:
            pages[-1].append(Line("", "gap", MARGIN_L, y))
            y += gap
    n = len(pages)
    for p, page in enumerate(pages, 1):
        if p > 1:
            page[0].text = f"{running} ({p}/{n})"
        rows = [footer] if n == 1 else [f"({p}/{n})", footer]
        base = PAGE_H - MARGIN_B - fonts.line_height("footer") * len(rows)
        page.append(Line("", "gap", MARGIN_L, base))
        for k, row in enumerate(rows):
            page.append(
                Line(
                    row.replace(NB, " "), "footer", MARGIN_L, base + k * fonts.line_height("footer")
                )
            )
    return pages


def page_text(lines: list[Line]) -> str:
    out: list[str] = []
    for line in lines:
        if line.kind == "gap":
            if out and out[-1]:
                out.append("")
        else:
            out.append(line.text)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def fit(doc: DocText, fonts: Fonts, target_pages: int) -> list[list[Line]]:
    """Add optional sections until the document fills ``target_pages`` (1, 2 or 3).

    A multi-page document ends on a page with at least 14 printed lines where the optional
    sections allow; otherwise it gets one page less (but at least two when possible)."""
    layouts = []
    for k in range(len(doc.extra) + 1):
        blocks = doc.head + doc.body + [b for sec in doc.extra[:k] for b in sec] + doc.tail
        pages = layout(blocks, fonts, doc.running_head, doc.footer)
        if len(pages) > target_pages:
            break
        layouts.append(pages)
    if not layouts:
        raise ValueError(f"{doc.doc_type}: head and body do not fit on one page")
    if target_pages == 1:
        return layouts[-1]
    for pages in layouts:
        printed = sum(1 for ln in pages[-1] if ln.kind not in ("gap", "footer", "running"))
        if len(pages) == target_pages and printed >= 14:
            return pages
    shorter = [p for p in layouts if 2 <= len(p) < target_pages]
    if shorter:
        return shorter[-1]
    # Everything fits on one page: put the signature part on a page of its own.
    blocks = doc.head + doc.body + [b for sec in doc.extra for b in sec]
    return layout([*blocks, Block("pagebreak", ""), *doc.tail], fonts, doc.running_head, doc.footer)


# --------------------------------------------------------------------------------------------
# Rendering and degradations


def render(
    pages: list[Line], fonts: Fonts, ink: int, typewriter: bool, rng: np.random.Generator
) -> Image.Image:
    img = Image.new("L", (PAGE_W, PAGE_H), 255)
    draw = ImageDraw.Draw(img)
    for line in pages:
        if line.kind == "gap" or not line.text:
            continue
        font = fonts.get(line.kind)
        if not typewriter:
            draw.text((line.x, line.y), line.text, font=font, fill=ink)
            continue
        # Typewriter: every character struck separately, a little uneven in height and ink.
        x = float(line.x)
        jitter = rng.integers(-1, 2, size=len(line.text))
        inks = np.clip(ink + rng.normal(0, 22, size=len(line.text)), 0, 120).astype(int)
        for ch, dy, shade in zip(line.text, jitter, inks, strict=True):
            if ch != " ":
                draw.text((x, line.y + int(dy)), ch, font=font, fill=int(shade))
            x += font.getlength(ch)
    return img


def paper(rng: np.random.Generator, tone: bool, stains: bool) -> np.ndarray:
    """Multiplicative paper texture in 0..1 at full page size."""
    h, w = PAGE_H // 16, PAGE_W // 16
    base = rng.uniform(0.89, 0.965) if tone else 1.0
    field = np.full((h, w), base, dtype=np.float32)
    if tone:
        coarse = rng.normal(0, 0.012, size=(h // 8 + 2, w // 8 + 2)).astype(np.float32)
        field += np.asarray(Image.fromarray(coarse).resize((w, h), Image.Resampling.BICUBIC))
    if stains:
        yy, xx = np.mgrid[0:h, 0:w]
        for _ in range(rng.integers(1, 4)):
            cy, cx = rng.uniform(0, h), rng.uniform(0, w)
            ry, rx = rng.uniform(4, 14), rng.uniform(4, 14)
            dist = ((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2
            ring = np.exp(-((np.sqrt(dist) - 1.0) ** 2) / 0.02) * 0.05 + (dist < 1) * 0.05
            field -= ring.astype(np.float32) * rng.uniform(0.6, 1.0)
    small = Image.fromarray(np.clip(field * 255, 0, 255).astype(np.uint8))
    small = small.filter(ImageFilter.GaussianBlur(1.2))
    big = small.resize((PAGE_W, PAGE_H), Image.Resampling.BILINEAR)
    return np.asarray(big, dtype=np.float32) / 255.0


@dataclass
class Look:
    """How one document is degraded (the same for all its pages)."""

    skew: float
    blur: float
    noise: float
    speckle: float
    tone: bool
    stains: bool
    ink: int
    typewriter: bool
    rotation: int
    jpeg_quality: int

    def labels(self) -> list[str]:
        out = []
        if self.typewriter:
            out.append("typewriter")
        if self.skew:
            out.append(f"skew:{self.skew:.2f}")
        if self.blur:
            out.append(f"blur:{self.blur:.2f}")
        if self.tone:
            out.append("paper_tone")
        if self.stains:
            out.append("stains")
        if self.ink > 40:
            out.append("faded_ink")
        if self.noise:
            out.append(f"noise:{self.noise:.1f}")
        if self.speckle:
            out.append("speckle")
        if self.jpeg_quality:
            out.append(f"jpeg:{self.jpeg_quality}")
        if self.rotation:
            out.append(f"rotate:{self.rotation}")
        return out


def degrade(img: Image.Image, look: Look, rng: np.random.Generator) -> Image.Image:
    if look.skew:
        img = img.rotate(-look.skew, resample=Image.Resampling.BICUBIC, fillcolor=255)
    if look.blur:
        img = img.filter(ImageFilter.GaussianBlur(look.blur))
    arr = np.asarray(img, dtype=np.float32)
    arr *= paper(rng, look.tone, look.stains)
    if look.noise:
        arr += rng.standard_normal(arr.shape, dtype=np.float32) * look.noise
    if look.speckle:
        n = int(PAGE_W * PAGE_H * look.speckle)
        ys, xs = rng.integers(0, PAGE_H - 2, n), rng.integers(0, PAGE_W - 2, n)
        dark = rng.uniform(40, 140, n).astype(np.float32)
        arr[ys, xs] = dark
        big = rng.random(n) < 0.3
        arr[ys[big] + 1, xs[big]] = dark[big]
        arr[ys[big], xs[big] + 1] = dark[big]
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    if look.rotation:
        out = out.rotate(-look.rotation, expand=True)
    return out


def choose_look(r: random.Random, fmt: str, rotation: int, typewriter: bool) -> Look:
    return Look(
        skew=0.0 if r.random() < 0.25 else round(r.uniform(-1.5, 1.5), 2),
        blur=round(r.uniform(0.4, 1.0), 2) if r.random() < 0.5 else 0.0,
        noise=round(r.uniform(3.0, 9.0), 1) if r.random() < 0.5 else 0.0,
        speckle=r.uniform(0.00003, 0.00012) if r.random() < 0.4 else 0.0,
        tone=r.random() < 0.7,
        stains=r.random() < 0.2,
        ink=r.randint(50, 85) if r.random() < 0.25 else r.randint(0, 25),
        typewriter=typewriter,
        rotation=rotation,
        jpeg_quality=r.randint(55, 75) if fmt in ("jpeg", "pdf") else 0,
    )


# --------------------------------------------------------------------------------------------
# Files and truth


def save(images: list[Image.Image], path: Path, fmt: str, look: Look, scan: date) -> None:
    if fmt == "png":
        images[0].save(path, dpi=(DPI, DPI), compress_level=3)
    elif fmt == "jpeg":
        images[0].save(path, quality=look.jpeg_quality, dpi=(DPI, DPI))
    elif fmt in ("tiff", "mtiff"):
        compression = "tiff_lzw" if len(path.stem) % 2 else "tiff_deflate"
        images[0].save(
            path, compression=compression, dpi=(DPI, DPI), save_all=True, append_images=images[1:]
        )
    else:
        stamp = time.struct_time((scan.year, scan.month, scan.day, 10, 0, 0, 0, 1, 0))
        images[0].save(
            path,
            "PDF",
            save_all=True,
            append_images=images[1:],
            resolution=float(DPI),
            quality=look.jpeg_quality,
            title=path.stem,
            creationDate=stamp,
            modDate=stamp,
            producer="arkki samples",
        )


def unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def extract_truth(texts: list[str]) -> dict[str, list[str]]:
    joined = "\n".join(texts)
    return {
        "dates": unique(
            [date(int(y), int(m), int(dd)).isoformat() for dd, m, y in DATE_RE.findall(joined)]
        ),
        "diary_numbers": unique(DIARY_RE.findall(joined)),
        "business_ids": unique(YTUNNUS_RE.findall(joined)),
        "hetus": unique(HETU_RE.findall(joined)),
    }


@dataclass
class Plan:
    """Batch-level choices for one document (spread evenly over the batch)."""

    fmt: str
    lang: Literal["fin", "swe"]
    doc_type: str
    rotation: int = 0
    typewriter: bool = False
    target_pages: int = 1


def plan_batch(count: int, seed: int) -> list[Plan]:
    r = random.Random(f"plan-{seed}")
    formats = [FORMAT_CYCLE[i % len(FORMAT_CYCLE)] for i in range(count)]
    swedish = set(r.sample(range(count), round(count / 3)))
    rotated = r.sample(range(count), round(count / 6))
    rotations = dict(zip(rotated, [180, r.choice((90, 270)), 180, 90, 270] * count, strict=False))
    typewritten = set(r.sample(range(count), round(count / 5)))
    multi_targets = iter([3, 2, 2] * count)
    fin_types, swe_types = list(BUILDERS), list(SWEDISH_TYPES)
    r.shuffle(fin_types)
    r.shuffle(swe_types)
    queues = {"fin": fin_types, "swe": swe_types}
    plans = []
    for i, fmt in enumerate(formats):
        lang: Literal["fin", "swe"] = "swe" if i in swedish else "fin"
        queue = queues[lang]
        multi = fmt in ("mtiff", "pdf")
        doc_type = next(t for t in queue if not multi or t in LONG_TYPES)
        queue.remove(doc_type)  # rotate through the types so a batch covers many of them
        queue.append(doc_type)
        plans.append(
            Plan(
                fmt,
                lang,
                doc_type,
                rotations.get(i, 0),
                i in typewritten,
                next(multi_targets) if multi else 1,
            )
        )
    return plans


def make_document(index: int, plan: Plan, seed: int, out_dir: Path) -> SampleTruth:
    """Build, render, degrade and write document ``index`` of a batch, with its truth JSON."""
    out_dir.mkdir(parents=True, exist_ok=True)
    r = random.Random(f"doc-{seed}-{index}")
    rng = np.random.default_rng([seed, index])
    doc = BUILDERS[plan.doc_type](r, plan.lang, r.randint(2015, 2023))
    look = choose_look(r, plan.fmt, plan.rotation, plan.typewriter)
    family = "mono" if look.typewriter else r.choice(("sans", "sans", "serif"))
    fonts = load_fonts(family, r.choice((46, 47, 48, 49, 50)))
    pages = fit(doc, fonts, plan.target_pages)
    texts = [page_text(p) for p in pages]
    images = [degrade(render(p, fonts, look.ink, look.typewriter, rng), look, rng) for p in pages]
    name = f"{index + 1:03d}_{plan.doc_type}_{plan.lang}"
    file_name = f"{name}.{EXTENSIONS[plan.fmt]}"
    save(images, out_dir / file_name, plan.fmt, look, doc.scan_date)
    truth = SampleTruth(
        name=name,
        files=[file_name],
        pages=len(pages),
        language=plan.lang,
        doc_type=doc.doc_type,
        title=doc.title,
        agency=doc.agency,
        page_texts=texts,
        rotation=look.rotation,
        skew_degrees=look.skew,
        degradations=look.labels(),
        dpi=DPI,
        **extract_truth(texts),
    )
    (out_dir / f"{name}.truth.json").write_text(
        truth.model_dump_json(indent=2) + "\n", encoding="utf-8"
    )
    return truth


def generate_samples(out_dir: Path, count: int = 12, seed: int = 2017) -> list[SampleTruth]:
    """Write ``count`` degraded sample documents and their ground truth into ``out_dir``.

    Deterministic for a given ``seed``; document ``i`` depends only on the seed, ``i`` and the
    batch plan (format, language, type and rotation), which depends on ``count``.
    """
    if count < 1:
        raise ValueError("count must be at least 1")
    out_dir = Path(out_dir)
    return [make_document(i, plan, seed, out_dir) for i, plan in enumerate(plan_batch(count, seed))]


# --------------------------------------------------------------------------------------------
# Character error rate


def levenshtein(a: str, b: str) -> int:
    """Edit distance with Hyyrö's bit-parallel algorithm (Python ints as bit vectors)."""
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return len(a)
    peq: dict[str, int] = {}
    for i, ch in enumerate(b):
        peq[ch] = peq.get(ch, 0) | (1 << i)
    m = len(b)
    mask = (1 << m) - 1
    last = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    for ch in a:
        eq = peq.get(ch, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = (mv | ~(xh | pv)) & mask
        mh = pv & xh
        if ph & last:
            score += 1
        elif mh & last:
            score -= 1
        ph = ((ph << 1) | 1) & mask
        mh = (mh << 1) & mask
        pv = (mh | ~(xv | ph)) & mask
        mv = ph & xv
    return score


def character_error_rate(reference: str, hypothesis: str) -> float:
    """Levenshtein distance between whitespace-normalised texts divided by the reference length
    (0.0 for two empty texts, 1.0 for an empty reference and a non-empty hypothesis)."""
    ref = " ".join(reference.split())
    hyp = " ".join(hypothesis.split())
    if not ref:
        return 0.0 if not hyp else 1.0
    return levenshtein(ref, hyp) / len(ref)
