"""Time and peak memory of `arkki export sahke2` over a large series, against baselines.

Series: --sizes records (default 1,000 and 10,000) in one batch, generated with the record
builder of tests/test_sahke2.py (every document type, image masters with a PDF/A-2b
derivative); cases of 1-9 records (5 on average). Each record's original and derivative are
small generated objects (2 KiB and 4 KiB) put into a LocalObjectStore, so the export's
checksum verification reads and hashes real bytes; the records go into a fresh SQLite
catalog. Building them is not timed.

Each measurement runs in a fresh Python process (``--mode``). The imports are timed apart;
then the kernel's peak-RSS mark is reset (``/proc/self/clear_refs``) and the work is timed;
reported: wall time of the work, peak RSS over the RSS before the work (VmHWM - VmRSS), and,
in a second run of the same mode, the peak of the Python heap allocated by the work
(``tracemalloc`` started after the imports):
- ``imports``: the imports and an opened catalog only (the floor of every other mode);
- ``read``: a plain loop that reads and parses every record of the batch from the catalog
  (in pages of 500) and keeps none;
- ``streamed``: ``flows.export_cli.run_export_sahke2`` (= `arkki export sahke2 --batch`);
- ``oneshot``: every record in memory, ``build_sahke2`` (the whole XML in memory), written.
The streamed and one-shot files are compared byte for byte, and the streamed file of the
largest series is validated against the XSD where ../shared holds it.

Usage (repository root):
  PYTHONPATH=. .venv/bin/python bench/export_series.py [--sizes 1000 10000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MODES = ("imports", "read", "streamed", "oneshot")
BATCH = "bench-series"
MIB = 1024 * 1024


# ------------------------------------------------------------------------------------------
# The series


def build_series(home: Path, count: int) -> None:
    """``count`` stored records of batch BATCH in home/catalog.sqlite and home/objects."""
    sys.path.insert(0, str(ROOT / "tests"))
    from sqlalchemy import insert
    from test_sahke2 import MEDIA, make_record

    from archive_schema.record import Derivative, StoredFile
    from infra.catalog import Catalog, now
    from infra.catalog import records as records_table
    from infra.store import LocalObjectStore
    from metadata.models import DOC_TYPES

    store = LocalObjectStore(home / "objects")
    catalog = Catalog(f"sqlite:///{home / 'catalog.sqlite'}")
    types = sorted(DOC_TYPES)
    objects: list[tuple[str, bytes]] = []
    rows: list[dict[str, Any]] = []
    case, left = 0, 0
    for i in range(count):
        if left == 0:
            case, left = case + 1, 1 + case % 9
        left -= 1
        rid = f"{i:08d}"
        original = _content(rid, "original", 2048)
        pdf = _content(rid, "pdf", 4096)
        sha = hashlib.sha256(original).hexdigest()
        record = make_record(
            rid,
            types[i % len(types)],
            [f"UUDELY/{case}/2017"],
            day=date(2017, 1, 1) + timedelta(days=i % 365),
            batch_id=BATCH,
            files=[
                StoredFile(
                    name=f"scans/{rid}.tif",
                    sha256=sha,
                    size=len(original),
                    key=f"originals/{sha}",
                    media_type=MEDIA[i % len(MEDIA)],
                )
            ],
            derivatives=[
                Derivative(
                    kind="searchable-pdf",
                    key=f"derivatives/{rid}.pdf",
                    sha256=hashlib.sha256(pdf).hexdigest(),
                    size=len(pdf),
                    media_type="application/pdf",
                    conformance="PDF/A-2b",
                )
            ],
        )
        objects += [(f"originals/{sha}", original), (f"derivatives/{rid}.pdf", pdf)]
        rows.append(
            {
                "id": rid,
                "batch_id": BATCH,
                "status": record.status.value,
                "doc_type": record.description.doc_type,
                "agency": record.agency,
                "title": record.description.title,
                "record": record.model_dump_json(),
                "indexed": False,
                "created_at": now(),
            }
        )
    with catalog.engine.begin() as conn:
        conn.execute(insert(records_table), rows)
    with ThreadPoolExecutor(8) as pool:  # each put fsyncs; threads overlap the waits
        list(pool.map(lambda kv: store.put_bytes(*kv), objects))


def _content(rid: str, kind: str, size: int) -> bytes:
    seed = hashlib.sha256(f"{kind}:{rid}".encode()).digest()
    return (seed * (size // len(seed) + 1))[:size]


# ------------------------------------------------------------------------------------------
# One measurement (runs in its own process)


def measure(mode: str, home: Path, out: Path, trace: bool) -> dict[str, Any]:
    os.environ["ARKKI_HOME"] = str(home)
    os.environ.pop("ARKKI_STORE", None)
    os.environ.pop("ARKKI_CATALOG", None)
    os.environ.pop("ARKKI_RECORDS_PLAN", None)
    start = time.perf_counter()
    from archive_schema.sahke2 import build_sahke2
    from archive_schema.sahke2_model import TransferInfo
    from flows.config import Settings, open_catalog, open_plan, open_store
    from flows.export_cli import load_records, run_export_sahke2, select_ids, select_records

    settings = Settings.from_env()
    catalog = open_catalog(settings)
    info = TransferInfo(
        native_id="bench",
        title="bench series",
        contract_id="KA/1/2026",
        organisation="bench",
        contact_name="bench",
        contact_address="bench",
        contact_phone="0",
        contact_email="bench@example.fi",
    )
    imports_s = time.perf_counter() - start
    rss_before = _reset_peak_rss()
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    records = 0
    if mode == "read":
        for _record in load_records(catalog, select_ids(catalog, None, BATCH)):
            records += 1
    elif mode == "streamed":
        with open(os.devnull, "w") as quiet:
            saved, sys.stdout = sys.stdout, quiet
            try:
                code = run_export_sahke2(None, BATCH, out, info, False, settings)
            finally:
                sys.stdout = saved
        assert code == 0, "streamed export refused"
    elif mode == "oneshot":
        store = open_store(settings)

        def intact(file: Any) -> bool:
            return hashlib.sha256(store.get_bytes(file.key)).hexdigest() == file.sha256

        all_records = select_records(settings, None, BATCH)
        records = len(all_records)
        out.write_bytes(build_sahke2(all_records, open_plan(settings), info, verify=intact))
    wall = time.perf_counter() - start
    result: dict[str, Any] = {"mode": mode, "imports_s": round(imports_s, 2)}
    result["wall_s"] = round(wall, 3)
    if trace:
        result["heap_peak_mib"] = round(tracemalloc.get_traced_memory()[1] / MIB, 1)
    else:
        peak = _status_kib("VmHWM") / 1024
        result["rss_before_mib"] = round(rss_before, 1)
        result["rss_peak_mib"] = round(peak, 1)
        result["rss_growth_mib"] = round(peak - rss_before, 1)
    return result


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"/proc/self/status has no {field}")


def _reset_peak_rss() -> float:
    """Reset the kernel's peak-RSS mark (VmHWM) to the current RSS, so the peak measured
    afterwards is that of the work, not of the imports; returns the current RSS in MiB."""
    Path("/proc/self/clear_refs").write_text("5")
    return _status_kib("VmRSS") / 1024


def run_mode(mode: str, home: Path, out: Path, trace: bool) -> dict[str, Any]:
    command = [sys.executable, __file__, "--mode", mode, "--home", str(home), "--out", str(out)]
    done = subprocess.run(
        [*command, *(["--trace"] if trace else [])],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


# ------------------------------------------------------------------------------------------


def bench(sizes: list[int], keep: Path | None) -> list[dict[str, Any]]:
    results = []
    with tempfile.TemporaryDirectory(prefix="arkki-export-bench-") as scratch:
        base = keep or Path(scratch)
        for count in sizes:
            home = base / f"series-{count}"
            home.mkdir(parents=True, exist_ok=True)
            started = time.perf_counter()
            build_series(home, count)
            print(f"{count} records built in {time.perf_counter() - started:.1f} s", flush=True)
            row: dict[str, Any] = {"records": count}
            for mode in MODES:
                plain = run_mode(mode, home, home / f"{mode}.xml", trace=False)
                traced = run_mode(mode, home, home / f"{mode}-traced.xml", trace=True)
                row[mode] = {**plain, "heap_peak_mib": traced["heap_peak_mib"]}
                print(f"  {json.dumps(row[mode])}", flush=True)
            streamed, oneshot = home / "streamed.xml", home / "oneshot.xml"
            row["identical"] = streamed.read_bytes() == oneshot.read_bytes()
            row["xml_mib"] = round(streamed.stat().st_size / MIB, 1)
            row["xsd_valid"] = _validate(streamed) if count == max(sizes) else None
            results.append(row)
    return results


def _validate(path: Path) -> bool | None:
    from lxml import etree

    shared = ROOT.parent / "shared"
    found = sorted(shared.glob("schemas/**/Sahke2_2019_03.xsd")) if shared.is_dir() else []
    if not found:
        return None
    return bool(etree.XMLSchema(etree.parse(str(found[0]))).validate(etree.parse(str(path))))


def report(results: list[dict[str, Any]]) -> None:
    """Work only (after the imports): wall time, RSS growth over the RSS before the work,
    Python-heap peak (tracemalloc, started after the imports); ratios against ``read``."""
    print()
    print(
        f"{'records':>8} {'mode':>9} {'wall s':>8} {'RSS+ MiB':>9} {'heap MiB':>9} "
        f"{'time/read':>10} {'heap/read':>10}"
    )
    for row in results:
        read = row["read"]
        for mode in MODES:
            m = row[mode]
            print(
                f"{row['records']:>8} {mode:>9} {m['wall_s']:>8.2f} {m['rss_growth_mib']:>9.1f} "
                f"{m['heap_peak_mib']:>9.1f} {m['wall_s'] / read['wall_s']:>10.2f} "
                f"{m['heap_peak_mib'] / read['heap_peak_mib']:>10.2f}"
            )
        print(
            f"{'':>8} streamed == one-shot bytes: {row['identical']}; XML {row['xml_mib']} MiB;"
            f" XSD-valid: {row['xsd_valid']}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--keep", type=Path, help="build the series here and keep them")
    parser.add_argument("--mode", choices=MODES, help=argparse.SUPPRESS)
    parser.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode:
        print(json.dumps(measure(args.mode, args.home, args.out, args.trace)))
        return
    report(bench(args.sizes, args.keep))


if __name__ == "__main__":
    main()
