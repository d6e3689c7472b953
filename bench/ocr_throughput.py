"""OCR throughput and accuracy: arkki ingest against bare Tesseract on the same pages.

Generates sample pages (one single-page file per page, so both sides read the same files),
then runs
  baseline: bare `tesseract PAGE out -l LANGS txt`, one process per core, OMP_THREAD_LIMIT=1
  arkki:    `arkki ingest FOLDER --json` in a fresh ARKKI_HOME (whole command, Prefect
            start-up included; the flow's own time is printed too)
and prints pages/minute for both (medians of --repeat alternating rounds), the ratio
arkki/bare, and the median character error rate of each against the ground truth.
Usage: python bench/ocr_throughput.py [--pages 20] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PIL import Image

from flows.samples import character_error_rate, generate_samples


def split_pages(samples: Path, pages_dir: Path, wanted: int, seed: int) -> dict[str, str]:
    """One PNG/TIFF/JPEG per page (scanned PDFs rendered at 300 ppi); returns name → truth."""
    import pypdfium2 as pdfium

    truths = generate_samples(samples, count=max(2, wanted), seed=seed)
    pages_dir.mkdir(parents=True, exist_ok=True)
    truth_of: dict[str, str] = {}
    for truth in truths:
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
            suffix = ".jpg" if name.endswith(".jpg") else ".png"
            out = pages_dir / f"{Path(name).stem}-p{index + 1}{suffix}"
            frame.save(out, dpi=(300, 300), quality=90)
            truth_of[out.name] = truth.page_texts[index]
            if len(truth_of) == wanted:
                return truth_of
    return truth_of


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


def arkki_ingest(folder: Path, home: Path, languages: str) -> tuple[float, dict[str, object]]:
    env = dict(os.environ, ARKKI_HOME=str(home))
    command = [sys.executable, "-m", "flows", "ingest", str(folder), "--lang", languages, "--json"]
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if result.returncode not in (0, 3):
        raise SystemExit(f"arkki ingest failed: {result.stderr.strip()}")
    return seconds, json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--lang", default="fin+swe")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=3, help="alternating rounds; medians")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="arkki-bench-") as tmp:
        root = Path(tmp)
        truth_of = split_pages(root / "samples", root / "pages", args.pages, args.seed)
        pages = sorted((root / "pages").iterdir())
        n = len(pages)
        print(f"{n} generated 300-ppi pages, languages {args.lang}, {args.workers} workers")

        bare_runs, arkki_runs, flow_runs = [], [], []
        for round_ in range(args.repeat):
            bare_out = root / f"bare-{round_}"
            bare_runs.append(bare_tesseract(pages, args.lang, args.workers, bare_out))
            home = root / f"home-{round_}"
            seconds, report = arkki_ingest(root / "pages", home, args.lang)
            arkki_runs.append(seconds)
            stats = report["stats"]
            assert isinstance(stats, dict)
            flow_runs.append(float(stats["seconds"]))
            print(
                f"round {round_ + 1}: bare {bare_runs[-1]:.1f} s, arkki {seconds:.1f} s "
                f"(flow {flow_runs[-1]:.1f} s)"
            )
        bare_cer = [
            character_error_rate(truth_of[p.name], (bare_out / f"{p.stem}.txt").read_text())
            for p in pages
        ]
        arkki_cer = []
        env = dict(os.environ, ARKKI_HOME=str(home))
        documents = report["documents"]
        assert isinstance(documents, list)
        for document in documents:
            text = subprocess.run(
                [sys.executable, "-m", "flows", "text", document["id"]],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            arkki_cer.append(character_error_rate(truth_of[document["source_files"][0]], text))
        bare_s = statistics.median(bare_runs)
        arkki_s = statistics.median(arkki_runs)
        flow_s = statistics.median(flow_runs)

    bare_ppm, arkki_ppm, flow_ppm = n * 60 / bare_s, n * 60 / arkki_s, n * 60 / flow_s
    print(
        f"bare tesseract : {bare_ppm:6.1f} pages/min  ({bare_s:.1f} s)  "
        f"median CER {statistics.median(bare_cer):.2%}"
    )
    print(
        f"arkki ingest   : {arkki_ppm:6.1f} pages/min  ({arkki_s:.1f} s, whole command)  "
        f"median CER {statistics.median(arkki_cer):.2%}"
    )
    print(f"arkki flow only: {flow_ppm:6.1f} pages/min  ({flow_s:.1f} s, without start-up)")
    print(
        f"ratio arkki/bare: {arkki_ppm / bare_ppm:.2f} (whole command), "
        f"{flow_ppm / bare_ppm:.2f} (flow only); goal >= 0.85"
    )


if __name__ == "__main__":
    main()
