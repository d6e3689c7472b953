"""Alembic revisions of the catalog, oldest first (see infra/migrations/__init__.py)."""
