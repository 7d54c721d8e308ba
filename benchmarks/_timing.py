"""What the benchmark scripts share: a median time after a warm-up run, and the report of missed targets.

The scripts run as ``python benchmarks/NAME.py``, so this folder is on ``sys.path`` and
``import _timing`` finds this module.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_seconds(call: Callable[[], object], runs: int, clock: Callable[[], float] = time.process_time) -> float:
    """Median of ``runs`` timed calls of ``call`` after a warm-up call, by ``clock`` (default: this process's CPU)."""
    call()
    times = []
    for _ in range(runs):
        start = clock()
        call()
        times.append(clock() - start)
    return statistics.median(times)


def report(missed: list[str]) -> int:
    """Print each missed target (``MISS ...``) or that every target was met; the exit code: 1 if one was missed."""
    for line in missed:
        print(f"MISS {line}")
    if not missed:
        print("ok   every target met")
    return 1 if missed else 0
