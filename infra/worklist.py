"""The archivists' national work queue, the web app's users and its uploads, in the catalog.

Tables (on the catalog's ``metadata_obj``, created by migration 0002):
- ``review_tasks``: one small row per ``needs_review`` record (id, agency, type, reason kinds,
  priority, created_at, state, lease holder and expiry). The ``records`` table stays the
  source of truth: ``sync_tasks`` adds a task for every ``needs_review`` record without one
  and drops tasks whose record left review (approved by the web app or ``arkki correct``), so
  a record written by any process (the ingest flow, a worker on another machine) enters the
  queue without a hook in the ingest. A task ``returned`` to the registry leaves the queue
  until it is reopened.
- ``web_users``: local accounts (argon2 hash; ``agencies`` is ``*`` for a national role).
- ``web_uploads``: batches uploaded in the browser and the ingest process started for them.

Contract of the lease: ``claim`` and ``claim_next`` take a task only with a conditional
``UPDATE ... WHERE lease is free or expired`` and trust the row count, so two archivists
claiming at once on SQLite or PostgreSQL never get the same task (PostgreSQL re-checks the
WHERE after waiting on the other writer's row lock; SQLite has one writer at a time). An
expired lease is free again. Datetimes are timezone-aware UTC.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Index,
    Integer,
    String,
    Table,
    Text,
    and_,
    delete,
    exists,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Connection

from infra.catalog import Catalog, UTCDateTime, metadata_obj, now, records

LEASE = timedelta(minutes=15)
OPEN, RETURNED = "open", "returned"

review_tasks = Table(
    "review_tasks",
    metadata_obj,
    Column("record_id", String(64), primary_key=True),
    Column("agency", String(32), nullable=False),
    Column("doc_type", String(32), nullable=False),
    Column("reasons", String(255), nullable=False),  # ",kind,kind," (see reason_kinds)
    Column("priority", Integer, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("state", String(16), nullable=False),
    Column("note", Text, nullable=False),
    Column("lease_holder", String(128), nullable=True),
    Column("lease_expires", UTCDateTime(), nullable=True),
    Index("ix_review_tasks_queue", "state", "priority", "created_at"),
    Index("ix_review_tasks_agency", "agency", "created_at"),
    Index("ix_review_tasks_lease", "lease_holder", "lease_expires"),
)
# the sync reads needs_review records; without this it would scan every record
records_status_index = Index("ix_records_status", records.c.status)

web_users = Table(
    "web_users",
    metadata_obj,
    Column("username", String(128), primary_key=True),
    Column("password_hash", Text, nullable=False),
    Column("role", String(32), nullable=False),
    Column("agencies", String(255), nullable=False),  # "*" or "UUDELY" or "UUDELY,VARELY"
    Column("display_name", String(255), nullable=False),
    Column("language", String(8), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
)

web_uploads = Table(
    "web_uploads",
    metadata_obj,
    Column("id", String(64), primary_key=True),
    Column("agency", String(32), nullable=False, index=True),
    Column("uploaded_by", String(128), nullable=False),
    Column("folder", Text, nullable=False),
    Column("batch_id", String(64), nullable=False),
    Column("files", Integer, nullable=False),
    Column("documents", Integer, nullable=False),
    Column("state", String(16), nullable=False),  # running | done | quarantine | failed
    Column("message", Text, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
)

# reason kinds as shown (most urgent first), and how the pipeline's reason text starts
KINDS = (
    "quarantine",
    "no_text",
    "ocr_quality",
    "doc_type",
    "records_class",
    "missing_field",
    "pdf",
    "other",
)
_PREFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("quarantine", ("file quarantined",)),
    ("no_text", ("no text was recognised", "every page looks blank")),
    ("doc_type", ("document type uncertain",)),
    ("records_class", ("records-plan class uncertain",)),
    ("missing_field", ("no document date", "no diary number", "no business id")),
    ("pdf", ("searchable pdf",)),
    ("ocr_quality", ("page ",)),  # OCR quality flags and failed pages
)
PRIORITY = {"quarantine": 3, "no_text": 3, "ocr_quality": 2, "doc_type": 2, "records_class": 2}


def reason_kinds(reasons: list[str]) -> list[str]:
    """The kinds of a record's review reasons, in ``KINDS`` order, without repeats."""
    found: set[str] = set()
    for reason in reasons:
        lowered = reason.lower()
        kind = next((k for k, starts in _PREFIXES if lowered.startswith(starts)), "other")
        found.add(kind)
    return [k for k in KINDS if k in found]


def priority(kinds: list[str]) -> int:
    """3 nothing usable was read, 2 a proposal is doubtful, 1 a detail is missing."""
    return max((PRIORITY.get(k, 1) for k in kinds), default=1)


@dataclass(frozen=True)
class TaskFilter:
    agencies: tuple[str, ...] | None = None  # None: every agency
    agency: str | None = None
    reason: str | None = None
    doc_type: str | None = None

    def clauses(self) -> list[Any]:
        c = review_tasks.c
        out: list[Any] = [c.state == OPEN]
        if self.agencies is not None:
            out.append(c.agency.in_(self.agencies))
        if self.agency:
            out.append(c.agency == self.agency)
        if self.doc_type:
            out.append(c.doc_type == self.doc_type)
        if self.reason:
            out.append(c.reasons.contains(f",{self.reason},", autoescape=True))
        return out


class LeaseLost(Exception):
    """The task is not (or no longer) leased to this user."""


def _free(at: datetime) -> Any:
    c = review_tasks.c
    return or_(c.lease_holder.is_(None), c.lease_expires.is_(None), c.lease_expires < at)


class Worklist:
    """The queue on one catalog. Cheap to create; every method is one short transaction."""

    def __init__(self, catalog: Catalog, lease: timedelta = LEASE) -> None:
        self.engine = catalog.engine
        self.lease = lease

    # entering and leaving the queue
    def sync_tasks(self) -> tuple[int, int]:
        """Add tasks for needs_review records without one and drop tasks whose record is no
        longer in review. Returns (added, dropped). The steady state costs two index scans."""
        r, t = records, review_tasks
        with self.engine.begin() as conn:
            missing = conn.execute(
                select(r.c.id, r.c.agency, r.c.doc_type, r.c.record, r.c.created_at).where(
                    r.c.status == "needs_review",
                    ~exists().where(t.c.record_id == r.c.id),
                )
            ).all()
            rows = [_task_row(*m) for m in missing]
            for start in range(0, len(rows), 500):
                conn.execute(_insert_ignore(conn, rows[start : start + 500]))
            dropped = conn.execute(
                delete(t).where(
                    ~exists().where(r.c.id == t.c.record_id, r.c.status == "needs_review")
                )
            ).rowcount
        return len(rows), int(dropped or 0)

    def finish(self, record_id: str) -> None:
        """The record left review: its task goes (sync would drop it too)."""
        with self.engine.begin() as conn:
            conn.execute(delete(review_tasks).where(review_tasks.c.record_id == record_id))

    def return_to_registry(self, record_id: str, user: str, note: str) -> None:
        with self.engine.begin() as conn:
            done = conn.execute(
                update(review_tasks)
                .where(self._held(record_id, user, now()))
                .values(state=RETURNED, note=note, lease_holder=None, lease_expires=None)
            ).rowcount
        if done != 1:
            raise LeaseLost(record_id)

    def reopen(self, record_id: str) -> bool:
        with self.engine.begin() as conn:
            return bool(
                conn.execute(
                    update(review_tasks)
                    .where(review_tasks.c.record_id == record_id, review_tasks.c.state == RETURNED)
                    .values(state=OPEN)
                ).rowcount
            )

    # leases
    def claim(self, record_id: str, user: str) -> bool:
        """Lease one task to ``user`` (or renew the user's own lease); False where another
        holds it or the task is not open."""
        at = now()
        c = review_tasks.c
        with self.engine.begin() as conn:
            result = conn.execute(
                update(review_tasks)
                .where(
                    c.record_id == record_id,
                    c.state == OPEN,
                    or_(_free(at), c.lease_holder == user),
                )
                .values(lease_holder=user, lease_expires=at + self.lease)
                .execution_options(preserve_rowcount=True)
            )
            return result.rowcount == 1

    def claim_next(self, user: str, where: TaskFilter, attempts: int = 20) -> str | None:
        """The user's leased task if any, else the most urgent, oldest free task, leased."""
        held = self.held_by(user)
        if held is not None and self.claim(held, user):
            return held
        c = review_tasks.c
        for _ in range(attempts):
            with self.engine.connect() as conn:
                candidate = conn.execute(
                    select(c.record_id)
                    .where(*where.clauses(), _free(now()))
                    .order_by(c.priority.desc(), c.created_at, c.record_id)
                    .limit(1)
                ).scalar()
            if candidate is None:
                return None
            at = now()
            with self.engine.begin() as conn:
                won = conn.execute(
                    update(review_tasks)
                    .where(c.record_id == candidate, c.state == OPEN, _free(at))
                    .values(lease_holder=user, lease_expires=at + self.lease)
                    .execution_options(preserve_rowcount=True)
                ).rowcount
            if won == 1:
                return str(candidate)
        return None  # lost every race: the caller may simply try again

    def release(self, record_id: str, user: str) -> bool:
        with self.engine.begin() as conn:
            return bool(
                conn.execute(
                    update(review_tasks)
                    .where(self._held(record_id, user, now()))
                    .values(lease_holder=None, lease_expires=None)
                ).rowcount
            )

    def holds(self, record_id: str, user: str) -> bool:
        with self.engine.connect() as conn:
            return (
                conn.execute(
                    select(review_tasks.c.record_id).where(self._held(record_id, user, now()))
                ).first()
                is not None
            )

    def held_by(self, user: str) -> str | None:
        c = review_tasks.c
        with self.engine.connect() as conn:
            found = conn.execute(
                select(c.record_id)
                .where(c.lease_holder == user, c.lease_expires >= now(), c.state == OPEN)
                .order_by(c.lease_expires.desc())
                .limit(1)
            ).scalar()
        return None if found is None else str(found)

    @staticmethod
    def _held(record_id: str, user: str, at: datetime) -> Any:
        c = review_tasks.c
        return and_(
            c.record_id == record_id,
            c.state == OPEN,
            c.lease_holder == user,
            c.lease_expires >= at,
        )

    # reading
    def task(self, record_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(review_tasks).where(review_tasks.c.record_id == record_id)
            ).mappings()
            first = row.first()
        return _shown(dict(first)) if first else None

    def tasks(self, where: TaskFilter, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        c = review_tasks.c
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(review_tasks)
                .where(*where.clauses())
                .order_by(c.priority.desc(), c.created_at, c.record_id)
                .limit(limit)
                .offset(offset)
            ).mappings()
            return [_shown(dict(r)) for r in rows]

    def count(self, where: TaskFilter) -> int:
        with self.engine.connect() as conn:
            found = conn.execute(
                select(func.count()).select_from(review_tasks).where(*where.clauses())
            ).scalar()
        return int(found or 0)

    def summary(self, agencies: tuple[str, ...] | None) -> list[dict[str, Any]]:
        """Open tasks and the oldest one's creation time per agency."""
        c = review_tasks.c
        query = (
            select(c.agency, func.count(), func.min(c.created_at))
            .where(*TaskFilter(agencies=agencies).clauses())
            .group_by(c.agency)
            .order_by(c.agency)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [{"agency": a, "open": int(n), "oldest": oldest} for a, n, oldest in rows]

    def returned(self, agencies: tuple[str, ...] | None) -> list[dict[str, Any]]:
        c = review_tasks.c
        query = select(review_tasks).where(c.state == RETURNED).order_by(c.created_at)
        if agencies is not None:
            query = query.where(c.agency.in_(agencies))
        with self.engine.connect() as conn:
            return [_shown(dict(r)) for r in conn.execute(query).mappings()]


def _shown(row: dict[str, Any]) -> dict[str, Any]:
    row["reasons"] = [k for k in str(row["reasons"]).split(",") if k]
    return row


def _task_row(
    record_id: str, agency: str, doc_type: str, record_json: str, created_at: datetime
) -> dict[str, Any]:
    try:
        reasons = list(json.loads(record_json).get("review_reasons") or [])
    except (ValueError, AttributeError):
        reasons = []
    kinds = reason_kinds([str(r) for r in reasons]) or ["other"]
    return {
        "record_id": record_id,
        "agency": agency,
        "doc_type": doc_type,
        "reasons": "," + ",".join(kinds) + ",",
        "priority": priority(kinds),
        "created_at": created_at,
        "state": OPEN,
        "note": "",
        "lease_holder": None,
        "lease_expires": None,
    }


def _insert_ignore(conn: Connection, rows: list[dict[str, Any]]) -> Any:
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(review_tasks).values(rows).on_conflict_do_nothing()
    if conn.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(review_tasks).values(rows).on_conflict_do_nothing()
    raise ValueError(f"catalog dialect {conn.dialect.name} is not supported")
