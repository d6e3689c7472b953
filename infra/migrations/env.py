"""Alembic's environment for the catalog: runs on the connection ``infra.migrations`` hands it.

Configured in code (no alembic.ini): ``infra.migrations.alembic_config`` sets the script
location and puts an open connection, already inside the migration transaction and holding the
migration lock, into ``config.attributes["connection"]``. Offline (``--sql``) mode is not
supported.
"""

from __future__ import annotations

from alembic import context

from infra.catalog import metadata_obj

connection = context.config.attributes.get("connection")
if connection is None or context.is_offline_mode():
    raise RuntimeError("run catalog migrations through infra.migrations (python -m infra.migrate)")

context.configure(
    connection=connection,
    target_metadata=metadata_obj,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
