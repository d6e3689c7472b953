"""Records lifecycle: holds (and the records of a list hold), destructions, disposition
approvals and the per-object fixity state.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# The tables live on the catalog's metadata in infra/lifecycle.py; importing it here puts them
# on ``metadata_obj`` in every process that opens a catalog, so the drift check compares them.
import infra.lifecycle  # noqa: F401

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "holds",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("scope", sa.String(16), nullable=False),
        sa.Column("value", sa.String(255), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("placed_by", sa.String(128), nullable=False),
        sa.Column("placed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lifted_by", sa.String(128), nullable=True),
        sa.Column("lifted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lift_reason", sa.Text, nullable=True),
    )
    op.create_index("ix_holds_active", "holds", ["lifted_at", "scope"])
    op.create_table(
        "hold_records",
        sa.Column("hold_id", sa.Integer, primary_key=True),
        sa.Column("record_id", sa.String(64), primary_key=True),
    )
    op.create_index("ix_hold_records_record", "hold_records", ["record_id"])
    op.create_table(
        "destructions",
        sa.Column("record_id", sa.String(64), primary_key=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("certificate", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("objects", sa.Text, nullable=False),
    )
    op.create_table(
        "disposition_approvals",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("record_ids", sa.Text, nullable=False),
        sa.Column("selection", sa.Text, nullable=False),
        sa.Column("first_by", sa.String(128), nullable=False),
        sa.Column("first_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("second_by", sa.String(128), nullable=True),
        sa.Column("second_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("needs_second", sa.Integer, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("certificate", sa.String(64), nullable=True),
    )
    op.create_table(
        "fixity_state",
        sa.Column("key", sa.String(512), primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("last_checked", sa.DateTime(timezone=True), nullable=True),
        sa.Column("result", sa.String(16), nullable=True),
        sa.Column("detail", sa.Text, nullable=True),
    )
    op.create_index("ix_fixity_state_due", "fixity_state", ["last_checked"])


def downgrade() -> None:
    op.drop_table("fixity_state")
    op.drop_table("disposition_approvals")
    op.drop_table("destructions")
    op.drop_table("hold_records")
    op.drop_table("holds")
