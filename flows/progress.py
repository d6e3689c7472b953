"""Progress events from the flow to whoever shows them (the CLI's Rich bars, a web page)."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol


class ProgressSink(Protocol):
    def start(self, stage: str, total: int) -> None: ...

    def advance(self, stage: str, amount: int = 1) -> None: ...

    def grow(self, stage: str, amount: int) -> None: ...


class _Silent:
    def start(self, stage: str, total: int) -> None:
        pass

    def advance(self, stage: str, amount: int = 1) -> None:
        pass

    def grow(self, stage: str, amount: int) -> None:
        pass


_sink: ProgressSink = _Silent()


def sink() -> ProgressSink:
    return _sink


@contextmanager
def reporting_to(target: ProgressSink) -> Iterator[None]:
    global _sink
    previous, _sink = _sink, target
    try:
        yield
    finally:
        _sink = previous


class Interrupted(Exception):
    """The user asked the run to stop (Ctrl-C, SIGTERM); finished work is kept for the re-run.

    ``terminated`` says the stop came as SIGTERM (exit 143 rather than 130)."""

    def __init__(self, message: str = "interrupted", terminated: bool = False) -> None:
        super().__init__(message)
        self.terminated = terminated


stop_requested = threading.Event()


class SnapshotFile:
    """A progress sink that keeps every stage's done/total in a JSON file, for a web page to
    poll while ``arkki ingest`` runs in another process. The file is replaced atomically, at
    most every ``interval`` seconds and when a stage completes; ``close`` writes the last state.
    """

    def __init__(self, path: Path, interval: float = 0.5) -> None:
        self.path = path
        self.interval = interval
        self.stages: dict[str, dict[str, int]] = {}
        self._written = 0.0
        self._lock = threading.Lock()

    def start(self, stage: str, total: int) -> None:
        with self._lock:
            self.stages[stage] = {"done": 0, "total": total}
        self._write()

    def advance(self, stage: str, amount: int = 1) -> None:
        with self._lock:
            entry = self.stages.setdefault(stage, {"done": 0, "total": 0})
            entry["done"] += amount
            complete = entry["done"] >= entry["total"]
        self._write(force=complete)

    def grow(self, stage: str, amount: int) -> None:
        with self._lock:
            self.stages.setdefault(stage, {"done": 0, "total": 0})["total"] += amount
        self._write()

    def close(self) -> None:
        self._write(force=True)

    def _write(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._written < self.interval:
            return
        with self._lock:
            snapshot = json.dumps(self.stages)
            self._written = now
        try:
            tmp = self.path.with_name(self.path.name + ".tmp")
            tmp.write_text(snapshot)
            os.replace(tmp, self.path)
        except OSError:
            pass  # progress is a courtesy: a full disk must not stop the ingest


def read_snapshot(path: Path) -> dict[str, dict[str, int]]:
    """The stages in a ``SnapshotFile``'s file; {} where there is none (yet)."""
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
