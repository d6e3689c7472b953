"""Fixity throughput: N small objects on the local store (default 100,000 of 2–8 KB), checked
by ``infra.fixity.run`` (catalog lookups, re-read, SHA-256, results written back), against a
plain ``hashlib.sha256`` loop over the same files in the same run.

The objects are laid out as LocalObjectStore does (file + ``.meta.json`` sidecar) but
written directly, without an fsync each, so setting up 100,000 takes seconds; they are
registered in a fresh SQLite catalog as originals.

    .venv/bin/python bench/fixity_throughput.py [--objects 100000] [--dir /tmp/fixity-bench]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import time
from pathlib import Path

from infra import fixity
from infra.catalog import Catalog, now, originals
from infra.store import LocalObjectStore, ObjectHead, original_key


def setup(root: Path, count: int) -> tuple[Catalog, LocalObjectStore, int]:
    store = LocalObjectStore(root / "objects")
    catalog = Catalog(f"sqlite:///{root / 'catalog.sqlite'}")
    rows, total = [], 0
    for n in range(count):
        data = os.urandom(2048 + (n % 7) * 1024)
        sha = hashlib.sha256(data).hexdigest()
        key = original_key(sha)
        path = store.root / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        head = ObjectHead(key=key, size=len(data), sha256=sha)
        (path.parent / (path.name + ".meta.json")).write_text(head.model_dump_json())
        rows.append({"sha256": sha, "size": len(data), "key": key, "first_name": f"{n}.tif",
                     "created_at": now()})  # fmt: skip
        total += len(data)
    with catalog.engine.begin() as conn:
        for start in range(0, len(rows), 5000):
            conn.execute(originals.insert(), rows[start : start + 5000])
    return catalog, store, total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--objects", type=int, default=100_000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/fixity-bench"))
    args = parser.parse_args()
    shutil.rmtree(args.dir, ignore_errors=True)
    args.dir.mkdir(parents=True)
    started = time.perf_counter()
    catalog, store, total = setup(args.dir, args.objects)
    setup_s = time.perf_counter() - started
    keys = [store.root / k for k, _ in fixity.inventory(catalog)]
    started = time.perf_counter()
    for path in keys:
        hashlib.sha256(path.read_bytes()).hexdigest()
    plain_s = time.perf_counter() - started
    report = fixity.run(catalog, store, None, "bench")
    mb = total / 1e6
    result = {
        "objects": args.objects,
        "megabytes": round(mb, 1),
        "setup_s": round(setup_s, 1),
        "plain_sha256_loop": {"seconds": round(plain_s, 2),
                              "objects_per_s": round(args.objects / plain_s),
                              "mb_per_s": round(mb / plain_s, 1)},
        "fixity_all": {"seconds": round(report.seconds, 2), "checked": report.checked,
                       "problems": len(report.problems),
                       "objects_per_s": round(report.checked / report.seconds),
                       "mb_per_s": round(report.bytes / 1e6 / report.seconds, 1)},
    }  # fmt: skip
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
