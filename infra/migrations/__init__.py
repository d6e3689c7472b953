"""Catalog schema migrations (Alembic), configured in code: no alembic.ini is needed.

Contract:
- ``upgrade_to_head(engine)`` brings the catalog to the newest revision and is safe to call
  from many processes at once: the migration runs in one transaction that first takes a lock
  (a PostgreSQL advisory lock; ``BEGIN IMMEDIATE`` on SQLite), so the losers wait and then
  find the catalog already at head. A catalog already at head costs one small query.
- A catalog made by the old ``create_all`` (its tables exist, no ``alembic_version``) is
  recognised: complete, it is stamped with the initial revision; older and missing tables, the
  initial revision creates only those. Its rows are never touched.
- ``current_revision`` / ``head_revision`` say where a catalog stands.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

HERE = Path(__file__).resolve().parent
BASELINE = "0001"
BASELINE_TABLES = frozenset(
    {"batches", "originals", "quarantine", "page_ocr", "records", "corrections", "audit_log"}
)
# pg_advisory_xact_lock key: any constant shared by every arkki process ("arkki" in ASCII)
LOCK_KEY = 0x61726B6B69

log = logging.getLogger(__name__)


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@cache
def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "infra/migrations/versions has no revision"
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(engine: Engine) -> bool:
    """Migrate the catalog to head; returns True where anything was run."""
    with engine.connect() as conn:
        if current_revision(conn) == head_revision():
            return False
    with engine.begin() as conn:
        _lock(conn)
        config = alembic_config(conn)
        if current_revision(conn) == head_revision():
            return False  # another process migrated it while this one waited
        tables = set(inspect(conn).get_table_names())
        if "alembic_version" not in tables and tables & BASELINE_TABLES:
            log.info("catalog made before migrations: adopting it (%s)", sorted(tables))
            if tables >= BASELINE_TABLES:
                command.stamp(config, BASELINE)
        command.upgrade(config, "head")
    return True


def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    elif conn.dialect.name == "sqlite":
        # pysqlite begins transactions lazily and never before DDL; take the write lock now so
        # that the check above and the DDL below are one atomic step
        conn.exec_driver_sql("BEGIN IMMEDIATE")
