"""OCR throughput and accuracy: arkki ingest against bare Tesseract and OCRmyPDF on the same pages.

Generates sample pages (one single-page 300-ppi file per page, so every contender reads the
same pixels), then runs, with the same languages and the same number of cores:
  bare:     `tesseract PAGE out -l LANGS txt`, one process per core, OMP_THREAD_LIMIT=1
  arkki:    `arkki ingest FOLDER --json` in a fresh ARKKI_HOME (whole command, Prefect
            start-up included; the flow's own time is printed too). --engine sets
            ARKKI_OCR_ENGINE (tesseract = the CLI per page, tesserocr = the library); give
            both to measure both; without it arkki's default engine runs
  ocrmypdf: `ocrmypdf --jobs W -l LANGS --output-type pdf --optimize 0 --sidecar TXT IN OUT`
            on ONE multi-page PDF holding all the pages (OMP_THREAD_LIMIT=1, Tesseract one
            thread per page as for the others)
and prints pages/minute for each (medians of --repeat alternating rounds), the ratios
arkki/bare and arkki/ocrmypdf, and the median character error rate of each against the
ground truth (OCRmyPDF's from its sidecar text, one form feed per page).

Why one multi-page PDF for OCRmyPDF: that is how it is meant to be used on a batch, and it
is the closest match to arkki's one command over a folder: one interpreter start-up, pages
spread over --jobs workers by OCRmyPDF itself. One `ocrmypdf` per page file instead pays a
Python start-up and plugin load per page and lets pages of one wave wait for each other
(`--ocrmypdf-mode per-page` measures that too). The PDF is built before the clock starts
with img2pdf (OCRmyPDF's own dependency), which embeds each PNG/JPEG losslessly at its
300 ppi, so OCRmyPDF rasterises exactly the pixels the others read; rasterising it back is
part of OCRmyPDF's normal work and is timed. `--output-type pdf` skips PDF/A conversion and
`--optimize 0` skips image recompression, since arkki's searchable PDF does neither here
(add e.g. `--ocrmypdf-args "--rotate-pages --deskew"` to compare with those on).
OCRmyPDF lives in its own venv (it pins its own pikepdf/pdfminer): --ocrmypdf PATH, default
`ocrmypdf` on PATH, else /tmp/ocrmypdf-venv/bin/ocrmypdf; skipped with a line if absent.
Note: bare and OCRmyPDF run Debian's tesseract CLI; arkki's tesserocr engine runs the
Tesseract bundled in the tesserocr wheel (its version is printed).

Usage (repository root):
  PYTHONPATH=. .venv/bin/python bench/ocr_throughput.py [--pages 20] [--repeat 3]
      [--engine tesseract tesserocr] [--ocrmypdf /tmp/ocrmypdf-venv/bin/ocrmypdf]
      [--upright] [--kept-state]
--upright undoes the generator's quarter turns (it turns 1 document in 6, more than a real
batch has); --kept-state adds arkki's whole command with Prefect's state kept from an earlier
run, as on an installed arkki, where the default starts every round from an empty home.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from flows.samples import character_error_rate, generate_samples
from flows.samples import plan_batch as sample_plan

OCRMYPDF_VENV = Path("/tmp/ocrmypdf-venv/bin/ocrmypdf")
OCRMYPDF_FLAGS = ["--output-type", "pdf", "--optimize", "0", "--quiet"]


def split_pages(
    samples: Path, pages_dir: Path, wanted: int, seed: int, upright: bool = False
) -> dict[str, str]:
    """One PNG/TIFF/JPEG per page (scanned PDFs rendered at 300 ppi); returns name → truth.
    With ``upright`` the generator's quarter turns are undone (skew and noise stay)."""
    import pypdfium2 as pdfium

    truths = generate_samples(samples, count=max(2, wanted), seed=seed)
    turns = [plan.rotation for plan in sample_plan(max(2, wanted), seed)]
    pages_dir.mkdir(parents=True, exist_ok=True)
    truth_of: dict[str, str] = {}
    for truth, turn in zip(truths, turns, strict=True):
        [name] = truth.files
        source = samples / name
        frames: list[Image.Image] = []
        if name.endswith(".pdf"):
            document = pdfium.PdfDocument(str(source))
            frames = [document[i].render(scale=300 / 72).to_pil() for i in range(len(document))]
        else:
            with Image.open(source) as image:
                for index in range(getattr(image, "n_frames", 1)):
                    image.seek(index)
                    frames.append(image.copy())
        for index, frame in enumerate(frames):
            if upright and turn:
                frame = frame.rotate(turn, expand=True)
            suffix = ".jpg" if name.endswith(".jpg") else ".png"
            out = pages_dir / f"{Path(name).stem}-p{index + 1}{suffix}"
            frame.save(out, dpi=(300, 300), quality=90)
            truth_of[out.name] = truth.page_texts[index]
            if len(truth_of) == wanted:
                return truth_of
    return truth_of


# ------------------------------------------------------------------------------------------
# Contenders: each returns wall seconds and leaves page texts behind for the CER


def bare_tesseract(pages: list[Path], languages: str, workers: int, out: Path) -> float:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    out.mkdir(parents=True, exist_ok=True)

    def one(page: Path) -> None:
        subprocess.run(
            ["tesseract", str(page), str(out / page.stem), "-l", languages, "txt"],
            env=env,
            check=True,
            capture_output=True,
        )

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(one, pages))
    return time.perf_counter() - started


def arkki_ingest(
    folder: Path,
    home: Path,
    languages: str,
    workers: int,
    engine: str | None,
    prefect_home: Path | None = None,
) -> tuple[float, dict[str, object]]:
    env = {k: v for k, v in os.environ.items() if k not in ("ARKKI_OCR_ENGINE", "PREFECT_HOME")}
    env |= {"ARKKI_HOME": str(home), "ARKKI_WORKERS": str(workers)}
    if prefect_home:
        env["PREFECT_HOME"] = str(prefect_home)
    if engine:
        env["ARKKI_OCR_ENGINE"] = engine
    command = [sys.executable, "-m", "flows", "ingest", str(folder), "--lang", languages, "--json"]
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if result.returncode not in (0, 3):
        raise RuntimeError(f"arkki ingest failed: {result.stderr.strip()}")
    report: dict[str, object] = json.loads(result.stdout)
    return seconds, report


def arkki_texts(home: Path, report: dict[str, object]) -> dict[str, str]:
    """Page file name → the OCR text arkki stored for it (read from the record's text_key)."""
    store = home / "objects"
    texts: dict[str, str] = {}
    engines: set[str] = set()
    documents = report["documents"]
    assert isinstance(documents, list)
    for document in documents:
        record_path = store / "records" / document["id"] / "record.json"
        for page in json.loads(record_path.read_text())["pages"]:
            engines.add(page.get("ocr_engine") or "?")
            key = page.get("text_key") or ""
            texts[page["file"]] = (store / key).read_text(encoding="utf-8") if key else ""
    print(f"(arkki in {home.name} ran: {', '.join(sorted(engines))})")
    return texts


def find_ocrmypdf(given: str | None) -> Path | None:
    """The given path only; without one, `ocrmypdf` on PATH, else the /tmp venv's."""
    for candidate in (given,) if given else (shutil.which("ocrmypdf"), str(OCRMYPDF_VENV)):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return Path(candidate)
    return None


def build_pdf(ocrmypdf: Path, pages: list[Path], target: Path) -> None:
    """All pages in one PDF with img2pdf (lossless; page size from the 300-ppi metadata)."""
    beside = ocrmypdf.with_name("img2pdf")
    img2pdf = str(beside) if beside.exists() else shutil.which("img2pdf")
    if img2pdf is None:
        raise RuntimeError(f"img2pdf not found beside {ocrmypdf} or on PATH")
    subprocess.run([img2pdf, *map(str, pages), "-o", str(target)], check=True)


def run_ocrmypdf(
    ocrmypdf: Path, source: Path, out: Path, languages: str, workers: int, extra: list[str]
) -> float:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    command = [str(ocrmypdf), "--jobs", str(workers), "-l", languages, *OCRMYPDF_FLAGS, *extra]
    command += ["--sidecar", str(out.with_suffix(".txt")), str(source), str(out)]
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"ocrmypdf failed ({result.returncode}): {result.stderr.strip()[-500:]}")
    return seconds


def ocrmypdf_per_page(
    ocrmypdf: Path, pages: list[Path], out: Path, languages: str, workers: int, extra: list[str]
) -> float:
    """One `ocrmypdf --jobs 1` per page file, --workers of them at a time."""
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(
            pool.map(
                lambda p: run_ocrmypdf(ocrmypdf, p, out / f"{p.stem}.pdf", languages, 1, extra),
                pages,
            )
        )
    return time.perf_counter() - started


# ------------------------------------------------------------------------------------------


@dataclass
class Contender:
    label: str
    run: Callable[[int], float]  # round number → seconds
    texts: Callable[[], dict[str, str]]  # page file name → text of the last round
    seconds: list[float] = field(default_factory=list)
    flow_seconds: list[float] = field(default_factory=list)
    failed: str = ""


def bare_contender(pages: list[Path], args: argparse.Namespace, root: Path) -> Contender:
    out = root / "bare"

    def run(round_: int) -> float:
        return bare_tesseract(pages, args.lang, args.workers, out)

    def texts() -> dict[str, str]:
        return {p.name: (out / f"{p.stem}.txt").read_text() for p in pages}

    return Contender("bare tesseract", run, texts)


def arkki_contender(
    folder: Path, args: argparse.Namespace, root: Path, engine: str | None, kept: bool = False
) -> Contender:
    """A fresh ARKKI_HOME per round; with ``kept`` Prefect's state (its database) is kept
    from a one-page warm-up run, as on an installed arkki after its first batch."""
    flow: list[float] = []
    last: dict[str, object] = {}
    tag = f"{engine or 'default'}{'-kept' if kept else ''}"
    prefect_home = root / f"prefect-{tag}" if kept else None
    if prefect_home:
        warm_up = root / f"warm-up-{tag}"
        warm_up.mkdir()
        first = sorted(folder.iterdir())[0]
        shutil.copy(first, warm_up / first.name)
        arkki_ingest(warm_up, root / f"home-{tag}-warm-up", args.lang, 1, engine, prefect_home)

    def run(round_: int) -> float:
        home = root / f"home-{tag}-{round_}"
        seconds, report = arkki_ingest(folder, home, args.lang, args.workers, engine, prefect_home)
        stats = report["stats"]
        assert isinstance(stats, dict)
        flow.append(float(stats["seconds"]))
        last.update(home=home, report=report)
        return seconds

    def texts() -> dict[str, str]:
        home, report = last["home"], last["report"]
        assert isinstance(home, Path) and isinstance(report, dict)
        return arkki_texts(home, report)

    label = (f"arkki[{engine}]" if engine else "arkki") + (" kept state" if kept else "")
    return Contender(label, run, texts, flow_seconds=flow)


def ocrmypdf_contender(
    ocrmypdf: Path, pages: list[Path], args: argparse.Namespace, root: Path
) -> Contender:
    extra = shlex.split(args.ocrmypdf_args)
    source, out, per_page_out = root / "all-pages.pdf", root / "ocrmypdf-out.pdf", root / "omp"
    if args.ocrmypdf_mode == "multipage":
        build_pdf(ocrmypdf, pages, source)

    def run(round_: int) -> float:
        if args.ocrmypdf_mode == "multipage":
            return run_ocrmypdf(ocrmypdf, source, out, args.lang, args.workers, extra)
        return ocrmypdf_per_page(ocrmypdf, pages, per_page_out, args.lang, args.workers, extra)

    def texts() -> dict[str, str]:
        if args.ocrmypdf_mode == "per-page":
            return {p.name: (per_page_out / f"{p.stem}.txt").read_text() for p in pages}
        sidecar = out.with_suffix(".txt").read_text().split("\f")
        return dict(zip((p.name for p in pages), sidecar, strict=False))

    return Contender(f"ocrmypdf ({args.ocrmypdf_mode})", run, texts)


def ppm(n: int, seconds: float) -> float:
    return n * 60 / seconds


def report(contenders: list[Contender], n: int, truth_of: dict[str, str]) -> None:
    measured = [c for c in contenders if c.seconds and not c.failed]
    for c in measured:
        seconds = statistics.median(c.seconds)
        texts = c.texts()
        cers = [
            character_error_rate(truth, texts.get(name, "")) for name, truth in truth_of.items()
        ]
        print(
            f"{c.label:<22}: {ppm(n, seconds):6.1f} pages/min  ({seconds:.1f} s)  "
            f"median CER {statistics.median(cers):.2%}"
        )
        if c.flow_seconds:
            flow = statistics.median(c.flow_seconds)
            print(
                f"{'  flow only':<22}: {ppm(n, flow):6.1f} pages/min  ({flow:.1f} s, no start-up)"
            )
    for c in contenders:
        if c.failed:
            print(f"{c.label:<22}: not measured: {c.failed}")
    bare = next((c for c in measured if c.label == "bare tesseract"), None)
    omp = next((c for c in measured if c.label.startswith("ocrmypdf")), None)
    for c in (c for c in measured if c.label.startswith("arkki")):
        arkki_s, flow_s = statistics.median(c.seconds), statistics.median(c.flow_seconds)
        for base, goal in ((bare, "; goal >= 0.85"), (omp, "")):
            if base is None:
                continue
            base_s = statistics.median(base.seconds)
            print(
                f"ratio {c.label}/{base.label.split()[0]}: {base_s / arkki_s:.2f} (whole "
                f"command), {base_s / flow_s:.2f} (flow only){goal}"
            )


def tesseract_versions() -> str:
    cli = subprocess.run(["tesseract", "--version"], capture_output=True, text=True).stdout
    try:
        import tesserocr

        lib = tesserocr.tesseract_version().splitlines()[0]
    except ImportError:
        lib = "tesserocr not installed"
    return f"CLI {cli.splitlines()[0] if cli else '?'}; tesserocr: {lib}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--lang", default="fin+swe")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=3, help="alternating rounds; medians")
    parser.add_argument(
        "--engine",
        nargs="+",
        choices=("tesseract", "tesserocr"),
        default=[None],
        help="ARKKI_OCR_ENGINE for the arkki run(s); several = one arkki contender each",
    )
    parser.add_argument("--ocrmypdf", default=None, help="path of the ocrmypdf executable")
    parser.add_argument("--ocrmypdf-mode", choices=("multipage", "per-page"), default="multipage")
    parser.add_argument("--ocrmypdf-args", default="", help="extra ocrmypdf arguments")
    parser.add_argument("--no-ocrmypdf", action="store_true")
    parser.add_argument(
        "--upright", action="store_true", help="undo the generator's quarter turns (1 in 6 docs)"
    )
    parser.add_argument(
        "--kept-state",
        action="store_true",
        help="also run arkki with Prefect's state kept between runs (an installed arkki)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="arkki-bench-") as tmp:
        root = Path(tmp)
        truth_of = split_pages(
            root / "samples", root / "pages", args.pages, args.seed, args.upright
        )
        pages = sorted((root / "pages").iterdir())
        n = len(pages)
        turned = "all upright" if args.upright else "1 document in 6 turned"
        print(
            f"{n} generated 300-ppi pages ({turned}), languages {args.lang}, {args.workers} workers"
        )
        print(f"Tesseract: {tesseract_versions()}")
        contenders = [bare_contender(pages, args, root)]
        contenders += [arkki_contender(root / "pages", args, root, e) for e in args.engine]
        if args.kept_state:
            contenders += [
                arkki_contender(root / "pages", args, root, e, kept=True) for e in args.engine
            ]
        ocrmypdf = None if args.no_ocrmypdf else find_ocrmypdf(args.ocrmypdf)
        if args.no_ocrmypdf:
            print("OCRmyPDF: skipped (--no-ocrmypdf)")
        elif ocrmypdf is None:
            where = f"{args.ocrmypdf} is not an executable" if args.ocrmypdf else "not found"
            print(
                f"OCRmyPDF: skipped ({where}: give --ocrmypdf PATH, or python3 -m venv "
                f"{OCRMYPDF_VENV.parent.parent} && {OCRMYPDF_VENV.parent}/pip install ocrmypdf)"
            )
        else:
            version = subprocess.run([str(ocrmypdf), "--version"], capture_output=True, text=True)
            print(f"OCRmyPDF {version.stdout.strip()} at {ocrmypdf}")
            contenders.append(ocrmypdf_contender(ocrmypdf, pages, args, root))

        for round_ in range(args.repeat):
            parts = []
            for c in contenders:
                if c.failed:
                    continue
                try:
                    c.seconds.append(c.run(round_))
                except (RuntimeError, subprocess.CalledProcessError) as error:
                    c.failed = str(error).splitlines()[0][:300] if str(error) else repr(error)
                    continue
                flow = f" (flow {c.flow_seconds[-1]:.1f} s)" if c.flow_seconds else ""
                parts.append(f"{c.label} {c.seconds[-1]:.1f} s{flow}")
            print(f"round {round_ + 1}: " + ", ".join(parts))
        report(contenders, n, truth_of)


if __name__ == "__main__":
    main()
