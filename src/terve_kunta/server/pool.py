"""The worker processes that run the server's queries, each killed at the time limit.

Read-only, several workers open the database folder read-only side by side (Oxigraph
allows that while nobody writes). With updates allowed there is one worker, which
opens the folder for writing and runs queries and updates one at a time.
"""

from __future__ import annotations

import queue
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from terve_kunta.stores._process import WorkerProcess

__all__ = ["Pool"]


class Pool:
    """``size`` workers over the Oxigraph folder ``folder`` (one, for writing, if ``writable``)."""

    def __init__(self, folder: str, size: int, writable: bool) -> None:
        self.writable = writable
        count = 1 if writable else max(1, size)
        self._idle: queue.Queue[WorkerProcess] = queue.Queue()
        self._all: list[WorkerProcess] = []
        for number in range(count):
            worker = WorkerProcess(f"the server's worker {number + 1}", lambda: [("open", folder, not writable)])
            self._all.append(worker)
            worker.call(("size",))  # open it now: a folder that cannot be opened fails at start, not at a query
            self._idle.put(worker)
        self.size = count

    @contextmanager
    def worker(self) -> Iterator[WorkerProcess]:
        """An idle worker, for one request."""
        worker = self._idle.get()
        try:
            yield worker
        finally:
            self._idle.put(worker)

    def call(self, request: tuple[Any, ...], timeout: float | None) -> Any:
        """Send ``request`` to an idle worker; past ``timeout`` seconds the worker is killed (QueryTimeout)."""
        with self.worker() as worker:
            return worker.call(request, timeout)

    def close(self) -> None:
        """End every worker (a running query is killed)."""
        for worker in self._all:
            worker.kill()
