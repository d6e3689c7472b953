"""OCR quality of arkki's real pipeline against ground truth, and how well its page flags work.

For each corpus the pages are copied into one batch folder and ingested with the real CLI
(`python -m flows ingest FOLDER --json`, i.e. `arkki ingest`) into a fresh temporary
ARKKI_HOME. Each record's `record.json` and each page's OCR text (`pages[].text_key`) are then
read back from the store (ARKKI_HOME/objects/...), and every page with a reference text gets a
character error rate (CER) and a bag-of-words error:

  CER       Levenshtein distance / reference length (flows.samples.character_error_rate) after
            normalising both texts: Unicode NFC, then every run of whitespace (line breaks
            included) collapsed to one space and the ends stripped. No case folding and no
            punctuation mapping. For TAPUSCORPUS the annotation marks are removed from the
            reference first: "~~~" (a non-typewritten, usually handwritten, word) is dropped and
            the "_" (underlined) and "^" (superscript) word prefixes are stripped.
  bag error 1 - F1 of the multisets of whitespace-separated words; insensitive to reading
            order, so it shows how much of a CER on multi-column pages is only order.

Pages also carry arkki's quality verdict, `pages[].quality` = {score, mean_confidence,
lexicon_share, flagged, reason}; where the field is absent the flag columns print "n/a".
The flag is judged on pages with a reference: of the pages with CER > 10 % how many are
flagged, of those with CER < 2 % how many are not; "separation" is both together (pages in
between are not counted).

Corpora (--corpora):
  generated    flows.samples pages, twice: "generated-clean" (the same documents without any
               degradation) and "generated" (the usual degraded look: skew, blur, noise, speckle,
               stains, JPEG, quarter turns); original file formats incl. multi-page TIFF/PDF;
               --limit documents each; arkki's default languages (fin+swe, per-page routing).
  tapuscorpus  ../shared/corpora/tapuscorpus_typewritten_fr: real typewritten French archival
               pages, reference text from the ALTO v4 files (String/@CONTENT of every TextLine,
               in file order); --limit pages, round-robin over the sub-corpora; --lang fra.
  tesseract    ../shared/corpora/tesseract_test_images: English test pages; references from the
               .txt files (phototest.txt also for the rotated copies); deslant.tif has none.
  ocrmypdf     ../shared/corpora/ocrmypdf_test_scans: skewed/rotated/multi-page test scans; only
               linn.png and linn.pdf have a reference (linn.txt, itself an old OCR output, not
               verified ground truth: "ref" column says so); the rest count pages and flags only.
The shared corpora are ingested with ARKKI_MIN_PPI=1 (--min-ppi) so that low-resolution test
images are OCR'd rather than quarantined (several have no ppi metadata or are 150-200 ppi).

--mixed builds the acceptance set instead: --limit clean generated pages (single pages,
upright) and 20 degraded copies of each at increasing severity (Gaussian noise sigma 25-90,
Gaussian blur radius 2.5-4.5, downscale to 150/100/75/60/40 ppi and back up, JPEG quality 10 and
5, 100 ppi + JPEG 10, blur + noise, salt-and-pepper 2-20 % of pixels), so that some pages read
with CER > 10 % and some in between; it prints the table per severity and the separation rate
against the goal of >= 90 %.

Usage (repository root):
  PYTHONPATH=. .venv/bin/python bench/ocr_quality.py [--corpora generated tapuscorpus ...]
      [--limit 30] [--out rows.json]
  PYTHONPATH=. .venv/bin/python bench/ocr_quality.py --mixed [--limit 5] [--out mixed.json]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
from PIL import Image, ImageFilter

from flows import samples
from flows.samples import character_error_rate, generate_samples

DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPORA = ("generated", "tapuscorpus", "tesseract", "ocrmypdf")
LANGUAGES = {"generated": None, "tapuscorpus": "fra", "tesseract": "eng", "ocrmypdf": "eng+fra"}
BAD_CER, GOOD_CER, GOAL = 0.10, 0.02, 0.90
ALTO_NS = "{http://www.loc.gov/standards/alto/ns-v4#}"
TESSERACT_REFS = {
    "8071_093.3B.tif": "8071_093.3B.txt",
    "8087_054.3B.tif": "8087_054.3B.txt",
    "eurotext.tif": "eurotext.txt",
    "phototest.tif": "phototest.txt",
    "phototest-rotated-180.png": "phototest.txt",
    "phototest-rotated-L.png": "phototest.txt",
    "phototest-rotated-R.png": "phototest.txt",
    "phototestrot.tif": "phototest.txt",
    "deslant.tif": None,
}
OCRMYPDF_FILES = (
    "linn.png",
    "linn.pdf",
    "skew.pdf",
    "rotated_skew.pdf",
    "cardinal.pdf",
    "c03-29.pdf",
    "multipage.pdf",
    "francais.pdf",
    "typewriter.png",
    "baiona.png",
)


@dataclass
class Item:
    """One input file of a batch: its reference text per 1-based page (None: no reference)."""

    refs: dict[int, str | None]
    ref_kind: str = "ground truth"
    variant: str = ""


@dataclass
class Corpus:
    name: str
    folder: Path
    languages: str | None
    items: dict[str, Item]
    min_ppi: int | None = None


@dataclass
class Row:
    corpus: str
    file: str
    page: int
    variant: str
    ref_kind: str | None
    ref_chars: int | None
    cer: float | None
    bag_error: float | None
    ocr_confidence: float | None
    rotation: int
    skew_degrees: float
    quality: dict[str, Any] | None = None
    record_status: str = ""

    @property
    def flagged(self) -> bool | None:
        if not isinstance(self.quality, dict) or "flagged" not in self.quality:
            return None
        return bool(self.quality["flagged"])


# ------------------------------------------------------------------------------------------
# Text normalisation and error rates


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def tapus_reference(text: str) -> str:
    words = [w.lstrip("_^") for w in text.split() if w != "~~~"]
    return " ".join(w for w in words if w)


def bag_error(reference: str, hypothesis: str) -> float:
    ref, hyp = Counter(reference.split()), Counter(hypothesis.split())
    if not ref:
        return 0.0 if not hyp else 1.0
    common = sum((ref & hyp).values())
    if not common:
        return 1.0
    precision, recall = common / sum(hyp.values()), common / sum(ref.values())
    return 1 - 2 * precision * recall / (precision + recall)


# ------------------------------------------------------------------------------------------
# Corpora


def _clean_look(original: Callable[..., samples.Look]) -> Callable[..., samples.Look]:
    def choose(*args: Any, **kwargs: Any) -> samples.Look:
        look = original(*args, **kwargs)  # same random draws, so the same texts and layout
        return replace(
            look,
            skew=0.0,
            blur=0.0,
            noise=0.0,
            speckle=0.0,
            tone=False,
            stains=False,
            ink=0,
            rotation=0,
            jpeg_quality=95 if look.jpeg_quality else 0,
        )

    return choose


@contextmanager
def clean_samples() -> Iterator[None]:
    """flows.samples without degradation: upright, unskewed, no noise, blur, stains or toning."""
    with mock.patch.object(samples, "choose_look", _clean_look(samples.choose_look)):
        yield


def generated_corpus(root: Path, name: str, count: int, seed: int, clean: bool) -> Corpus:
    folder = root / name
    if clean:
        with clean_samples():
            truths = generate_samples(root / f"{name}-src", count=count, seed=seed)
    else:
        truths = generate_samples(root / f"{name}-src", count=count, seed=seed)
    folder.mkdir(parents=True)
    items: dict[str, Item] = {}
    for truth in truths:
        [file] = truth.files
        shutil.copyfile(root / f"{name}-src" / file, folder / file)
        variant = "clean" if clean else ",".join(truth.degradations) or "none"
        refs: dict[int, str | None] = {i + 1: t for i, t in enumerate(truth.page_texts)}
        items[file] = Item(refs, variant=variant)
    return Corpus(name, folder, LANGUAGES["generated"], items)


def alto_text(path: Path) -> str:
    lines = []
    for line in ET.parse(path).getroot().iter(f"{ALTO_NS}TextLine"):
        words = [s.get("CONTENT", "") for s in line.iter(f"{ALTO_NS}String")]
        lines.append(" ".join(w for w in words if w))
    return "\n".join(lines)


def round_robin(groups: list[list[Path]]) -> Iterator[Path]:
    for index in range(max((len(g) for g in groups), default=0)):
        for group in groups:
            if index < len(group):
                yield group[index]


def tapuscorpus(root: Path, source: Path, limit: int, min_ppi: int) -> Corpus:
    folder = root / "tapuscorpus"
    folder.mkdir(parents=True)
    groups = [sorted(d.glob("*.jpg")) for d in sorted(p for p in source.iterdir() if p.is_dir())]
    items: dict[str, Item] = {}
    for image in round_robin(groups):
        if len(items) == limit:
            break
        alto = image.with_suffix(".xml")
        if not alto.exists():
            continue
        name = image.name if image.name not in items else f"{image.parent.name}-{image.name}"
        shutil.copyfile(image, folder / name)
        items[name] = Item({1: tapus_reference(alto_text(alto))}, variant=image.parent.name[:24])
    return Corpus("tapuscorpus", folder, LANGUAGES["tapuscorpus"], items, min_ppi)


def tesseract_corpus(root: Path, source: Path, limit: int, min_ppi: int) -> Corpus:
    folder = root / "tesseract"
    folder.mkdir(parents=True)
    items: dict[str, Item] = {}
    for name, ref in list(TESSERACT_REFS.items())[:limit]:
        if not (source / name).exists():
            continue
        shutil.copyfile(source / name, folder / name)
        text = (source / ref).read_text(encoding="utf-8") if ref else None
        items[name] = Item({1: text}, "ground truth" if ref else "none")
    return Corpus("tesseract", folder, LANGUAGES["tesseract"], items, min_ppi)


def ocrmypdf_corpus(root: Path, source: Path, limit: int, min_ppi: int) -> Corpus:
    folder = root / "ocrmypdf"
    folder.mkdir(parents=True)
    reference = (source / "linn.txt").read_text(encoding="utf-8")
    items: dict[str, Item] = {}
    for name in OCRMYPDF_FILES[:limit]:
        if not (source / name).exists():
            continue
        shutil.copyfile(source / name, folder / name)
        if name.startswith("linn."):
            items[name] = Item({1: reference}, "reference OCR (unverified)")
        else:
            items[name] = Item({}, "none")
    return Corpus("ocrmypdf", folder, LANGUAGES["ocrmypdf"], items, min_ppi)


# ------------------------------------------------------------------------------------------
# The mixed acceptance set


def _noise(sigma: float) -> Callable[[Image.Image, np.random.Generator], Image.Image]:
    def apply(image: Image.Image, rng: np.random.Generator) -> Image.Image:
        arr = np.asarray(image, dtype=np.float32)
        arr += rng.standard_normal(arr.shape, dtype=np.float32) * sigma
        return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))

    return apply


def _blur(radius: float) -> Callable[[Image.Image, np.random.Generator], Image.Image]:
    return lambda image, rng: image.filter(ImageFilter.GaussianBlur(radius))


def _downscale(ppi: int) -> Callable[[Image.Image, np.random.Generator], Image.Image]:
    def apply(image: Image.Image, rng: np.random.Generator) -> Image.Image:
        small = (round(image.width * ppi / 300), round(image.height * ppi / 300))
        low = image.resize(small, Image.Resampling.BOX)
        return low.resize(image.size, Image.Resampling.BICUBIC)

    return apply


def _salt_pepper(share: float) -> Callable[[Image.Image, np.random.Generator], Image.Image]:
    def apply(image: Image.Image, rng: np.random.Generator) -> Image.Image:
        arr = np.array(image)
        hit = rng.random(arr.shape) < share
        arr[hit] = np.where(rng.random(int(hit.sum())) < 0.5, 0, 255).astype(np.uint8)
        return Image.fromarray(arr)

    return apply


def _same(image: Image.Image, rng: np.random.Generator) -> Image.Image:
    return image


def _both(
    first: Callable[[Image.Image, np.random.Generator], Image.Image],
    second: Callable[[Image.Image, np.random.Generator], Image.Image],
) -> Callable[[Image.Image, np.random.Generator], Image.Image]:
    return lambda image, rng: second(first(image, rng), rng)


# (label, transform, JPEG quality or 0 for PNG): increasing severity within each family
SEVERITIES: list[tuple[str, Callable[[Image.Image, np.random.Generator], Image.Image], int]] = [
    ("clean", _same, 0),
    ("noise:25", _noise(25), 0),
    ("noise:50", _noise(50), 0),
    ("noise:70", _noise(70), 0),
    ("noise:90", _noise(90), 0),
    ("blur:2.5", _blur(2.5), 0),
    ("blur:3.5", _blur(3.5), 0),
    ("blur:4.5", _blur(4.5), 0),
    ("down:150", _downscale(150), 0),
    ("down:100", _downscale(100), 0),
    ("down:75", _downscale(75), 0),
    ("down:60", _downscale(60), 0),
    ("down:40", _downscale(40), 0),
    ("jpeg:10", _same, 10),
    ("jpeg:5", _same, 5),
    ("down:100+jpeg:10", _downscale(100), 10),
    ("blur:2+noise:40", _both(_blur(2.0), _noise(40)), 0),
    ("saltpepper:0.02", _salt_pepper(0.02), 0),
    ("saltpepper:0.05", _salt_pepper(0.05), 0),
    ("saltpepper:0.10", _salt_pepper(0.10), 0),
    ("saltpepper:0.20", _salt_pepper(0.20), 0),
]


def mixed_corpus(root: Path, base_pages: int, seed: int) -> Corpus:
    from bench.ocr_throughput import split_pages

    with clean_samples():
        truth_of = split_pages(root / "mixed-src", root / "mixed-base", base_pages, seed)
    folder = root / "mixed"
    folder.mkdir(parents=True)
    rng = np.random.default_rng(seed)
    items: dict[str, Item] = {}
    for base_name, text in truth_of.items():
        with Image.open(root / "mixed-base" / base_name) as opened:
            grey = opened.convert("L")
        for label, transform, quality in SEVERITIES:
            suffix = ".jpg" if quality else ".png"
            name = f"{Path(base_name).stem}__{label.replace(':', '-')}{suffix}"
            page = transform(grey, rng)
            if quality:
                page.save(folder / name, quality=quality, dpi=(300, 300))
            else:
                page.save(folder / name, dpi=(300, 300), compress_level=3)
            items[name] = Item({1: text}, variant=label)
    return Corpus("mixed", folder, None, items)


# ------------------------------------------------------------------------------------------
# Running arkki and reading its records


def run_arkki(corpus: Corpus, home: Path, engine: str | None) -> dict[str, Any] | None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARKKI_")}
    env["ARKKI_HOME"] = str(home)
    if corpus.min_ppi is not None:
        env["ARKKI_MIN_PPI"] = str(corpus.min_ppi)
    if engine:
        env["ARKKI_OCR_ENGINE"] = engine
    command = [sys.executable, "-m", "flows", "ingest", str(corpus.folder), "--json"]
    if corpus.languages:
        command += ["--lang", corpus.languages]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode not in (0, 3):
        print(f"{corpus.name}: arkki ingest failed ({result.returncode}): {result.stderr.strip()}")
        return None
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def page_rows(corpus: Corpus, home: Path, report: dict[str, Any]) -> list[Row]:
    store = home / "objects"
    rows: list[Row] = []
    for document in report["documents"]:
        if document["status"] == "duplicate":
            print(f"{corpus.name}: {document['source_files']} is a duplicate; not counted")
            continue
        record = json.loads((store / "records" / document["id"] / "record.json").read_text())
        for page in record["pages"]:
            item = corpus.items.get(page["file"], Item({}, "none"))
            key = page.get("text_key") or ""
            hypothesis = normalise((store / key).read_text(encoding="utf-8") if key else "")
            raw = item.refs.get(page["number"])
            reference = normalise(raw) if raw is not None else None
            rows.append(
                Row(
                    corpus=corpus.name,
                    file=page["file"],
                    page=page["number"],
                    variant=item.variant,
                    ref_kind=item.ref_kind if reference is not None else None,
                    ref_chars=len(reference) if reference is not None else None,
                    cer=None if reference is None else character_error_rate(reference, hypothesis),
                    bag_error=None if reference is None else bag_error(reference, hypothesis),
                    ocr_confidence=page.get("ocr_confidence"),
                    rotation=page.get("rotation", 0),
                    skew_degrees=page.get("skew_degrees", 0.0),
                    quality=page.get("quality"),
                    record_status=record.get("status", ""),
                )
            )
    return rows


# ------------------------------------------------------------------------------------------
# Summaries


@dataclass
class Separation:
    bad_flagged: int
    bad: int
    good_unflagged: int
    good: int

    @property
    def rate(self) -> float | None:
        total = self.bad + self.good
        return (self.bad_flagged + self.good_unflagged) / total if total else None


def separation(rows: list[Row]) -> Separation | None:
    judged = [r for r in rows if r.cer is not None]
    if not judged or any(r.flagged is None for r in judged):
        return None
    bad = [r for r in judged if r.cer is not None and r.cer > BAD_CER]
    good = [r for r in judged if r.cer is not None and r.cer < GOOD_CER]
    return Separation(
        sum(bool(r.flagged) for r in bad), len(bad), sum(not r.flagged for r in good), len(good)
    )


def _pct(value: float | None) -> str:
    return "n/a" if value is None or math.isnan(value) else f"{value:.1%}"


def summary_line(name: str, rows: list[Row]) -> str:
    cers = [r.cer for r in rows if r.cer is not None]
    bags = [r.bag_error for r in rows if r.bag_error is not None]
    flags = [r.flagged for r in rows]
    flagged = "n/a" if any(f is None for f in flags) else f"{sum(bool(f) for f in flags)}"
    sep = separation(rows)
    if sep is None:
        bad = good = rate = "n/a"
    else:
        bad, good = f"{sep.bad_flagged}/{sep.bad}", f"{sep.good_unflagged}/{sep.good}"
        rate = _pct(sep.rate)
    return (
        f"{name:<17} {len(rows):>5} {len(cers):>5} "
        f"{_pct(statistics.median(cers) if cers else None):>8} "
        f"{_pct(statistics.fmean(cers) if cers else None):>8} "
        f"{_pct(statistics.median(bags) if bags else None):>8} "
        f"{flagged:>7} {bad:>9} {good:>9} {rate:>6}"
    )


HEADER = (
    f"{'corpus':<17} {'pages':>5} {'w/ref':>5} {'med CER':>8} {'mean CER':>8} {'med bag':>8} "
    f"{'flagged':>7} {'>10%:flag':>9} {'<2%:ok':>9} {'sep':>6}"
)


def print_page_rows(rows: list[Row]) -> None:
    for r in rows:
        q = r.quality if isinstance(r.quality, dict) else {}
        flag = "n/a" if r.flagged is None else ("FLAG" if r.flagged else "ok")
        score = q.get("score")
        print(
            f"  {r.file[:44]:<44} p{r.page:<2} {r.variant[:22]:<22} CER {_pct(r.cer):>7}  "
            f"conf {r.ocr_confidence if r.ocr_confidence is not None else 'n/a'!s:>6}  "
            f"score {score if score is not None else 'n/a'!s:>6}  {flag}"
        )


# ------------------------------------------------------------------------------------------


def build_corpora(args: argparse.Namespace, root: Path) -> list[Corpus]:
    corpora: list[Corpus] = []
    if args.mixed:
        return [mixed_corpus(root, args.limit, args.seed)]
    if "generated" in args.corpora:
        corpora.append(generated_corpus(root, "generated-clean", args.limit, args.seed, True))
        corpora.append(generated_corpus(root, "generated", args.limit, args.seed, False))
    shared = args.shared / "corpora"
    external = {"tapuscorpus", "tesseract", "ocrmypdf"} & set(args.corpora)
    if external and not shared.is_dir():
        print(f"{shared} is absent: skipping {', '.join(sorted(external))}")
        return corpora
    makers = {
        "tapuscorpus": (tapuscorpus, "tapuscorpus_typewritten_fr/data"),
        "tesseract": (tesseract_corpus, "tesseract_test_images/testing"),
        "ocrmypdf": (ocrmypdf_corpus, "ocrmypdf_test_scans"),
    }
    for name in CORPORA[1:]:
        if name not in args.corpora:
            continue
        make, sub = makers[name]
        if not (shared / sub).is_dir():
            print(f"{shared / sub} is absent: skipping {name}")
            continue
        corpora.append(make(root, shared / sub, args.limit, args.min_ppi))
    return corpora


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", nargs="+", choices=CORPORA, default=list(CORPORA))
    parser.add_argument(
        "--limit",
        type=int,
        default=None,
        help="documents per generated corpus, pages per shared corpus, base pages with "
        "--mixed (default 30; 5 with --mixed)",
    )
    parser.add_argument("--mixed", action="store_true", help="the degraded acceptance set")
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--min-ppi", type=int, default=1, help="ARKKI_MIN_PPI, shared corpora")
    parser.add_argument("--engine", choices=("tesseract", "tesserocr"), default=None)
    parser.add_argument("--out", type=Path, help="write the per-page rows as JSON")
    parser.add_argument("--pages", action="store_true", help="print one line per page")
    args = parser.parse_args()
    if args.limit is None:
        args.limit = 5 if args.mixed else 30

    all_rows: list[Row] = []
    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="arkki-quality-") as tmp:
        root = Path(tmp)
        for corpus in build_corpora(args, root):
            home = root / f"home-{corpus.name}"
            started = time.perf_counter()
            report = run_arkki(corpus, home, args.engine)
            if report is None:
                continue
            rows = page_rows(corpus, home, report)
            seconds = time.perf_counter() - started
            print(
                f"{corpus.name}: {len(corpus.items)} files, {len(rows)} pages OCR'd in "
                f"{seconds:.0f} s, languages {corpus.languages or 'arkki default'}"
            )
            for q in report.get("quarantined", []):
                print(f"  quarantined: {q.get('reason', q)}")
            if args.pages:
                print_page_rows(rows)
            all_rows += rows
            lines.append(summary_line(corpus.name, rows))
            if args.mixed:
                for label, _, _ in SEVERITIES:
                    subset = [r for r in rows if r.variant == label]
                    lines.append(summary_line(f"  {label}", subset))

    print()
    print(HEADER)
    print("\n".join(lines))
    print(
        f"(CER on normalised text; flag separation: pages with CER > {BAD_CER:.0%} flagged, "
        f"pages with CER < {GOOD_CER:.0%} not flagged; n/a where no page has pages[].quality)"
    )
    if args.mixed:
        sep = separation(all_rows)
        rate = sep.rate if sep else None
        verdict = "n/a" if rate is None else ("meets" if rate >= GOAL else "misses")
        print(f"mixed set separation: {_pct(rate)} ({verdict} the goal of >= {GOAL:.0%})")
    if args.out:
        payload = [asdict(r) | {"flagged": r.flagged} for r in all_rows]
        args.out.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        print(f"per-page rows written to {args.out}")


if __name__ == "__main__":
    main()
