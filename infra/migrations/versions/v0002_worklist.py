"""The web app's tables: the review work queue with leases, local users, uploads; and an
index on records.status for the queue's sync.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# The tables live on the catalog's metadata in infra/worklist.py; importing it here puts them
# on ``metadata_obj`` in every process that opens a catalog (which loads these revisions), so
# the drift check (tests/test_catalog_postgres.py) compares them too.
import infra.worklist  # noqa: F401

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_tasks",
        sa.Column("record_id", sa.String(64), primary_key=True),
        sa.Column("agency", sa.String(32), nullable=False),
        sa.Column("doc_type", sa.String(32), nullable=False),
        sa.Column("reasons", sa.String(255), nullable=False),
        sa.Column("priority", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("lease_holder", sa.String(128), nullable=True),
        sa.Column("lease_expires", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_review_tasks_queue", "review_tasks", ["state", "priority", "created_at"])
    op.create_index("ix_review_tasks_agency", "review_tasks", ["agency", "created_at"])
    op.create_index("ix_review_tasks_lease", "review_tasks", ["lease_holder", "lease_expires"])
    op.create_index("ix_records_status", "records", ["status"])
    op.create_table(
        "web_users",
        sa.Column("username", sa.String(128), primary_key=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("agencies", sa.String(255), nullable=False),
        sa.Column("display_name", sa.String(255), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "web_uploads",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("agency", sa.String(32), nullable=False),
        sa.Column("uploaded_by", sa.String(128), nullable=False),
        sa.Column("folder", sa.Text, nullable=False),
        sa.Column("batch_id", sa.String(64), nullable=False),
        sa.Column("files", sa.Integer, nullable=False),
        sa.Column("documents", sa.Integer, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_web_uploads_agency", "web_uploads", ["agency"])


def downgrade() -> None:
    op.drop_table("web_uploads")
    op.drop_table("web_users")
    op.drop_index("ix_records_status", "records")
    op.drop_table("review_tasks")
