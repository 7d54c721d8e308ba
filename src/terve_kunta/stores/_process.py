"""Run Oxigraph in a worker process that a time limit or Ctrl-C ends at once.

:class:`WorkerProcess` starts :mod:`._worker` (``python -I``, the same interpreter)
when first needed and sends it requests one at a time. While it waits for an answer
the calling thread stays in Python, so Ctrl-C (KeyboardInterrupt) arrives at once;
when a time limit passes or Ctrl-C arrives, the worker is killed, which stops the
query and frees its core, and the next request starts a new one. A worker also ends
when this process ends (its standard input closes; on Linux the kernel ends it too).

Talking to a worker costs a few tens of microseconds per request on top of the query;
``benchmarks/bench_queries.py`` measures it beside the plain in-process call.
"""

from __future__ import annotations

import contextlib
import queue
import subprocess
import sys
import threading
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from terve_kunta.errors import QuerySyntaxError, QueryTimeout, StoreError
from terve_kunta.stores._worker import read_message, write_message

__all__ = ["WorkerProcess"]

_SCRIPT = str(Path(__file__).with_name("_worker.py"))


class WorkerProcess:
    """A worker that holds one pyoxigraph store; ``opener()`` gives the requests that fill a new worker.

    ``name`` names the store in error messages. ``opener`` is called each time a
    worker starts (the first time, and after one was killed), so that every worker
    holds the store as it is then.
    """

    def __init__(self, name: str, opener: Callable[[], list[tuple[Any, ...]]]) -> None:
        self.name, self.opener = name, opener
        self._process: subprocess.Popen[bytes] | None = None
        self._answers: queue.Queue[Any] = queue.Queue()
        self._lock = threading.RLock()
        self.started = 0  # how many workers were started (a test reads it)

    @property
    def pid(self) -> int | None:
        """The worker's process id, while one runs."""
        return self._process.pid if self.running and self._process is not None else None

    @property
    def running(self) -> bool:
        """Whether a worker process is alive."""
        return self._process is not None and self._process.poll() is None

    def _start(self) -> None:
        process = subprocess.Popen(
            [sys.executable, "-I", _SCRIPT], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        self._process, self._answers = process, queue.Queue()
        self._finalizer = weakref.finalize(self, _end, process)  # when this object goes, or at exit
        self.started += 1
        assert process.stdout is not None
        threading.Thread(target=_read_answers, args=(process.stdout, self._answers), daemon=True).start()
        for request in self.opener():
            self._ask(request, None)

    def call(self, request: tuple[Any, ...], timeout: float | None = None) -> Any:
        """Send ``request`` and return the worker's answer; kill the worker if ``timeout`` seconds pass first."""
        with self._lock:
            if not self.running:
                self.stop()
                self._start()
            return self._ask(request, timeout)

    def _ask(self, request: tuple[Any, ...], timeout: float | None) -> Any:
        process = self._process
        assert process is not None and process.stdin is not None
        try:
            write_message(process.stdin, request)
        except OSError:
            raise self._died() from None
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            answer = self._wait(deadline, timeout)
        except BaseException:  # KeyboardInterrupt, the time limit: stop the query now
            self.kill()
            raise
        if answer is None:
            raise self._died()
        if answer[0] == "ok":
            return answer[1]
        kind, message = answer[1], answer[2]
        if kind == "syntax":
            raise QuerySyntaxError(f"Oxigraph cannot run the SPARQL: {message}")
        raise StoreError(f"{self.name}: {message}")

    def _wait(self, deadline: float | None, timeout: float | None) -> Any:
        while True:
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                raise QueryTimeout(f"{self.name}: the query ran past its time limit of {timeout:g} s and was stopped")
            try:  # short waits, so that Ctrl-C is seen at once on every platform
                return self._answers.get(timeout=0.2 if remaining is None else min(remaining, 0.2))
            except queue.Empty:
                continue

    def _died(self) -> StoreError:
        process = self._process
        detail = ""
        if process is not None:
            process.wait()
            if process.stderr is not None:
                text = process.stderr.read().decode("utf-8", "replace").strip().splitlines()
                detail = f": {text[-1]}" if text else f" (exit code {process.returncode})"
        self._process = None
        return StoreError(f"{self.name}: the Oxigraph worker process ended unexpectedly{detail}")

    def kill(self) -> None:
        """End the worker at once (a query in it stops); the next call starts another."""
        process, self._process = self._process, None
        if process is not None:
            process.kill()
            _end(process)

    def stop(self) -> None:
        """Close the store and end the worker; a worker that does not close within 10 s is killed."""
        with self._lock:
            process, self._process = self._process, None
            if process is not None:
                _end(process)


def _end(process: subprocess.Popen[bytes]) -> None:
    """Close the worker's input (it closes its store and exits), wait for it, and close the pipes."""
    if process.stdin is not None:
        with contextlib.suppress(OSError):
            process.stdin.close()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            stream.close()


def _read_answers(stream: IO[bytes], answers: queue.Queue[Any]) -> None:
    try:
        while (answer := read_message(stream)) is not None:
            answers.put(answer)
    except (OSError, ValueError):
        pass
    answers.put(None)
