"""Peak memory of a large `arkki ingest` batch, against plain baselines measured in the same run.

Pages: --base generated pages are rendered once (flows.samples via
bench.ocr_throughput.split_pages: single-page 300-ppi PNG/JPEG files with the usual
degradations); every further file is a copy of one of them with a small serial number
("#000123") printed in the bottom margin, so each of the --pages files has its own SHA-256
(arkki deduplicates documents by the SHA-256 of their files) and its own pixels. Each file
becomes one single-page document. Building them is not timed.

Measured: `python -m flows ingest FOLDER --json` (= `arkki ingest`) in a fresh ARKKI_HOME with
ARKKI_WORKERS=--workers (and ARKKI_OCR_ENGINE=--engine if given). Every --interval seconds
(0.5) a sampler reads /proc: the process tree under the arkki process (children found via
the ppid field of /proc/PID/stat), each process's RSS (/proc/PID/statm) and PSS
(/proc/PID/smaps_rollup: shared pages divided among their sharers, so the tree sum does not
count Tesseract's shared libraries and language data once per process). Reported: peak tree
RSS, peak tree PSS, peak main-process RSS (sampled, and the kernel's high-water mark VmHWM
from /proc/PID/status as of the last sample), most processes at once (and their names),
wall time and pages/minute (whole command and the flow's own time), and the main process's
RSS at each quarter of the run, which shows whether memory grows with the batch.

Baselines, same pages: the import alone (`python -c "import flows.ingest"`), a plain loop
that opens and decodes every page with Pillow, and one bare `tesseract` on one page (peak
RSS: its VmHWM, sampled every 0.05 s).

Usage (repository root):
  PYTHONPATH=. .venv/bin/python bench/ocr_memory.py [--pages 500] [--workers 2]
      [--engine tesserocr|tesseract] [--out samples.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
MIB = 1024 * 1024
SERIAL_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")


# ------------------------------------------------------------------------------------------
# Pages


def make_pages(root: Path, count: int, base: int, seed: int) -> Path:
    """--pages distinct single-page files in root/pages, from `base` rendered pages."""
    from bench.ocr_throughput import split_pages

    base_dir, pages = root / "base", root / "pages"
    split_pages(root / "samples", base_dir, min(base, count), seed)
    originals = sorted(base_dir.iterdir())
    pages.mkdir()
    font = ImageFont.truetype(str(SERIAL_FONT), 28)
    for index in range(count):
        source = originals[index % len(originals)]
        target = pages / f"{index + 1:05d}_{source.name}"
        if index < len(originals):
            shutil.copyfile(source, target)
            continue
        with Image.open(source) as opened:
            image = opened.copy()
        draw = ImageDraw.Draw(image)
        x, y = image.width - 260, image.height - 70
        draw.text((x, y), f"#{index + 1:06d}", fill=0, font=font)
        if target.suffix == ".jpg":
            image.save(target, quality=90, dpi=(300, 300))
        else:
            image.save(target, dpi=(300, 300), compress_level=1)
    return pages


# ------------------------------------------------------------------------------------------
# /proc sampling


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # the command name (field 2) may hold spaces and parentheses: split after the last ")"
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    return children


def tree(pid: int) -> list[int]:
    children, found, stack = _children_map(), [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(children.get(current, []))
    return found


def rss_bytes(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


def comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return "?"


def _proc_kib_field(path: str, field: str) -> int:
    """A ``Field:  N kB`` line of a /proc file, in bytes; 0 where the process is gone."""
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def hwm_bytes(pid: int) -> int:
    """VmHWM: the kernel's peak RSS of the process's current memory map (reset at exec)."""
    return _proc_kib_field(f"/proc/{pid}/status", "VmHWM:")


def pss_bytes(pid: int) -> int:
    return _proc_kib_field(f"/proc/{pid}/smaps_rollup", "Pss:")


@dataclass
class Sample:
    t: float
    processes: int
    main_rss: int
    main_hwm: int
    tree_rss: int
    tree_pss: int


@dataclass
class Sampler:
    pid: int
    interval: float
    samples: list[Sample] = field(default_factory=list)
    names: set[str] = field(default_factory=set)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        started = time.perf_counter()
        while not self.stop.is_set():
            pids = tree(self.pid)
            main_rss = rss_bytes(self.pid)
            self.names.update(comm(p) for p in pids[1:])
            if main_rss:  # 0: exited (a zombie has no memory map)
                self.samples.append(
                    Sample(
                        t=round(time.perf_counter() - started, 2),
                        processes=len(pids),
                        main_rss=main_rss,
                        main_hwm=hwm_bytes(self.pid),
                        tree_rss=sum(rss_bytes(p) for p in pids),
                        tree_pss=sum(pss_bytes(p) for p in pids),
                    )
                )
            self.stop.wait(self.interval)


@dataclass
class Measured:
    seconds: float
    returncode: int
    max_rss: int  # the main process's last sampled VmHWM, bytes
    stdout: str = ""
    stderr: str = ""
    samples: list[Sample] = field(default_factory=list)
    children: set[str] = field(default_factory=set)


def measure(command: list[str], env: dict[str, str], interval: float) -> Measured:
    """Run a command, sampling its process tree every `interval` seconds until it exits.

    Its peak RSS is the last VmHWM sampled, not wait4's ru_maxrss: Linux carries the
    forking parent's high-water mark (this script's, ~200 MiB) over into the child's
    ru_maxrss across exec, so that would report at least the parent's size.
    """
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=out, stderr=err, text=True)
        sampler = Sampler(process.pid, interval)
        thread = threading.Thread(target=sampler.run, daemon=True)
        thread.start()
        _, status, _ = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop.set()
        thread.join()
        out.seek(0)
        err.seek(0)
        return Measured(
            seconds,
            process.returncode,
            max((s.main_hwm for s in sampler.samples), default=0),
            out.read(),
            err.read(),
            sampler.samples,
            sampler.names,
        )


# ------------------------------------------------------------------------------------------
# Baselines

PILLOW_LOOP = """
import sys
from pathlib import Path
from PIL import Image
for path in sorted(Path(sys.argv[1]).iterdir()):
    with Image.open(path) as image:
        image.load()
        image.convert("L")
"""


def baselines(pages: Path, env: dict[str, str]) -> list[tuple[str, Measured]]:
    first = sorted(pages.iterdir())[0]
    runs = [
        ("import flows.ingest only", [sys.executable, "-c", "import flows.ingest"]),
        (
            f"Pillow loop, {len(list(pages.iterdir()))} pages",
            [sys.executable, "-c", PILLOW_LOOP, str(pages)],
        ),
        (
            "bare tesseract, 1 page",
            ["tesseract", str(first), "stdout", "-l", "fin+swe", "--psm", "3"],
        ),
    ]
    env = dict(env, OMP_THREAD_LIMIT="1")
    return [(label, measure(command, env, 0.05)) for label, command in runs]


# ------------------------------------------------------------------------------------------


def mib(value: float) -> str:
    return f"{value / MIB:8.1f} MiB"


def quarter_marks(samples: list[Sample]) -> str:
    if not samples:
        return "no samples"
    end = samples[-1].t
    marks = []
    for share in (0.25, 0.5, 0.75, 1.0):
        sample = next((s for s in samples if s.t >= end * share), samples[-1])
        marks.append(f"{share:.0%} {sample.main_rss / MIB:.0f}")
    return ", ".join(marks) + " MiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--base", type=int, default=24, help="pages actually rendered")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--engine", choices=("tesseract", "tesserocr"), default=None)
    parser.add_argument("--interval", type=float, default=0.5, help="sampling period, s")
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--out", type=Path, help="write the samples and results as JSON")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="arkki-memory-") as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        pages = make_pages(root, args.pages, args.base, args.seed)
        size = sum(p.stat().st_size for p in pages.iterdir())
        print(
            f"{args.pages} distinct pages ({size / MIB:.0f} MiB) from {min(args.base, args.pages)} "
            f"rendered, built in {time.perf_counter() - started:.0f} s; {args.workers} workers"
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith("ARKKI_")}
        env |= {"ARKKI_HOME": str(root / "home"), "ARKKI_WORKERS": str(args.workers)}
        if args.engine:
            env["ARKKI_OCR_ENGINE"] = args.engine
        command = [sys.executable, "-m", "flows", "ingest", str(pages), "--json"]
        run = measure(command, env, args.interval)
        if run.returncode not in (0, 3):
            raise SystemExit(f"arkki ingest failed ({run.returncode}): {run.stderr.strip()}")
        report = json.loads(run.stdout)
        stats = report["stats"]
        base_runs = baselines(pages, env)

    samples = run.samples
    peak = {
        "tree_rss": max((s.tree_rss for s in samples), default=0),
        "tree_pss": max((s.tree_pss for s in samples), default=0),
        "main_rss": max((s.main_rss for s in samples), default=0),
        "processes": max((s.processes for s in samples), default=0),
    }
    print(
        f"arkki ingest [{args.engine or 'default engine'}]: {stats['pages']} pages, "
        f"{len(report['documents'])} documents, {len(report['quarantined'])} quarantined"
    )
    print(
        f"  wall {run.seconds:.1f} s: {stats['pages'] * 60 / run.seconds:.1f} pages/min "
        f"(flow only {stats['pages_per_minute']:.1f} pages/min in {stats['seconds']:.1f} s)"
    )
    print(f"  peak tree RSS  {mib(peak['tree_rss'])}  (sum over arkki + children)")
    print(f"  peak tree PSS  {mib(peak['tree_pss'])}  (shared pages divided among sharers)")
    print(f"  peak main RSS  {mib(peak['main_rss'])}  (sampled)")
    print(f"  main VmHWM     {mib(run.max_rss)}  (kernel high-water mark, last sample)")
    children = ", ".join(sorted(run.children)) or "none"
    print(f"  most processes {peak['processes']:>4} (children seen: {children})")
    print(f"  {len(samples)} samples every {args.interval} s")
    print(f"  main RSS over the run: {quarter_marks(samples)}")
    print("baselines (peak RSS of the process: VmHWM sampled every 0.05 s):")
    for label, measured in base_runs:
        print(f"  {label:<28} {mib(measured.max_rss)}  ({measured.seconds:.1f} s)")
    if args.out:
        payload = {
            "pages": args.pages,
            "workers": args.workers,
            "engine": args.engine,
            "seconds": run.seconds,
            "stats": stats,
            "peak": peak,
            "main_max_rss": run.max_rss,
            "baselines": {label: m.max_rss for label, m in base_runs},
            "samples": [asdict(s) for s in samples],
        }
        args.out.write_text(json.dumps(payload, indent=1) + "\n")
        print(f"samples written to {args.out}")


if __name__ == "__main__":
    main()
