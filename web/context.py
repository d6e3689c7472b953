"""What every request needs, opened once per app: settings, catalog, store, plan, queue."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from flows.config import Settings, open_catalog, open_plan, open_store
from infra.catalog import Catalog
from infra.store import ObjectStore
from infra.worklist import Worklist
from metadata.plan import RecordsPlan


@dataclass
class WebContext:
    settings: Settings
    catalog: Catalog
    store: ObjectStore
    plan: RecordsPlan
    worklist: Worklist
    start_ingest: bool = True
    max_upload_bytes: int = 2048 << 20
    sync_interval_s: float = 2.0
    _synced_at: float = field(default=-1e9, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def open(cls, settings: Settings, start_ingest: bool = True) -> WebContext:
        catalog = open_catalog(settings)
        return cls(
            settings=settings,
            catalog=catalog,
            store=open_store(settings),
            plan=open_plan(settings),
            worklist=Worklist(catalog),
            start_ingest=start_ingest,
        )

    @property
    def page_cache(self) -> Path:
        return self.settings.home / "cache" / "pages"

    def sync_queue(self, force: bool = False) -> None:
        """Bring the task table up to date with the records, at most every few seconds."""
        with self._lock:
            if not force and time.monotonic() - self._synced_at < self.sync_interval_s:
                return
            self.worklist.sync_tasks()
            self._synced_at = time.monotonic()
