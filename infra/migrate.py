"""``python -m infra.migrate [--url URL] [--check]``: bring a catalog to the newest schema.

Opening a catalog migrates it anyway; this is for an operator who wants to do it before
starting workers, or to see where a catalog stands (``--check`` migrates nothing and exits 1
where the catalog is behind). The URL is ``--url``, else ARKKI_CATALOG, else
ARKKI_HOME/catalog.sqlite. Prints one line; errors are one line on stderr (exit 2).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from infra.catalog import CatalogError, make_engine
from infra.migrations import current_revision, head_revision, upgrade_to_head


def default_url() -> str | None:
    if os.environ.get("ARKKI_CATALOG"):
        return os.environ["ARKKI_CATALOG"]
    if os.environ.get("ARKKI_HOME"):
        return f"sqlite:///{Path(os.environ['ARKKI_HOME']).expanduser() / 'catalog.sqlite'}"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.migrate", description=__doc__)
    parser.add_argument("--url", default=default_url(), help="catalog SQLAlchemy URL")
    parser.add_argument("--check", action="store_true", help="only report the revision")
    args = parser.parse_args(argv)
    if not args.url:
        sys.stderr.write("infra.migrate: give --url, or set ARKKI_CATALOG or ARKKI_HOME\n")
        return 2
    try:
        engine = make_engine(args.url)
        shown = engine.url.render_as_string(hide_password=True)
        with engine.connect() as conn:
            before = current_revision(conn)
        if args.check:
            state = "up to date" if before == head_revision() else "behind"
            print(f"{shown}: at {before or 'no revision'}, head {head_revision()} ({state})")
            return 0 if before == head_revision() else 1
        upgrade_to_head(engine)
        print(f"{shown}: {before or 'no revision'} → {head_revision()}")
        return 0
    except (CatalogError, SQLAlchemyError) as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        sys.stderr.write(f"infra.migrate: {reason}\n")
        return 2


if __name__ == "__main__":
    sys.exit(main())
