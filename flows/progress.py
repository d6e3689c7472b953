"""Progress events from the flow to whoever shows them (the CLI's Rich bars, a web page)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
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
