"""Fixity: re-read stored objects and compare their SHA-256 with the catalog.

Contract:
- The objects checked are those the catalog knows: every original (``originals``: key and
  SHA-256), and per record not destroyed its searchable PDF (SHA-256 in the record), page
  text, ALTO and OCR result, and ``records/<id>/text.txt`` and ``record.json`` (whose SHA-256
  only the store's own metadata holds: for these the store's recorded checksum is the
  reference). ``sync`` adds new keys to ``fixity_state``; content destroyed in disposition
  leaves it (and is not added again unless the same object is stored again).
- ``due(share)`` picks the least recently checked objects (never-checked first): at least
  ``ceil(share × objects)`` and in any case every object not checked for a year, so a daily
  run with ``share ≥ 1/365`` (0.0027 checks 98.6 % a year; the overdue rule covers the rest)
  re-reads every object at least once a year.
- ``check`` reads the object through the store, which re-hashes it against its recorded
  SHA-256 (a changed object is never served: ``ChecksumMismatch``), then compares the
  recorded SHA-256 with the catalog's. Results: ``ok``, ``mismatch`` or ``missing``; each
  is written to ``fixity_state`` with the time, and every problem gets an audit row.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from posixpath import dirname
from typing import Any

from sqlalchemy import bindparam, func, select, update

from infra.catalog import Catalog, audit_log, now, originals
from infra.lifecycle import BLOCKED, DESTROYED, destructions, fixity_state
from infra.store import ChecksumMismatch, ObjectNotFound, ObjectStore, StoreError

YEAR = timedelta(days=365)
PAGE_FILES = ("page.pdf", "page.txt", "alto.xml", "result.json")


@dataclass(frozen=True)
class Outcome:
    key: str
    result: str  # ok | mismatch | missing
    size: int
    detail: str = ""


@dataclass
class FixityReport:
    checked: int = 0
    bytes: int = 0
    seconds: float = 0.0
    problems: list[Outcome] = field(default_factory=list)
    total_objects: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "checked": self.checked,
            "bytes": self.bytes,
            "seconds": round(self.seconds, 3),
            "total_objects": self.total_objects,
            "ok": self.checked - len(self.problems),
            "problems": [
                {"key": p.key, "result": p.result, "detail": p.detail} for p in self.problems
            ],
        }


def inventory(catalog: Catalog) -> Iterator[tuple[str, str | None]]:
    """(key, the catalog's SHA-256 or None) of every object the catalog knows."""
    last = ""
    while True:
        with catalog.engine.connect() as conn:
            rows = conn.execute(
                select(originals.c.key, originals.c.sha256)
                .where(originals.c.key > last)
                .order_by(originals.c.key)
                .limit(2000)
            ).all()
        if not rows:
            break
        yield from ((str(k), str(s)) for k, s in rows)
        last = str(rows[-1][0])
    for row in catalog.iter_records():
        if row["status"] in (DESTROYED, BLOCKED):
            yield f"records/{row['id']}/record.json", None
            continue
        yield from record_objects(row["id"], json.loads(row["record"]))


def record_objects(record_id: str, record: dict[str, Any]) -> Iterator[tuple[str, str | None]]:
    """A record's objects other than its originals (derivatives, page files, text)."""
    for derivative in record.get("derivatives") or []:
        yield derivative["key"], derivative["sha256"]
    for folder in page_folders(record):
        for name in PAGE_FILES:
            yield f"{folder}/{name}", None
    yield f"records/{record_id}/text.txt", None
    yield f"records/{record_id}/record.json", None


def page_folders(record: dict[str, Any]) -> list[str]:
    folders = {
        dirname(page.get("text_key") or page.get("alto_key") or "")
        for page in record.get("pages") or []
    }
    return sorted(f for f in folders if f)


def sync(catalog: Catalog, store: ObjectStore) -> int:
    """Add the catalog's objects to ``fixity_state``; page files the store lacks (a page that
    had a text layer has no page.pdf) are not added. Returns the number of objects added."""
    with catalog.engine.connect() as conn:
        known = {str(k) for (k,) in conn.execute(select(fixity_state.c.key))}
        gone = {  # destroyed in disposition (the originals table keeps their rows)
            o["key"]
            for (objects,) in conn.execute(select(destructions.c.objects))
            for o in json.loads(objects)
            if o["result"] in ("deleted", "absent")
        }
    new: list[dict[str, Any]] = []
    for key, sha in inventory(catalog):
        if key in known:
            continue
        known.add(key)
        if key in gone and store.head(key) is None:
            continue
        if sha is None and key.startswith("derivatives/pages/") and store.head(key) is None:
            continue
        new.append({"key": key, "sha256": sha, "last_checked": None, "result": None})
    with catalog.engine.begin() as conn:
        for start in range(0, len(new), 1000):
            conn.execute(fixity_state.insert(), new[start : start + 1000])
    return len(new)


def due(
    catalog: Catalog, share: float | None, at: datetime | None = None
) -> list[tuple[str, str | None]]:
    """The objects to check now: all (``share`` None) or a share, least recently checked."""
    at = at or now()
    c = fixity_state.c
    order = (c.last_checked.is_not(None), c.last_checked, c.key)  # never checked first
    with catalog.engine.connect() as conn:
        total = int(conn.execute(select(func.count()).select_from(fixity_state)).scalar() or 0)
        if share is None:
            limit = total
        else:
            overdue = conn.execute(
                select(func.count())
                .select_from(fixity_state)
                .where((c.last_checked.is_(None)) | (c.last_checked < at - YEAR))
            ).scalar()
            limit = min(total, max(math.ceil(share * total), int(overdue or 0)))
        rows = conn.execute(select(c.key, c.sha256).order_by(*order).limit(limit)).all()
    return [(str(k), None if s is None else str(s)) for k, s in rows]


def count(catalog: Catalog) -> int:
    with catalog.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(fixity_state)).scalar() or 0)


def check(store: ObjectStore, key: str, expected: str | None) -> Outcome:
    """Re-read one object and compare; never raises for what it finds."""
    try:
        head = store.head(key)
        if head is None:
            return Outcome(key, "missing", 0, "the object is not in the store")
        data = store.get_bytes(key)  # re-hashed against the recorded SHA-256 by the store
    except ObjectNotFound:
        return Outcome(key, "missing", 0, "the object is not in the store")
    except ChecksumMismatch as error:
        return Outcome(key, "mismatch", 0, str(error).splitlines()[0])
    except StoreError as error:
        return Outcome(key, "missing", 0, f"unreadable: {str(error).splitlines()[0]}")
    actual = hashlib.sha256(data).hexdigest()
    if expected is not None and actual != expected:
        return Outcome(
            key, "mismatch", len(data), f"SHA-256 {actual} differs from the catalog's {expected}"
        )
    return Outcome(key, "ok", len(data))


def run(
    catalog: Catalog,
    store: ObjectStore,
    share: float | None,
    actor: str,
    progress: Callable[[int, int], None] | None = None,
) -> FixityReport:
    """Sync, pick the due objects, check them, record the results and audit the problems."""
    import time

    started = time.perf_counter()
    sync(catalog, store)
    chosen = due(catalog, share)
    report = FixityReport(total_objects=count(catalog))
    pending: list[Outcome] = []
    for done, (key, expected) in enumerate(chosen, start=1):
        outcome = check(store, key, expected)
        report.checked += 1
        report.bytes += outcome.size
        if outcome.result != "ok":
            report.problems.append(outcome)
        pending.append(outcome)
        if len(pending) >= 500:
            _save(catalog, pending, actor)
            pending = []
        if progress is not None:
            progress(done, len(chosen))
    _save(catalog, pending, actor)
    report.seconds = time.perf_counter() - started
    return report


def _save(catalog: Catalog, outcomes: list[Outcome], actor: str) -> None:
    if not outcomes:
        return
    at = now()
    c = fixity_state.c
    statement = (
        update(fixity_state)
        .where(c.key == bindparam("k"))
        .values(last_checked=bindparam("at"), result=bindparam("r"), detail=bindparam("d"))
    )
    with catalog.engine.begin() as conn:
        conn.execute(
            statement, [{"k": o.key, "at": at, "r": o.result, "d": o.detail} for o in outcomes]
        )
        for outcome in outcomes:
            if outcome.result == "ok":
                continue
            conn.execute(
                audit_log.insert().values(
                    at=at,
                    actor=actor,
                    action=f"fixity-{outcome.result}",
                    record_id=_record_of(outcome.key),
                    detail=json.dumps({"key": outcome.key, "detail": outcome.detail}),
                )
            )


def _record_of(key: str) -> str | None:
    parts = key.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "records" else None


def last_results(catalog: Catalog) -> dict[str, int]:
    """How many objects' last check found each result (None: never checked)."""
    c = fixity_state.c
    with catalog.engine.connect() as conn:
        rows = conn.execute(select(c.result, func.count()).group_by(c.result)).all()
    return {str(r or "never"): int(n) for r, n in rows}
