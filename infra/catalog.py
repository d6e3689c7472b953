"""The catalog: which batches, originals, pages and records exist, and in what state.

SQLite by default (one file under ARKKI_HOME) or PostgreSQL (``postgresql+psycopg://...``;
``postgresql://`` and ``postgres://`` mean the same), through SQLAlchemy Core with portable
types only. Opening a ``Catalog`` migrates it to the newest schema (``infra.migrations``).
Contract:
- ``register_original`` and ``add_record`` are idempotent, also when several processes race:
  an insert that meets an existing key does nothing (``ON CONFLICT DO NOTHING``); a record id
  is derived from the content of its source files, so the same document ingested twice is one
  row, and exactly one of two racing ``add_record`` calls returns True.
- Page OCR results are remembered by a key that covers the source file, page and OCR
  settings, so an interrupted batch resumes without OCR'ing a finished page again.
- ``correct_record`` changes a record only if nobody changed it since it was read
  (compare-and-swap: ``UPDATE ... WHERE record = <as read>``; PostgreSQL re-checks that
  condition after waiting on a concurrent writer's row lock, SQLite has one writer at a time),
  and writes the change, one ``corrections`` row per field and an ``audit_log`` row in the same
  transaction: a correction is never lost and never unaudited.
- Datetimes are timezone-aware UTC on the way in and out, on every backend.
- An engine is per process: after ``fork`` open a new ``Catalog``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Dialect,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    create_engine,
    event,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend.

    PostgreSQL stores ``timestamptz``; SQLite has no time zones, so the UTC wall time is stored
    (as the old catalog did) and UTC is attached again on reading.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"catalog datetimes must be timezone-aware, got {value}")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata_obj = MetaData()

batches = Table(
    "batches",
    metadata_obj,
    Column("id", String(64), primary_key=True),
    Column("source", Text, nullable=False),
    Column("agency", String(32), nullable=False),
    Column("series", String(128), nullable=False, default=""),
    Column("status", String(16), nullable=False),
    Column("report", Text, nullable=False, default="{}"),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
)

originals = Table(
    "originals",
    metadata_obj,
    Column("sha256", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("key", Text, nullable=False),
    Column("first_name", Text, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
)

quarantine = Table(
    "quarantine",
    metadata_obj,
    Column("batch_id", String(64), primary_key=True),
    Column("file", Text, primary_key=True),
    Column("sha256", String(64), nullable=True),
    Column("reason", Text, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
)

page_ocr = Table(
    "page_ocr",
    metadata_obj,
    Column("page_key", String(64), primary_key=True),
    Column("result_key", Text, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
)

records = Table(
    "records",
    metadata_obj,
    Column("id", String(64), primary_key=True),
    Column("batch_id", String(64), nullable=False, index=True),
    Column("status", String(16), nullable=False),
    Column("doc_type", String(32), nullable=False),
    Column("agency", String(32), nullable=False),
    Column("title", Text, nullable=False),
    Column("record", Text, nullable=False),
    Column("indexed", Boolean, nullable=False, default=False),
    Column("created_at", UTCDateTime(), nullable=False),
)


corrections = Table(
    "corrections",
    metadata_obj,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("record_id", String(64), nullable=False, index=True),
    Column("field", String(64), nullable=False),
    Column("old_value", Text, nullable=False),
    Column("new_value", Text, nullable=False),
    Column("actor", String(128), nullable=False),
    Column("reason", Text, nullable=False, default=""),
    Column("created_at", UTCDateTime(), nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata_obj,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UTCDateTime(), nullable=False),
    Column("actor", String(128), nullable=False),
    Column("action", String(64), nullable=False),
    Column("record_id", String(64), nullable=True, index=True),
    Column("detail", Text, nullable=False, default="{}"),
)


class ConcurrentChange(Exception):
    """The record changed between reading it and writing the correction."""


class CatalogError(Exception):
    """The catalog cannot be opened: a bad URL, an unsupported backend, an unreachable server."""


DIALECTS = ("sqlite", "postgresql")


def catalog_url(url: str) -> str:
    """The SQLAlchemy URL to open: ``postgresql://`` and ``postgres://`` go through psycopg 3."""
    for scheme in ("postgresql://", "postgres://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme) :]
    return url


def make_engine(url: str) -> Engine:
    """An engine for the catalog at ``url``; SQLite waits for a busy writer, PostgreSQL
    connections are checked before use, so a restarted server or a dropped idle connection
    costs a reconnect, not a failed task."""
    try:
        parsed = make_url(catalog_url(url))
    except ArgumentError as error:
        raise CatalogError(f"ARKKI_CATALOG={url}: not a database URL") from error
    if parsed.get_backend_name() not in DIALECTS:
        raise CatalogError(
            f"ARKKI_CATALOG={parsed.render_as_string(hide_password=True)}: "
            "only sqlite and postgresql catalogs are supported"
        )
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(
        parsed,
        pool_pre_ping=True,
        pool_size=5,  # a worker process holds one connection at a time, a few at most
        max_overflow=5,
        pool_timeout=60,
        pool_recycle=1800,
        connect_args={"connect_timeout": 10, "application_name": "arkki"},
    )


def now() -> datetime:
    return datetime.now(UTC)


class Catalog:
    def __init__(self, url: str, migrate: bool = True) -> None:
        """Open the catalog at ``url`` and, unless ``migrate`` is False, bring its schema to
        the newest revision; raises ``CatalogError`` with one line where it cannot."""
        self.engine: Engine = make_engine(url)
        if migrate:
            from infra.migrations import upgrade_to_head

            try:
                upgrade_to_head(self.engine)
            except OperationalError as error:
                self.engine.dispose()
                reason = str(error.orig or error).strip().splitlines()[0]
                raise CatalogError(f"catalog {self.describe()}: {reason}") from error

    def describe(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    # batches
    def upsert_batch(self, batch_id: str, source: str, agency: str, series: str) -> bool:
        """Create the batch row; returns False where it already existed (a resumed batch)."""
        at = now()
        with self.engine.begin() as conn:
            created = conn.execute(
                _insert_ignore(conn.dialect, batches).values(
                    id=batch_id,
                    source=source,
                    agency=agency,
                    series=series,
                    status="running",
                    report="{}",
                    created_at=at,
                    updated_at=at,
                )
            ).rowcount
            if not created:
                conn.execute(
                    update(batches)
                    .where(batches.c.id == batch_id)
                    .values(status="running", updated_at=at)
                )
            return bool(created)

    def finish_batch(self, batch_id: str, status: str, report: dict[str, Any]) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(batches)
                .where(batches.c.id == batch_id)
                .values(status=status, report=json.dumps(report, default=str), updated_at=now())
            )

    def batch(self, batch_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(batches).where(batches.c.id == batch_id)).mappings().first()
            return dict(row) if row else None

    # originals and quarantine
    def register_original(self, sha256: str, size: int, key: str, name: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                _insert_ignore(conn.dialect, originals).values(
                    sha256=sha256, size=size, key=key, first_name=name, created_at=now()
                )
            )

    def original(self, sha256: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(originals).where(originals.c.sha256 == sha256)).mappings()
            first = row.first()
            return dict(first) if first else None

    def quarantine_file(self, batch_id: str, file: str, sha256: str | None, reason: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                _insert_ignore(conn.dialect, quarantine).values(
                    batch_id=batch_id, file=file, sha256=sha256, reason=reason, created_at=now()
                )
            )

    def quarantined(self, batch_id: str) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(quarantine).where(quarantine.c.batch_id == batch_id).order_by("file")
            ).mappings()
            return [dict(r) for r in rows]

    # page OCR checkpoints
    def page_result_key(self, page_key: str) -> str | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(page_ocr.c.result_key).where(page_ocr.c.page_key == page_key)
            ).first()
            return str(row[0]) if row else None

    def remember_page(self, page_key: str, result_key: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                _insert_ignore(conn.dialect, page_ocr).values(
                    page_key=page_key, result_key=result_key, created_at=now()
                )
            )

    # records
    def add_record(
        self,
        record_id: str,
        batch_id: str,
        status: str,
        doc_type: str,
        agency: str,
        title: str,
        record_json: str,
    ) -> bool:
        """Insert a record; returns False (and changes nothing) where the id exists."""
        with self.engine.begin() as conn:
            result = conn.execute(
                _insert_ignore(conn.dialect, records).values(
                    id=record_id,
                    batch_id=batch_id,
                    status=status,
                    doc_type=doc_type,
                    agency=agency,
                    title=title,
                    record=record_json,
                    indexed=False,
                    created_at=now(),
                )
            )
            return bool(result.rowcount)

    def record(self, record_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(records).where(records.c.id == record_id)).mappings()
            first = row.first()
            return dict(first) if first else None

    def find_records(self, id_prefix: str, limit: int = 2) -> list[str]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                # ids are lowercase hex; lowering the prefix makes PostgreSQL's
                # case-sensitive LIKE answer as SQLite's case-insensitive one does
                select(records.c.id)
                .where(records.c.id.startswith(id_prefix.lower(), autoescape=True))
                .order_by(records.c.id)
                .limit(limit)
            )
            return [str(r[0]) for r in rows]

    def correct_record(
        self,
        record_id: str,
        expected_json: str,
        changes: dict[str, Any],
        fields: list[tuple[str, str, str]],
        actor: str,
        reason: str,
    ) -> None:
        """Write a corrected record where its stored JSON is still ``expected_json``.

        ``changes`` are the new column values (``record``, ``status``, ``doc_type``,
        ``title``); ``fields`` lists ``(field, old, new)`` per corrected field. The record is
        marked for re-indexing. Raises ``ConcurrentChange`` (and writes nothing) where
        another writer got there first, or its subclass ``infra.lifecycle.RecordHeld`` where
        the record is under a hold or was destroyed.
        """
        at = now()
        with self.engine.begin() as conn:
            # a held or destroyed record is not changed (infra/lifecycle.py; imported here
            # because its tables are defined on this module's metadata)
            from infra.lifecycle import RecordHeld, refusal

            refused = refusal(conn, record_id, expected_json)
            if refused is not None:
                raise RecordHeld(refused)
            result = conn.execute(
                update(records)
                .where(records.c.id == record_id, records.c.record == expected_json)
                .values(**changes, indexed=False)
            )
            if result.rowcount != 1:
                raise ConcurrentChange(f"record {record_id} changed meanwhile; read it again")
            for field, old, new in fields:
                conn.execute(
                    corrections.insert().values(
                        record_id=record_id,
                        field=field,
                        old_value=old,
                        new_value=new,
                        actor=actor,
                        reason=reason,
                        created_at=at,
                    )
                )
            detail: dict[str, Any] = {
                "fields": [{"field": f, "old": o, "new": n} for f, o, n in fields]
            }
            if reason:
                detail["reason"] = reason
            conn.execute(
                audit_log.insert().values(
                    at=at,
                    actor=actor,
                    action="correct",
                    record_id=record_id,
                    detail=json.dumps(detail, ensure_ascii=False),
                )
            )

    def audit(self, actor: str, action: str, record_id: str | None, detail: dict[str, Any]) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                audit_log.insert().values(
                    at=now(),
                    actor=actor,
                    action=action,
                    record_id=record_id,
                    detail=json.dumps(detail, ensure_ascii=False, default=str),
                )
            )

    def audit_trail(self, record_id: str | None = None) -> list[dict[str, Any]]:
        """Audit rows, oldest first; those of one record where ``record_id`` is given."""
        query = select(audit_log).order_by(audit_log.c.id)
        if record_id is not None:
            query = query.where(audit_log.c.record_id == record_id)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def corrections(self, field: str | None = None) -> list[dict[str, Any]]:
        """Correction rows in the order they were made (of one field where given)."""
        query = select(corrections).order_by(corrections.c.id)
        if field is not None:
            query = query.where(corrections.c.field == field)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def records_of_batch(self, batch_id: str) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(records).where(records.c.batch_id == batch_id).order_by(records.c.id)
            ).mappings()
            return [dict(r) for r in rows]

    def iter_records(self) -> Iterator[dict[str, Any]]:
        """Every record row, in id order, read in pages so memory stays bounded."""
        last = ""
        while True:
            with self.engine.connect() as conn:
                rows = [
                    dict(r)
                    for r in conn.execute(
                        select(records).where(records.c.id > last).order_by(records.c.id).limit(500)
                    ).mappings()
                ]
            if not rows:
                return
            yield from rows
            last = rows[-1]["id"]

    def mark_indexed(self, record_ids: list[str]) -> None:
        if not record_ids:
            return
        with self.engine.begin() as conn:
            conn.execute(update(records).where(records.c.id.in_(record_ids)).values(indexed=True))

    def unindexed(self) -> Iterator[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(records).where(records.c.indexed.is_(False))).mappings()
            yield from (dict(r) for r in rows.all())


def _insert(dialect: Dialect, table: Table) -> Any:
    """The dialect's own INSERT, which has ``on_conflict_do_nothing/do_update``."""
    if dialect.name == "sqlite":
        return sqlite.insert(table)
    if dialect.name == "postgresql":
        return postgresql.insert(table)
    raise CatalogError(f"catalog dialect {dialect.name} is not supported")


def _insert_ignore(dialect: Dialect, table: Table) -> Any:
    """INSERT that does nothing (rowcount 0) where the primary key exists; on PostgreSQL a
    racing insert of the same key waits for the other transaction, then does nothing.
    ``preserve_rowcount``: psycopg's INSERT rowcount is otherwise not kept (reads as -1)."""
    keys = [c.name for c in table.primary_key.columns]
    return (
        _insert(dialect, table)
        .on_conflict_do_nothing(index_elements=keys)
        .execution_options(preserve_rowcount=True)
    )


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
